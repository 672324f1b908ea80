import { describe, expect, it } from 'vitest';
import { orgClient } from '../../../test/org-client.ts';
import { testApp } from '../../../test/test-app.ts';

const { request, deps } = testApp();
const org = orgClient(request);

describe('organizations', () => {
  it('creates an org with the caller as owner, and lists the caller’s orgs with their role', async () => {
    const user = await org.account('founder');
    const created = await org.json<{ org: { id: string; name: string; createdAt: string } }>(
      await org.call(user, 'POST', '/orgs', { name: '  Zeta Corp ' }),
      201,
    );
    expect(created.org).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      name: 'Zeta Corp',
      createdAt: expect.stringMatching(/Z$/),
      requireMfa: false,
    });
    const alpha = await org.createOrg(user, 'Alpha');
    const listed = await org.json<{ orgs: unknown[] }>(await org.call(user, 'GET', '/orgs'), 200);
    expect(listed.orgs).toEqual([
      { id: alpha, name: 'Alpha', role: 'owner' },
      { id: created.org.id, name: 'Zeta Corp', role: 'owner' },
    ]);
    const me = await org.json<{ orgs: unknown[] }>(await org.call(user, 'GET', '/auth/me'), 200);
    expect(me.orgs).toEqual(listed.orgs);
  });

  it('answers the org with the caller’s role and grants', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner, 'Shown');
    const member = await org.member(owner, orgId, 'member');
    const body = await org.json(await org.call(member, 'GET', `/orgs/${orgId}`), 200);
    expect(body).toEqual({
      org: { id: orgId, name: 'Shown', createdAt: expect.any(String), requireMfa: false },
      membership: {
        role: 'member',
        roleName: 'Member',
        permissions: ['org.read', 'members.read', 'posts.read', 'posts.create', 'posts.update:own', 'posts.delete:own'],
      },
    });
  });

  it('renames the org everywhere its members see it', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner, 'Old name');
    const member = await org.member(owner, orgId, 'member');
    expect(await org.json(await org.call(owner, 'PATCH', `/orgs/${orgId}`, { name: 'New name' }), 200)).toMatchObject({
      org: { id: orgId, name: 'New name' },
    });
    const me = await org.json<{ orgs: unknown[] }>(await org.call(member, 'GET', '/auth/me'), 200);
    expect(me.orgs).toEqual([{ id: orgId, name: 'New name', role: 'member' }]);
  });

  it('deletes the org with everything in it, for every member', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner, 'Doomed');
    const member = await org.member(owner, orgId, 'member');
    const postId = await org.post(member, orgId);
    await org.customRole(owner, orgId, ['posts.read']);
    await org.invite(owner, orgId, 'pending@example.test', 'viewer');
    expect((await org.call(owner, 'DELETE', `/orgs/${orgId}`)).status).toBe(204);

    for (const who of [owner, member]) {
      expect((await org.call(who, 'GET', `/orgs/${orgId}`)).status).toBe(404);
      expect(await org.json(await org.call(who, 'GET', '/orgs'), 200)).toEqual({ orgs: [] });
    }
    expect((await org.call(member, 'GET', `/orgs/${orgId}/posts/${postId}`)).status).toBe(404);
    const left = await deps.store.send(['KEYS', `pc:{o:${orgId}}:*`]);
    expect(left).toEqual([]);
  });

  it.each([
    ['an empty name', { name: '  ' }],
    ['a name over 100 characters', { name: 'x'.repeat(101) }],
    ['no name', {}],
    ['a name that is not a string', { name: ['Acme'] }],
  ])('refuses %s with 400', async (_, body) => {
    const user = await org.account('founder');
    const response = await org.call(user, 'POST', '/orgs', body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'name' }] });
  });

  it('caps the orgs one account belongs to (MAX_ORGS_PER_USER), creating or joining', async () => {
    const small = testApp({ config: { ...deps.config, MAX_ORGS_PER_USER: 2 } });
    const client = orgClient(small.request);
    const user = await client.account('busy');
    await client.createOrg(user, 'One');
    await client.createOrg(user, 'Two');
    const third = await client.call(user, 'POST', '/orgs', { name: 'Three' });
    expect(third.status).toBe(409);
    expect(await third.json()).toMatchObject({ code: 'CONFLICT' });
    const host = await client.account('host');
    const hostOrg = await client.createOrg(host, 'Host');
    const { token } = await client.invite(host, hostOrg, user.email, 'member');
    expect((await client.accept(user, token)).status).toBe(409);
  });

  it('needs authentication', async () => {
    expect((await org.call(null, 'GET', '/orgs')).status).toBe(401);
    expect((await org.call(null, 'POST', '/orgs', { name: 'x' })).status).toBe(401);
  });
});
