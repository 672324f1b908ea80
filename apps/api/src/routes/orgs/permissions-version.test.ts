import { describe, expect, it } from 'vitest';
import { type Account, orgClient } from '../../../test/org-client.ts';
import { testApp } from '../../../test/test-app.ts';

const { request } = testApp();
const org = orgClient(request);
const HEADER = 'X-Permissions-Version';

/** Runs `change` and says whether `who`'s permissions version moved. */
async function moves(who: Account, change: () => Promise<unknown>): Promise<boolean> {
  const before = await org.permissionsVersion(who);
  await change();
  return (await org.permissionsVersion(who)) !== before;
}

describe('permissionsVersion', () => {
  it('changes when the caller joins, changes role in, or leaves an org, and when their org is deleted', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const user = await org.account('user');
    const { token } = await org.invite(owner, orgId, user.email, 'viewer');
    expect(await moves(user, () => org.accept(user, token))).toBe(true);
    expect(
      await moves(user, () => org.call(owner, 'PATCH', `/orgs/${orgId}/members/${user.userId}`, { role: 'member' })),
    ).toBe(true);
    expect(await moves(user, () => org.call(user, 'DELETE', `/orgs/${orgId}/members/${user.userId}`))).toBe(true);

    const other = await org.createOrg(owner, 'Other');
    await org.json(await org.accept(user, (await org.invite(owner, other, user.email, 'member')).token), 200);
    expect(await moves(user, () => org.call(owner, 'DELETE', `/orgs/${other}`))).toBe(true);
    const me = await org.json<{ orgs: unknown[] }>(await org.call(user, 'GET', '/auth/me'), 200);
    expect(me.orgs).toEqual([]);
  });

  it('stays put when nothing about the caller’s permissions changed', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const member = await org.member(owner, orgId, 'member');
    const other = await org.member(owner, orgId, 'member', 'other');
    expect(await moves(member, () => org.post(member, orgId))).toBe(false);
    expect(
      await moves(member, () => org.call(owner, 'PATCH', `/orgs/${orgId}/members/${other.userId}`, { role: 'viewer' })),
    ).toBe(false);
  });

  it('rides on every authenticated response, errors included, and matches /api/auth/me', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const viewer = await org.member(owner, orgId, 'viewer');
    const version = await org.permissionsVersion(viewer);
    const me = await org.call(viewer, 'GET', '/auth/me');
    expect(me.headers.get(HEADER)).toBe(version);
    for (const [method, path, status] of [
      ['GET', `/orgs/${orgId}/posts`, 200],
      ['GET', '/orgs', 200],
      ['GET', '/sessions', 200],
      ['POST', `/orgs/${orgId}/posts`, 403],
      ['GET', `/orgs/${orgId}/posts/${'x'.repeat(22)}`, 404],
      ['GET', `/orgs/${'y'.repeat(22)}`, 404],
    ] as const) {
      const response = await org.call(viewer, method, path, method === 'POST' ? { title: 'No' } : undefined);
      expect(response.status, path).toBe(status);
      expect(response.headers.get(HEADER), `${method} ${path}`).toBe(version);
    }
  });

  it('reports the caller’s new version in the response to their own change', async () => {
    const user = await org.account('user');
    const created = await org.call(user, 'POST', '/orgs', { name: 'Mine' });
    expect(created.status).toBe(201);
    expect(created.headers.get(HEADER)).toBe(await org.permissionsVersion(user));
    const mine = ((await created.json()) as { org: { id: string } }).org.id;
    const other = await org.member(user, mine, 'owner', 'co-owner');
    const demoted = await org.call(user, 'PATCH', `/orgs/${mine}/members/${user.userId}`, { role: 'admin' });
    expect(demoted.status).toBe(200);
    expect(demoted.headers.get(HEADER)).toBe(await org.permissionsVersion(user));
    expect(other.userId).toBeTruthy();
  });

  it('is absent without authentication', async () => {
    const response = await org.call(null, 'GET', '/orgs');
    expect(response.status).toBe(401);
    expect(response.headers.get(HEADER)).toBeNull();
  });
});
