/**
 * The few API calls the bench makes outside the load runs (fixtures and round-trip counting), the
 * way a browser would make them. Any unexpected status throws: a bench that measures error
 * answers would report nonsense.
 */

export const REFRESH_COOKIE = '__Secure-refresh';
export const BENCH_PASSWORD = 'bench: correct horse battery staple';

/**
 * Headers a browser behind Cloudflare would send. The Worker takes the client address from
 * CF-Connecting-IP (Node's API uses the socket's): one from 198.18.0.0/15, the block RFC 2544 sets
 * aside for benchmarks, so it is nobody's test address.
 */
export function deviceHeaders(userAgent: string, ip = '198.18.0.7'): Record<string, string> {
  return { 'User-Agent': userAgent, 'CF-Connecting-IP': ip };
}

export interface LoggedIn {
  userId: string;
  accessToken: string;
  refreshToken: string;
}

async function expectStatus(response: Response, status: number, what: string): Promise<void> {
  if (response.status === status) return;
  const text = await response.text().catch(() => '');
  throw new Error(`${what}: expected ${status}, got ${response.status} ${text.slice(0, 300)}`);
}

function refreshTokenOf(response: Response): string | null {
  for (const cookie of response.headers.getSetCookie()) {
    const match = new RegExp(`^${REFRESH_COOKIE}=([^;]+)`).exec(cookie);
    if (match?.[1]) return match[1];
  }
  return null;
}

const json = (body: unknown, headers: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export function apiClient(baseUrl: string) {
  return {
    async register(email: string, name: string): Promise<string> {
      const response = await fetch(`${baseUrl}/api/auth/register`, json({ email, password: BENCH_PASSWORD, name }, {}));
      await expectStatus(response, 201, `register ${email}`);
      const body = (await response.json()) as { user: { id: string } };
      return body.user.id;
    },

    async login(email: string, userAgent: string, ip?: string): Promise<LoggedIn> {
      const response = await fetch(
        `${baseUrl}/api/auth/login`,
        json({ email, password: BENCH_PASSWORD }, deviceHeaders(userAgent, ip)),
      );
      await expectStatus(response, 200, `login ${email}`);
      const body = (await response.json()) as { accessToken: string; user: { id: string } };
      const refreshToken = refreshTokenOf(response);
      if (!refreshToken) throw new Error(`login ${email}: no refresh cookie`);
      return { userId: body.user.id, accessToken: body.accessToken, refreshToken };
    },

    /** One rotation; the next token of the chain. */
    async refresh(refreshToken: string, userAgent: string): Promise<string> {
      const response = await fetch(
        `${baseUrl}/api/auth/refresh`,
        json({}, { ...deviceHeaders(userAgent), Cookie: `${REFRESH_COOKIE}=${refreshToken}` }),
      );
      await expectStatus(response, 200, 'refresh');
      await response.body?.cancel();
      const next = refreshTokenOf(response);
      if (!next) throw new Error('refresh: answered 200 without rotating (a grace answer); the chain is broken');
      return next;
    },

    async me(accessToken: string, userAgent: string): Promise<void> {
      const response = await fetch(`${baseUrl}/api/auth/me`, {
        headers: { ...deviceHeaders(userAgent), Authorization: `Bearer ${accessToken}` },
      });
      await expectStatus(response, 200, 'me');
      await response.body?.cancel();
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
