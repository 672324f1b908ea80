import { afterEach, describe, expect, it, vi } from 'vitest';
import { settle, type TestApp, testApp } from '../testing/signed-in.ts';
import { api } from './api-client.ts';
import { ApiProblem } from './api-problem.ts';

let app: TestApp;

afterEach(() => {
  app?.stop();
  vi.unstubAllGlobals();
});

/** The token the app holds stops being accepted, as when it expires. */
function expireToken(): void {
  app.api.validToken = 'issued-elsewhere';
}

function gateRefresh(): () => void {
  let open = () => {};
  app.api.refreshGate = new Promise<void>((resolve) => {
    open = resolve;
  });
  return open;
}

describe('api client', () => {
  it('answers concurrent 401s with exactly one refresh and replays every request once', async () => {
    app = await testApp();
    const before = app.api.refreshes;
    expireToken();
    const open = gateRefresh();

    const requests = Promise.all([
      api.get('/api/auth/me'),
      api.get('/api/sessions'),
      api.get('/api/auth/me'),
      api.get('/api/sessions'),
    ]);
    await settle();
    open();
    const [me, sessions] = await requests;

    expect(app.api.refreshes - before).toBe(1);
    expect(me.user.id).toBe('user-1');
    expect(sessions.sessions).toEqual([]);
    // Four first tries with the stale token, four replays with the new one — no more.
    const calls = [...app.api.callsTo('/api/auth/me'), ...app.api.callsTo('/api/sessions')].slice(-8);
    expect(calls.filter((call) => call.authorization === `Bearer ${app.api.validToken}`)).toHaveLength(4);
  });

  it('replays a request whose 401 arrives after the refresh finished, without refreshing again', async () => {
    app = await testApp();
    let release = () => {};
    const slowGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    app.api.authenticated('GET /api/auth/events', () => Response.json({ events: [] }));
    const slowHandler = app.api.fetch;
    let slowSent = false;
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).includes('/api/auth/events') && !slowSent) {
        slowSent = true;
        await slowGate; // answered only after the token has been replaced
      }
      return slowHandler(input, init);
    });
    const before = app.api.refreshes;
    expireToken();

    const slow = api.get('/api/auth/events');
    await settle();
    await api.get('/api/sessions'); // 401 → the one refresh → replayed
    release();

    await expect(slow).resolves.toEqual({ events: [] });
    expect(app.api.refreshes - before).toBe(1);
  });

  it('clears the session and sends the person to /login?next=… when the refresh fails', async () => {
    app = await testApp();
    await app.router.push('/devices');
    expireToken();
    app.api.cookieValid = false;

    const failure = await api.get('/api/sessions').catch((error: unknown) => error);
    await settle();

    expect(failure).toBeInstanceOf(ApiProblem);
    expect(app.session.status).toBe('signed-out');
    expect(app.session.endReason).toBe('expired');
    expect(app.session.user).toBeNull();
    await vi.waitFor(() => expect(app.router.currentRoute.value.fullPath).toBe('/login?next=/devices'));
  });

  it('signs out when even a freshly refreshed token is refused', async () => {
    app = await testApp();
    app.api.route('GET /api/auth/events', () =>
      Response.json({ code: 'SESSION_REVOKED', status: 401, title: 'x', type: 'x' }, { status: 401 }),
    );

    await expect(api.get('/api/auth/events')).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
    expect(app.session.status).toBe('signed-out');
  });

  it.each([
    ['login', '/api/auth/login', { email: 'ada@example.com', password: 'wrong' }],
    ['logout', '/api/auth/logout', {}],
    ['refresh', '/api/auth/refresh', {}],
  ] as const)('never refreshes on a 401 from %s', async (_, path, body) => {
    app = await testApp();
    app.api.cookieValid = false;
    app.api.route(`POST ${path}`, () =>
      Response.json({ code: 'UNAUTHENTICATED', status: 401, title: 'x', type: 'x' }, { status: 401 }),
    );
    const before = app.api.refreshes;

    await expect(api.post(path, { body })).rejects.toMatchObject({ status: 401 });
    expect(app.api.refreshes).toBe(before);
    expect(app.session.status).toBe('signed-in');
  });

  it('does not retry a failed GET (ofetch would retry 5xx by default)', async () => {
    app = await testApp();
    app.api.route('GET /api/auth/events', () =>
      Response.json({ code: 'STORE_UNAVAILABLE', status: 503, title: 'x', type: 'x' }, { status: 503 }),
    );

    await expect(api.get('/api/auth/events')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(app.api.callsTo('/api/auth/events')).toHaveLength(1);
  });

  it('fills in a path’s :names encoded, so that an id cannot lead to another route', async () => {
    app = await testApp();
    app.api.authenticated('GET /api/orgs/a%2F..%2Fb%3Fc/members', () => Response.json({ members: [] }));

    await expect(api.get('/api/orgs/:orgId/members', { params: { orgId: 'a/../b?c' } })).resolves.toEqual({
      members: [],
    });
  });

  it('keeps the session when the refresh cannot reach the server', async () => {
    app = await testApp();
    expireToken();
    app.api.route('POST /api/auth/refresh', () => {
      throw new TypeError('Failed to fetch');
    });

    await expect(api.get('/api/sessions')).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    expect(app.session.status).toBe('signed-in');
  });

  it('reloads who-am-I once when an answer carries a new permissions version', async () => {
    app = await testApp();
    const meCalls = app.api.callsTo('/api/auth/me').length;
    app.api.permissionsVersion = 'v2';
    app.api.me = { ...app.api.me, orgs: [{ id: 'org-1', name: 'Acme', role: 'viewer' }] };

    await Promise.all([api.get('/api/sessions'), api.get('/api/sessions')]);
    await settle();

    expect(app.orgStore.permissionsVersion).toBe('v2');
    expect(app.orgStore.orgs[0]?.role).toBe('viewer');
    expect(app.api.callsTo('/api/auth/me').length - meCalls).toBe(1);
  });
});
