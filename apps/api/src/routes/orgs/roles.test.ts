import { builtInRoleIds } from '@portcullis/permissions';
import { describe, expect, it } from 'vitest';
import { uniqueEmail } from '../../../test/auth-client.ts';
import { orgClient } from '../../../test/org-client.ts';
import { testApp } from '../../../test/test-app.ts';

const { request } = testApp();
const org = orgClient(request);

interface RoleView {
  id: string;
  name: string;
  permissions: string[];
  builtIn: boolean;
}

describe('org roles', () => {
  it('lists the built-in roles (ids are their names) and the org’s custom roles', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const created = await org.json<{ role: RoleView }>(
      await org.call(owner, 'POST', `/orgs/${orgId}/roles`, {
        name: ' Editors ',
        permissions: ['posts.*', 'org.read'],
      }),
      201,
    );
    expect(created.role).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      name: 'Editors',
      permissions: ['posts.*', 'org.read'],
      builtIn: false,
      createdAt: expect.stringMatching(/Z$/),
      updatedAt: expect.stringMatching(/Z$/),
    });
    const { roles } = await org.json<{ roles: RoleView[] }>(await org.call(owner, 'GET', `/orgs/${orgId}/roles`), 200);
    expect(roles.map((role) => role.id)).toEqual([...builtInRoleIds, created.role.id]);
    expect(roles.find((role) => role.id === 'owner')).toMatchObject({
      name: 'Owner',
      permissions: ['*'],
      builtIn: true,
    });
  });

  it('answers 400 VALIDATION_FAILED naming each unknown permission', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const response = await org.call(owner, 'POST', `/orgs/${orgId}/roles`, {
      name: 'Pilots',
      permissions: ['posts.read', 'posts.fly', 'org.update:own'],
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; errors: { path: string; message: string }[] };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors).toEqual([
      { path: 'permissions.1', message: expect.stringContaining('"posts.fly"') },
      { path: 'permissions.2', message: expect.stringContaining('"org.update:own"') },
    ]);
    const patch = await org.call(
      owner,
      'PATCH',
      `/orgs/${orgId}/roles/${await org.customRole(owner, orgId, ['posts.read'])}`,
      { permissions: ['audit.write'] },
    );
    expect(patch.status).toBe(400);
    expect(await patch.json()).toMatchObject({
      errors: [{ path: 'permissions.0', message: expect.stringContaining('audit.write') }],
    });
  });

  it('refuses names of built-in roles and duplicates (any case) with 409, and empty permission lists', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const path = `/orgs/${orgId}/roles`;
    expect((await org.call(owner, 'POST', path, { name: 'Admin', permissions: ['posts.read'] })).status).toBe(409);
    expect((await org.call(owner, 'POST', path, { name: 'Readers', permissions: [] })).status).toBe(400);
    expect((await org.call(owner, 'POST', path, { name: 'Readers', permissions: ['posts.read'] })).status).toBe(201);
    const duplicate = await org.call(owner, 'POST', path, { name: 'READERS', permissions: ['posts.read'] });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ code: 'CONFLICT', errors: [{ path: 'name' }] });
  });

  it('keeps built-in roles read-only', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    for (const id of builtInRoleIds) {
      const patch = await org.call(owner, 'PATCH', `/orgs/${orgId}/roles/${id}`, { name: 'Renamed' });
      expect(patch.status).toBe(403);
      expect((await org.call(owner, 'DELETE', `/orgs/${orgId}/roles/${id}`)).status).toBe(403);
    }
  });

  it('does not let anyone write a role stronger than their own', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const admin = await org.member(owner, orgId, 'admin');
    const create = await org.call(admin, 'POST', `/orgs/${orgId}/roles`, {
      name: 'Owner-ish',
      permissions: ['members.manage-owners'],
    });
    expect(create.status).toBe(403);
    expect(
      (await org.call(admin, 'POST', `/orgs/${orgId}/roles`, { name: 'Everything', permissions: ['*'] })).status,
    ).toBe(403);
    const strong = await org.customRole(owner, orgId, ['org.delete']);
    // Neither raising a role above their own nor editing or deleting one that already is.
    const weak = await org.customRole(owner, orgId, ['posts.read']);
    expect(
      (await org.call(admin, 'PATCH', `/orgs/${orgId}/roles/${weak}`, { permissions: ['org.delete'] })).status,
    ).toBe(403);
    expect((await org.call(admin, 'PATCH', `/orgs/${orgId}/roles/${strong}`, { name: 'Renamed' })).status).toBe(403);
    expect((await org.call(admin, 'DELETE', `/orgs/${orgId}/roles/${strong}`)).status).toBe(403);
    expect((await org.call(admin, 'PATCH', `/orgs/${orgId}/roles/${weak}`, { permissions: ['posts.*'] })).status).toBe(
      200,
    );
  });

  it('applies an edit of a custom role to its holders on their next request', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const roleId = await org.customRole(owner, orgId, ['org.read', 'posts.read']);
    const holder = await org.member(owner, orgId, roleId, 'holder');
    const before = await org.permissionsVersion(holder);
    expect((await org.call(holder, 'POST', `/orgs/${orgId}/posts`, { title: 'Nope' })).status).toBe(403);

    await org.json(
      await org.call(owner, 'PATCH', `/orgs/${orgId}/roles/${roleId}`, {
        permissions: ['org.read', 'posts.read', 'posts.create'],
      }),
      200,
    );
    expect((await org.call(holder, 'POST', `/orgs/${orgId}/posts`, { title: 'Yes' })).status).toBe(201);
    expect(await org.permissionsVersion(holder)).not.toBe(before);
    // The owner does not hold the role: their version stays.
  });

  it('refuses to delete a role that a member holds or a pending invitation offers (409)', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const held = await org.customRole(owner, orgId, ['posts.read']);
    const holder = await org.member(owner, orgId, held, 'holder');
    const offered = await org.customRole(owner, orgId, ['posts.read']);
    const invitation = await org.invite(owner, orgId, uniqueEmail('offered'), offered);

    for (const roleId of [held, offered]) {
      const response = await org.call(owner, 'DELETE', `/orgs/${orgId}/roles/${roleId}`);
      expect(response.status).toBe(409);
      expect(await response.json()).toMatchObject({ code: 'CONFLICT' });
    }
    await org.json(await org.call(owner, 'PATCH', `/orgs/${orgId}/members/${holder.userId}`, { role: 'viewer' }), 200);
    expect((await org.call(owner, 'DELETE', `/orgs/${orgId}/invitations/${invitation.id}`)).status).toBe(204);
    for (const roleId of [held, offered]) {
      expect((await org.call(owner, 'DELETE', `/orgs/${orgId}/roles/${roleId}`)).status).toBe(204);
      expect((await org.call(owner, 'DELETE', `/orgs/${orgId}/roles/${roleId}`)).status).toBe(404);
    }
  });
});
