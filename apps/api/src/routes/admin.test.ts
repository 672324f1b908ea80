import { describe, expect, it } from 'vitest';
import { authClient, json, PASSWORD, uniqueEmail } from '../../test/auth-client.ts';
import { tokenFromOutbox } from '../../test/outbox.ts';
import { testApp } from '../../test/test-app.ts';

const adminEmail = uniqueEmail('root');
const app = testApp();
app.deps.config.ADMIN_EMAILS = [adminEmail];
const { request } = app;
const client = authClient(request);

const as = (accessToken: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${accessToken}` },
});

/** Follows the verification link the address was sent: proves the mailbox. */
async function verify(email: string) {
  const token = await tokenFromOutbox(request, email, 'Confirm your email address');
  expect((await request('/api/auth/verify-email', json({ token }))).status).toBe(204);
}

async function signedInAdmin() {
  // Registration is idempotent across tests through the shared email: create once.
  const existing = await request('/api/auth/login', json({ email: adminEmail, password: PASSWORD }));
  if (existing.status !== 200) {
    await client.register(adminEmail);
    await verify(adminEmail);
  }
  return client.login(adminEmail);
}

const meOf = async (accessToken: string) => (await (await client.me(accessToken)).json()) as object;

describe('platform administration', () => {
  it('gives the platform admin role to a verified email listed in ADMIN_EMAILS', async () => {
    const root = await signedInAdmin();
    const me = (await (await client.me(root.accessToken)).json()) as { platformRole: string };
    expect(me.platformRole).toBe('admin');
  });

  // Broke: whoever registered a listed address first was platform admin, mailbox or not.
  it('gives an ADMIN_EMAILS address no admin power until its owner follows the verification link', async () => {
    const squatted = uniqueEmail('root');
    app.deps.config.ADMIN_EMAILS.push(squatted);
    await client.register(squatted);
    const squatter = await client.login(squatted);
    const target = (await client.register()).userId;
    const routes: [string, string][] = [
      ['GET', '/api/admin/users'],
      ['POST', `/api/admin/users/${target}/block`],
      ['POST', `/api/admin/users/${target}/unblock`],
      ['DELETE', `/api/admin/users/${target}/sessions`],
      ['GET', `/api/admin/events?userId=${target}`],
    ];
    for (const [method, path] of routes) {
      const body = method === 'POST' ? { body: '{}', headers: { 'Content-Type': 'application/json' } } : {};
      const response = await request(path, as(squatter.accessToken, { method, ...body }));
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await meOf(squatter.accessToken)).toMatchObject({
      platformRole: 'user',
      user: { platformRole: 'user', emailVerified: false },
    });

    // The mailbox's owner verifies: the role applies from the very next request of the same session.
    await verify(squatted);
    expect(await meOf(squatter.accessToken)).toMatchObject({ platformRole: 'admin', user: { platformRole: 'admin' } });
    expect((await request('/api/admin/users', as(squatter.accessToken))).status).toBe(200);
  });

  // Broke: an admin could unblock their own account (blocking oneself was already refused).
  it('refuses an admin blocking or unblocking themselves with 409 CONFLICT', async () => {
    const root = await signedInAdmin();
    for (const action of ['block', 'unblock']) {
      const response = await request(`/api/admin/users/${root.userId}/${action}`, as(root.accessToken, json({})));
      expect(response.status, action).toBe(409);
      expect(await response.json()).toMatchObject({ code: 'CONFLICT', detail: `You cannot ${action} yourself.` });
    }
    expect((await client.me(root.accessToken)).status).toBe(200);
  });

  it('answers 403 FORBIDDEN to a non-admin on every admin route', async () => {
    const user = await client.login((await client.register()).email);
    const target = (await client.register()).userId;
    const routes: [string, string][] = [
      ['GET', '/api/admin/users'],
      ['POST', `/api/admin/users/${target}/block`],
      ['POST', `/api/admin/users/${target}/unblock`],
      ['DELETE', `/api/admin/users/${target}/sessions`],
      ['GET', `/api/admin/events?userId=${target}`],
    ];
    for (const [method, path] of routes) {
      const body = method === 'POST' ? { body: '{}', headers: { 'Content-Type': 'application/json' } } : {};
      const response = await request(path, as(user.accessToken, { method, ...body }));
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('answers 401 without a token', async () => {
    expect((await request('/api/admin/users')).status).toBe(401);
  });

  it('blocks: live sessions die on their next request, login and refresh are refused; unblock restores login', async () => {
    const root = await signedInAdmin();
    const { email, userId } = await client.register();
    const victim = await client.login(email);

    const blocked = await request(
      `/api/admin/users/${userId}/block`,
      as(root.accessToken, json({ reason: 'chargeback fraud' })),
    );
    expect(blocked.status).toBe(204);

    expect((await client.me(victim.accessToken)).status).toBe(401);
    expect((await client.refresh(victim.refreshToken)).status).toBe(401);
    const login = await request('/api/auth/login', json({ email, password: PASSWORD }));
    expect(login.status).toBe(403);
    expect(await login.json()).toMatchObject({ code: 'ACCOUNT_BLOCKED' });
    // A wrong password still says only "invalid credentials": being blocked is not disclosed to guessers.
    const wrong = await request('/api/auth/login', json({ email, password: 'not the password' }));
    expect(await wrong.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });

    const listed = (await (
      await request(`/api/admin/users?query=${encodeURIComponent(email)}`, as(root.accessToken))
    ).json()) as { users: { id: string; blocked: boolean; blockedReason?: string }[] };
    expect(listed.users).toEqual([
      expect.objectContaining({ id: userId, blocked: true, blockedReason: 'chargeback fraud' }),
    ]);

    expect((await request(`/api/admin/users/${userId}/unblock`, as(root.accessToken, json({})))).status).toBe(204);
    expect((await request('/api/auth/login', json({ email, password: PASSWORD }))).status).toBe(200);

    const events = (await (await request(`/api/admin/events?userId=${userId}`, as(root.accessToken))).json()) as {
      events: { type: string }[];
    };
    expect(events.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['account.blocked', 'account.unblocked', 'login.succeeded']),
    );

    // On the user's own list, block and unblock read as an administrator's doing, without the
    // administrator's address or browser.
    const victimAgain = await client.login(email);
    const own = (await (await request('/api/auth/events', as(victimAgain.accessToken))).json()) as {
      events: { type: string; ip: string; userAgent: string; actor?: string }[];
    };
    for (const type of ['account.blocked', 'account.unblocked']) {
      expect(own.events.find((event) => event.type === type)).toMatchObject({ actor: 'admin', ip: '', userAgent: '' });
    }
  });

  it('revokes every session of a user', async () => {
    const root = await signedInAdmin();
    const { email, userId } = await client.register();
    const a = await client.login(email);
    const b = await client.login(email);
    expect(
      (await request(`/api/admin/users/${userId}/sessions`, as(root.accessToken, { method: 'DELETE' }))).status,
    ).toBe(204);
    expect((await client.me(a.accessToken)).status).toBe(401);
    expect((await client.me(b.accessToken)).status).toBe(401);
    expect((await client.me(root.accessToken)).status).toBe(200);
  });

  it('answers 404 for a user that does not exist', async () => {
    const root = await signedInAdmin();
    const ghost = 'AAAAAAAAAAAAAAAAAAAAAA';
    expect((await request(`/api/admin/users/${ghost}/block`, as(root.accessToken, json({})))).status).toBe(404);
    expect((await request(`/api/admin/users/${ghost}/unblock`, as(root.accessToken, json({})))).status).toBe(404);
    expect(
      (await request(`/api/admin/users/${ghost}/sessions`, as(root.accessToken, { method: 'DELETE' }))).status,
    ).toBe(404);
  });

  it('searches users by email prefix and pages with an opaque cursor', async () => {
    const root = await signedInAdmin();
    const tag = `page${crypto.randomUUID().slice(0, 6)}`;
    const emails = [];
    for (let i = 0; i < 5; i++) emails.push((await client.register(`${tag}-${i}@example.test`)).email);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/admin/users?query=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await (await request(query, as(root.accessToken))).json()) as {
        users: { email: string }[];
        nextCursor: string | null;
      };
      expect(page.users.length).toBeLessThanOrEqual(2);
      seen.push(...page.users.map((user) => user.email));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(emails.sort());
  });

  it('refuses a forged cursor with 400', async () => {
    const root = await signedInAdmin();
    const response = await request('/api/admin/users?cursor=%%%', as(root.accessToken));
    expect(response.status).toBe(400);
  });
});
