import { describe, expect, it } from 'vitest';
import { authClient, json, laptop, PASSWORD, phone, uniqueEmail } from '../../test/auth-client.ts';
import { orgClient } from '../../test/org-client.ts';
import { tokenFromOutbox } from '../../test/outbox.ts';
import { testApp } from '../../test/test-app.ts';

const adminEmail = uniqueEmail('detail-root');
const app = testApp();
app.deps.config.ADMIN_EMAILS = [adminEmail];
const { request } = app;
const client = authClient(request);
const org = orgClient(request);

let adminToken: string | null = null;
async function admin(): Promise<string> {
  if (adminToken) return adminToken;
  await client.register(adminEmail);
  const token = await tokenFromOutbox(request, adminEmail, 'Confirm your email address');
  expect((await request('/api/auth/verify-email', json({ token }))).status).toBe(204);
  adminToken = (await client.login(adminEmail)).accessToken;
  return adminToken;
}

const get = async <T>(path: string, token: string, status = 200): Promise<T> => {
  const response = await request(path, { headers: { Authorization: `Bearer ${token}` } });
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
};
const del = (path: string, token: string) =>
  request(path, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });

interface Detail {
  user: { id: string; email: string; name: string; blocked: boolean; blockedReason?: string; blockedAt?: string };
  orgs: { id: string; name: string; role: string }[];
  sessions: { id: string; device: { browser: string; os: string }; ip: string }[];
}

interface Listing {
  users: { id: string; email: string; name: string }[];
  nextCursor: string | null;
  total: number;
}

describe('GET /api/admin/users/:id', () => {
  it('shows the account, its orgs and its live sessions; no password hash, no session secrets', async () => {
    const token = await admin();
    const { email, userId } = await client.register(uniqueEmail('detailed'), PASSWORD, 'Dee Tail');
    const first = await client.login(email, laptop);
    await client.login(email, phone);
    const orgId = await org.createOrg({ email, userId, token: first.accessToken }, 'Detail Org');

    const detail = await get<Detail>(`/api/admin/users/${userId}`, token);
    expect(detail.user).toMatchObject({ id: userId, email, name: 'Dee Tail', blocked: false });
    expect(detail.orgs).toEqual([{ id: orgId, name: 'Detail Org', role: 'owner' }]);
    expect(detail.sessions).toHaveLength(2);
    expect(detail.sessions.map((s) => s.ip).sort()).toEqual([laptop.ip, phone.ip].sort());
    expect(JSON.stringify(detail)).not.toMatch(/argon2|"pw"|"gen"|"nx"/);
  });

  it('answers 404 for an unknown or malformed id, and 403 to a non-admin asking about anyone', async () => {
    const token = await admin();
    expect((await get<{ code: string }>(`/api/admin/users/${'x'.repeat(22)}`, token, 404)).code).toBe('NOT_FOUND');
    expect((await get<{ code: string }>('/api/admin/users/..%2F..%2Fetc', token, 400)).code).toBe('VALIDATION_FAILED');
    const nosy = await client.login((await client.register(uniqueEmail('nosy'))).email);
    const target = await client.register(uniqueEmail('target'));
    expect((await get<{ code: string }>(`/api/admin/users/${target.userId}`, nosy.accessToken, 403)).code).toBe(
      'FORBIDDEN',
    );
    // Not even about themselves: their own data has its own routes.
    expect((await get<{ code: string }>(`/api/admin/users/${nosy.userId}`, nosy.accessToken, 403)).code).toBe(
      'FORBIDDEN',
    );
  });
});

