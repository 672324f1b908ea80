import { describe, expect, it } from 'vitest';
import { type Account, orgClient } from '../../../test/org-client.ts';
import { testApp } from '../../../test/test-app.ts';

const { request } = testApp();
const org = orgClient(request);

async function expectNameTaken(response: Response): Promise<void> {
  const text = await response.text();
  expect(response.status, text).toBe(409);
  expect(JSON.parse(text)).toMatchObject({ code: 'CONFLICT', errors: [{ path: 'name' }] });
}

async function roleNames(owner: Account, orgId: string): Promise<string[]> {
  const body = await org.json<{ roles: { name: string }[] }>(await org.call(owner, 'GET', `/orgs/${orgId}/roles`), 200);
  return body.roles.map((role) => role.name);
}

// Broke: `Ｏｗｎｅｒ`, `Own\u200Ber` and `Οwner` (Greek Omicron) were accepted as new custom roles
// that read as the built-in Owner.
describe('custom roles cannot impersonate built-in or other roles', () => {
  it.each([
    ['Ｏｗｎｅｒ', 'fullwidth letters'],
    ['Own\u200Ber', 'a zero-width space'],
    ['\u2060Ad\u00ADmin\uFEFF', 'a word joiner, soft hyphen and BOM'],
    ['\u039Fwner', 'a Greek capital Omicron'],
    ['\u043Ewner', 'a Cyrillic small o'],
    ['0wner', 'a digit zero'],
    ['Mеmbеr', 'Cyrillic е'],
    ['V\u0456ewer', 'a Cyrillic і'],
    ['ＡＤＭＩＮ', 'fullwidth capitals'],
  ])('refuses %j (%s) with 409, on create and on rename', async (name) => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    await expectNameTaken(await org.call(owner, 'POST', `/orgs/${orgId}/roles`, { name, permissions: ['posts.read'] }));
    const roleId = await org.customRole(owner, orgId, ['posts.read'], 'Readers');
    await expectNameTaken(await org.call(owner, 'PATCH', `/orgs/${orgId}/roles/${roleId}`, { name }));
    expect(await roleNames(owner, orgId)).toEqual(['Owner', 'Admin', 'Member', 'Viewer', 'Readers']);
  });

  it('refuses a custom role confusable with another custom role: "Editor" then "Еditor" (Cyrillic Е)', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    await org.customRole(owner, orgId, ['posts.read'], 'Editor');
    for (const name of ['\u0415ditor', 'EDITOR', 'Ｅｄｉｔｏｒ', 'Edi\u200Dtor']) {
      await expectNameTaken(
        await org.call(owner, 'POST', `/orgs/${orgId}/roles`, { name, permissions: ['posts.read'] }),
      );
    }
    const other = await org.customRole(owner, orgId, ['posts.read'], 'Writer');
    await expectNameTaken(await org.call(owner, 'PATCH', `/orgs/${orgId}/roles/${other}`, { name: '\u0415ditor' }));
  });

  it('claims a name atomically: of two confusable names created at once, one wins', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const statuses = await Promise.all(
      ['Editor', '\u0415ditor', 'Ｅｄｉｔｏｒ'].map(async (name) => {
        const response = await org.call(owner, 'POST', `/orgs/${orgId}/roles`, { name, permissions: ['posts.read'] });
        return response.status;
      }),
    );
    expect(statuses.sort()).toEqual([201, 409, 409]);
  });

  it('stores the normalised name, frees a name on rename and delete, and keeps a role’s own name on re-save', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const roleId = await org.customRole(owner, orgId, ['posts.read'], 'Ｅｄｉｔｏｒｓ\u200B');
    expect(await roleNames(owner, orgId)).toContain('Editors');
    // Its own name, in another case or look, is not a clash with itself.
    await org.json(await org.call(owner, 'PATCH', `/orgs/${orgId}/roles/${roleId}`, { name: 'EDITORS' }), 200);
    await org.json(await org.call(owner, 'PATCH', `/orgs/${orgId}/roles/${roleId}`, { name: 'Writers' }), 200);
    await org.customRole(owner, orgId, ['posts.read'], 'Editors');
    expect((await org.call(owner, 'DELETE', `/orgs/${orgId}/roles/${roleId}`)).status).toBe(204);
    await org.customRole(owner, orgId, ['posts.read'], 'Wrіters');
  });
});
