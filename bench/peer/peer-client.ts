/**
 * The calls the bench makes to Better Auth outside the load runs, the way its browser client
 * makes them (JSON bodies, its session cookie). Any unexpected answer throws. `get-session`
 * answers 200 with `null` for a missing, revoked or expired session, so a 200 alone proves
 * nothing: the checks here read the body, and the bench checks the cookie before and after
 * every load run.
 */
import { BENCH_PASSWORD, deviceHeaders } from '../lib/api-client.ts';

const PEER_SESSION_COOKIE = 'better-auth.session_token';

async function expectOk(response: Response, what: string): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (response.status !== 200) throw new Error(`${what}: expected 200, got ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

/**
 * Every cookie the answer set, as a browser's Cookie header would carry them: the session token
 * and, were the cookie cache on, the signed session data that lets it skip Redis.
 */
function cookiesOf(response: Response, what: string): string {
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';', 1)[0] ?? '');
  if (!cookies.some((cookie) => cookie.startsWith(`${PEER_SESSION_COOKIE}=`))) {
    throw new Error(`${what}: no ${PEER_SESSION_COOKIE} cookie`);
  }
  return cookies.join('; ');
}

export function peerClient(baseUrl: string) {
  /**
   * A POST as its browser client sends it: with the page's Origin. Node's fetch, like a browser,
   * adds `Sec-Fetch-Mode`, and with Fetch Metadata present Better Auth requires a trusted Origin
   * (its CSRF check); its own is one.
   */
  const post = (body: unknown, headers: Record<string, string>): RequestInit => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: baseUrl, ...headers },
    body: JSON.stringify(body),
  });
  const client = {
    async signUp(email: string, name: string): Promise<void> {
      const response = await fetch(
        `${baseUrl}/api/auth/sign-up/email`,
        post({ email, password: BENCH_PASSWORD, name }, {}),
      );
      await expectOk(response, `sign-up ${email}`);
    },

    /** A new session; its cookies. */
    async signIn(email: string, userAgent: string): Promise<string> {
      const response = await fetch(
        `${baseUrl}/api/auth/sign-in/email`,
        post({ email, password: BENCH_PASSWORD }, deviceHeaders(userAgent)),
      );
      await expectOk(response, `sign-in ${email}`);
      return cookiesOf(response, `sign-in ${email}`);
    },

    /** The session's user's email, or null when Better Auth refuses the session. */
    async sessionEmail(cookie: string, userAgent: string): Promise<string | null> {
      const response = await fetch(`${baseUrl}/api/auth/get-session`, {
        headers: { ...deviceHeaders(userAgent), Cookie: cookie },
      });
      const body = (await expectOk(response, 'get-session')) as { user?: { email?: string } } | null;
      return body?.user?.email ?? null;
    },

    async getSession(cookie: string, email: string, userAgent: string): Promise<void> {
      const found = await client.sessionEmail(cookie, userAgent);
      if (found !== email) throw new Error(`get-session: expected the session of ${email}, got ${found}`);
    },

    async signOut(cookie: string, userAgent: string): Promise<void> {
      const response = await fetch(
        `${baseUrl}/api/auth/sign-out`,
        post({}, { ...deviceHeaders(userAgent), Cookie: cookie }),
      );
      await expectOk(response, 'sign-out');
    },

    /**
     * Proves the configuration the comparison relies on: a copy of a session's cookies is refused
     * on the very next request once the session is signed out, as ours is. With the cookie cache
     * on it would still pass (from the signed session data, without a store read) until the
     * cached data expires.
     */
    async checkRevocationBites(email: string, userAgent: string): Promise<void> {
      const cookie = await client.signIn(email, userAgent);
      await client.getSession(cookie, email, userAgent);
      await client.signOut(cookie, userAgent);
      const after = await client.sessionEmail(cookie, userAgent);
      if (after !== null) throw new Error('Better Auth still answers a signed-out session: is its cookie cache on?');
    },
  };
  return client;
}

export type PeerClient = ReturnType<typeof peerClient>;