describe('DELETE /api/admin/users/:id/sessions/:sessionId', () => {
  it('ends that one session at once, keeps the others, and records who did it', async () => {
    const token = await admin();
    const { email, userId } = await client.register(uniqueEmail('one-session'));
    const kept = await client.login(email, laptop);
    const ended = await client.login(email, phone);
    const { sessions } = await get<Detail>(`/api/admin/users/${userId}`, token);
    const target = sessions.find((s) => s.ip === phone.ip);
    expect(target).toBeDefined();

    expect((await del(`/api/admin/users/${userId}/sessions/${target?.id}`, token)).status).toBe(204);
    expect((await client.me(ended.accessToken)).status).toBe(401);
    expect((await client.me(kept.accessToken)).status).toBe(200);
    const { events } = await get<{ events: { type: string; by?: string; scope?: string }[] }>(
      `/api/admin/events?userId=${userId}`,
      token,
    );
    expect(events[0]).toMatchObject({ type: 'sessions.revoked', scope: 'one' });
    // Gone already, or never this user's: 404 either way, nothing touched.
    expect((await del(`/api/admin/users/${userId}/sessions/${target?.id}`, token)).status).toBe(404);
    const other = await client.register(uniqueEmail('other-user'));
    const keptId = sessions.find((s) => s.ip === laptop.ip)?.id;
    expect((await del(`/api/admin/users/${other.userId}/sessions/${keptId}`, token)).status).toBe(404);
    expect((await client.me(kept.accessToken)).status).toBe(200);
  });

  it('is refused to a non-admin, even for a session id they know', async () => {
    const { email, userId } = await client.register(uniqueEmail('victim'));
    const victim = await client.login(email);
    const me = (await (await client.me(victim.accessToken)).json()) as { session: { id: string } };
    const mallory = await client.login((await client.register(uniqueEmail('mallory'))).email);
    const refused = await del(`/api/admin/users/${userId}/sessions/${me.session.id}`, mallory.accessToken);
    expect(refused.status).toBe(403);
    expect((await client.me(victim.accessToken)).status).toBe(200);
  });
});

describe('GET /api/admin/users search and counts', () => {
  it('finds users by name prefix as well as email prefix, once each, with the total', async () => {
    const token = await admin();
    const tag = crypto.randomUUID().slice(0, 8);
    // One matches by email, one by name, one by both (listed once, among the email matches).
    const byEmail = await client.register(`zq${tag}-mail@example.test`, PASSWORD, 'Someone Else');
    const byName = await client.register(uniqueEmail('named'), PASSWORD, `Zq${tag} Named`);
    const both = await client.register(`zq${tag}-both@example.test`, PASSWORD, `zq${tag} Both`);
    const found = await get<Listing>(`/api/admin/users?query=ZQ${tag}`, token);
    expect(found.users.map((u) => u.id)).toEqual([both.userId, byEmail.userId, byName.userId]);
    expect(found.nextCursor).toBeNull();
    expect(found.total).toBeGreaterThanOrEqual(3);

    // Paged one at a time, across both indexes, without repeats.
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 6; i += 1) {
      const page = await get<Listing>(`/api/admin/users?query=zq${tag}&limit=1&cursor=${cursor}`, token);
      seen.push(...page.users.map((u) => u.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([both.userId, byEmail.userId, byName.userId]);
  });

  it('follows a rename and forgets a deleted account', async () => {
    const token = await admin();
    const tag = crypto.randomUUID().slice(0, 8);
    const user = await org.account('renamed');
    await org.call(user, 'PATCH', '/auth/me', { name: `Qx${tag} New` });
    const found = await get<Listing>(`/api/admin/users?query=qx${tag}`, token);
    expect(found.users.map((u) => u.id)).toEqual([user.userId]);
    await org.call(user, 'PATCH', '/auth/me', { name: 'Plain' });
    expect((await get<Listing>(`/api/admin/users?query=qx${tag}`, token)).users).toEqual([]);
    await org.call(user, 'PATCH', '/auth/me', { name: `Qx${tag} Again` });
    expect((await org.call(user, 'DELETE', '/auth/me')).status).toBe(204);
    expect((await get<Listing>(`/api/admin/users?query=qx${tag}`, token)).users).toEqual([]);
    await get(`/api/admin/users/${user.userId}`, token, 404);
  });
});
