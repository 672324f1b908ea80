import { describe, expect, it } from 'vitest';
import { type Account, orgClient } from '../../../test/org-client.ts';
import { testApp } from '../../../test/test-app.ts';

const { request } = testApp();
const org = orgClient(request);

interface Member {
  userId: string;
  email: string;
  role: string;
  roleName: string;
}

async function membersOf(who: Account, orgId: string): Promise<Member[]> {
  return (await org.json<{ members: Member[] }>(await org.call(who, 'GET', `/orgs/${orgId}/members`), 200)).members;
}

const setRole = (who: Account, orgId: string, target: Account, role: string) =>
  org.call(who, 'PATCH', `/orgs/${orgId}/members/${target.userId}`, { role });
const remove = (who: Account, orgId: string, target: Account) =>
  org.call(who, 'DELETE', `/orgs/${orgId}/members/${target.userId}`);

describe('org members', () => {
  it('lists members with email, name and role, oldest first', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const viewer = await org.member(owner, orgId, 'viewer');
    const members = await membersOf(viewer, orgId);
    expect(members).toEqual([
      expect.objectContaining({
        userId: owner.userId,
        email: owner.email,
        name: 'Test User',
        role: 'owner',
        roleName: 'Owner',
      }),
      expect.objectContaining({ userId: viewer.userId, email: viewer.email, role: 'viewer', roleName: 'Viewer' }),
    ]);
    expect(members[0]).toHaveProperty('joinedAt', expect.stringMatching(/Z$/));
  });

  it('applies a demotion on the very next request, with the same access token', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const admin = await org.member(owner, orgId, 'admin');
    const first = await org.post(owner, orgId);
    const second = await org.post(owner, orgId);
    expect((await org.call(admin, 'DELETE', `/orgs/${orgId}/posts/${first}`)).status).toBe(204);

    await org.json(await setRole(owner, orgId, admin, 'viewer'), 200);
    const denied = await org.call(admin, 'DELETE', `/orgs/${orgId}/posts/${second}`);
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers the changed member in full', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const member = await org.member(owner, orgId, 'member');
    const body = await org.json(await setRole(owner, orgId, member, 'admin'), 200);
    expect(body).toEqual({
      member: expect.objectContaining({ userId: member.userId, email: member.email, role: 'admin', roleName: 'Admin' }),
    });
  });

  it('refuses to remove or demote the last owner with 409, and allows it once there is another owner', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    for (const response of [await setRole(owner, orgId, owner, 'admin'), await remove(owner, orgId, owner)]) {
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ code: 'CONFLICT' });
    }
    const second = await org.member(owner, orgId, 'owner', 'second-owner');
    await org.json(await setRole(owner, orgId, owner, 'admin'), 200);
    // Now `second` is the last owner.
    expect((await remove(second, orgId, second)).status).toBe(409);
    expect((await membersOf(second, orgId)).filter((m) => m.role === 'owner').map((m) => m.userId)).toEqual([
      second.userId,
    ]);
  });

  it('never leaves zero owners when the last two owners demote each other at the same time', async () => {
    for (let round = 0; round < 3; round += 1) {
      const a = await org.account('owner-a');
      const orgId = await org.createOrg(a);
      const b = await org.member(a, orgId, 'owner', 'owner-b');
      const [ab, ba] = await Promise.all([setRole(a, orgId, b, 'admin'), setRole(b, orgId, a, 'admin')]);
      expect([ab.status, ba.status].sort()).toEqual([200, 409]);
      const owners = (await membersOf(a, orgId)).filter((m) => m.role === 'owner');
      expect(owners).toHaveLength(1);
    }
  });

  it('never leaves zero owners when the last two owners remove each other at the same time', async () => {
    const a = await org.account('owner-a');
    const orgId = await org.createOrg(a);
    const b = await org.member(a, orgId, 'owner', 'owner-b');
    const [ab, ba] = await Promise.all([remove(a, orgId, b), remove(b, orgId, a)]);
    expect([ab.status, ba.status].sort()).toEqual([204, 409]);
    const survivor = ab.status === 204 ? a : b;
    expect((await membersOf(survivor, orgId)).map((m) => m.role)).toEqual(['owner']);
  });

  it('lets only holders of members.manage-owners make, demote or remove owners', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const admin = await org.member(owner, orgId, 'admin');
    const member = await org.member(owner, orgId, 'member');
    const coOwner = await org.member(owner, orgId, 'owner', 'co-owner');
    for (const response of [
      await setRole(admin, orgId, member, 'owner'),
      await setRole(admin, orgId, coOwner, 'member'),
      await remove(admin, orgId, coOwner),
      await setRole(admin, orgId, admin, 'owner'),
    ]) {
      expect(response.status).toBe(403);
    }
    expect((await setRole(owner, orgId, member, 'owner')).status).toBe(200);
  });

  it('does not let anyone hand out or take away a custom role stronger than their own', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    // A custom role that may manage members (and holds all a viewer has) but not read the audit
    // log, and one that may.
    const managers = await org.customRole(owner, orgId, [
      'org.read',
      'posts.read',
      'members.read',
      'members.update',
      'members.remove',
    ]);
    const auditors = await org.customRole(owner, orgId, ['members.read', 'audit.read']);
    const manager = await org.member(owner, orgId, managers, 'manager');
    const auditor = await org.member(owner, orgId, auditors, 'auditor');
    const viewer = await org.member(owner, orgId, 'viewer');

    expect((await setRole(manager, orgId, viewer, auditors)).status).toBe(403);
    expect((await setRole(manager, orgId, auditor, 'viewer')).status).toBe(403);
    expect((await remove(manager, orgId, auditor)).status).toBe(403);
    // Within their own grants it works.
    expect((await setRole(manager, orgId, viewer, managers)).status).toBe(200);
  });

  it('answers 400 for a role the org does not have, and 404 for someone who is not a member', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const member = await org.member(owner, orgId, 'member');
    const stranger = await org.account('stranger');
    const unknownRole = await setRole(owner, orgId, member, 'superuser');
    expect(unknownRole.status).toBe(400);
    expect(await unknownRole.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'role' }] });
    expect((await setRole(owner, orgId, member, '')).status).toBe(400);
    expect((await setRole(owner, orgId, stranger, 'viewer')).status).toBe(404);
    expect((await remove(owner, orgId, stranger)).status).toBe(404);
    expect((await org.call(owner, 'DELETE', `/orgs/${orgId}/members/not-an-id`)).status).toBe(404);
  });

  it('lets any member leave on their own, without members.remove', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const viewer = await org.member(owner, orgId, 'viewer');
    const other = await org.member(owner, orgId, 'viewer', 'other');
    expect((await remove(viewer, orgId, other)).status).toBe(403);
    expect((await remove(viewer, orgId, viewer)).status).toBe(204);
    // Gone means gone: the org no longer exists for them.
    expect((await org.call(viewer, 'GET', `/orgs/${orgId}`)).status).toBe(404);
    const me = await org.json<{ orgs: unknown[] }>(await org.call(viewer, 'GET', '/auth/me'), 200);
    expect(me.orgs).toEqual([]);
  });
});
