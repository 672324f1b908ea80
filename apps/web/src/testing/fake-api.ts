import type { MeResponse } from '../api/api-types.ts';

interface Call {
  method: string;
  path: string;
  authorization: string | null;
}

type Handler = (request: Request, call: Call) => Response | Promise<Response>;

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

export const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  new Response(JSON.stringify({ type: 'about:blank', title: code, status, code, ...extra }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });

/**
 * A stand-in for the API in unit tests, stubbed in as the global `fetch` (the one ofetch calls).
 * It keeps one session: a refresh cookie that is valid or not, and the one access token that is
 * currently accepted; every other token gets 401 like an expired one.
 */
export class FakeApi {
  readonly calls: Call[] = [];
  cookieValid = true;
  /** The token the API accepts now; a refresh replaces it. */
  validToken: string | null = null;
  expiresIn = 600;
  refreshes = 0;
  /** Resolve to let pending refreshes answer (so tests can pile requests up behind one). */
  refreshGate: Promise<void> = Promise.resolve();
  permissionsVersion = 'v1';
  me: Omit<MeResponse, 'permissionsVersion'> = {
    user: {
      id: 'user-1',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      emailVerified: true,
      platformRole: 'user',
      createdAt: '2026-01-01T00:00:00.000Z',
      hasPassword: true,
    },
    session: { id: 'session-1' },
    platformRole: 'user',
    orgs: [{ id: 'org-1', name: 'Acme', role: 'member' }],
  };
  private readonly routes = new Map<string, Handler>();

  constructor() {
    this.route('POST /api/auth/refresh', async () => {
      this.refreshes += 1;
      await this.refreshGate;
      if (!this.cookieValid) return problem(401, 'UNAUTHENTICATED');
      this.validToken = `token-${this.refreshes}`;
      return json({ accessToken: this.validToken, tokenType: 'Bearer', expiresIn: this.expiresIn });
    });
    this.route('POST /api/auth/login', async (request) => {
      const body = (await request.json()) as { password?: string };
      if (body.password !== 'correct horse') return problem(401, 'INVALID_CREDENTIALS');
      this.cookieValid = true;
      this.validToken = 'token-login';
      return json({ accessToken: this.validToken, tokenType: 'Bearer', expiresIn: this.expiresIn, user: this.me.user });
    });
    this.route('POST /api/auth/logout', () => {
      this.cookieValid = false;
      this.validToken = null;
      return new Response(null, { status: 204 });
    });
    this.authenticated('GET /api/auth/me', () => json({ ...this.me, permissionsVersion: this.permissionsVersion }));
    this.authenticated('GET /api/sessions', () => json({ sessions: [] }));
  }

  /** Answers `METHOD /path` (query ignored). */
  route(key: string, handler: Handler): void {
    this.routes.set(key, handler);
  }

  /** Like `route`, behind bearer authentication, with the permissions version header. */
  authenticated(key: string, handler: Handler): void {
    this.route(key, async (request, call) => {
      if (!this.validToken || call.authorization !== `Bearer ${this.validToken}`) {
        return problem(401, 'UNAUTHENTICATED');
      }
      const response = await handler(request, call);
      response.headers.set('X-Permissions-Version', this.permissionsVersion);
      return response;
    });
  }

  callsTo(path: string): Call[] {
    return this.calls.filter((call) => call.path === path);
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(new URL(String(input instanceof Request ? input.url : input), 'http://app.test'), init);
    const url = new URL(request.url);
    const call = { method: request.method, path: url.pathname, authorization: request.headers.get('Authorization') };
    this.calls.push(call);
    const handler = this.routes.get(`${request.method} ${url.pathname}`);
    return handler ? handler(request, call) : problem(404, 'NOT_FOUND');
  };
}
