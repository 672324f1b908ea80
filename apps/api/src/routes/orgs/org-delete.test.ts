import { describe, expect, it } from 'vitest';
import { uniqueEmail } from '../../../test/auth-client.ts';
import { orgClient } from '../../../test/org-client.ts';
import { testApp } from '../../../test/test-app.ts';
import type { Store } from '../../store/store.ts';

const { request, deps } = testApp();
const org = orgClient(request);

/** Every key in the org's hash slot (`{o:<id>}`), by SCAN — a test may walk the keyspace, a route never. */
async function slotKeys(store: Store, orgId: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const reply = await store.send(['SCAN', cursor, 'MATCH', `pc:{o:${orgId}}:*`, 'COUNT', 1000]);
    const [next, batch] = Array.isArray(reply) ? reply : ['0', []];
    cursor = String(next);
    if (Array.isArray(batch)) found.push(...batch.map(String));
  } while (cursor !== '0');
  return found;
}

describe('DELETE /api/orgs/:orgId', () => {
  it('leaves nothing of the org in its hash slot, and nothing of it on its members', async () => {
    const owner = await org.account('deleter');
    const orgId = await org.createOrg(owner, 'Everything Inc');
    const member = await org.member(owner, orgId, 'member', 'bystander');
    await org.customRole(owner, orgId, ['posts.read'], 'Readers');
    const { token } = await org.invite(owner, orgId, uniqueEmail('pending'), 'viewer');
    await org.post(owner, orgId, 'By the owner');
    await org.post(member, orgId, 'By the member');
    expect((await slotKeys(deps.store, orgId)).length).toBeGreaterThan(8);

    // A member without org.delete cannot; an outsider sees no such org.
    expect((await org.call(member, 'DELETE', `/orgs/${orgId}`)).status).toBe(403);
    const outsider = await org.account('outsider');
    expect((await org.call(outsider, 'DELETE', `/orgs/${orgId}`)).status).toBe(404);

    await org.json(await org.call(owner, 'DELETE', `/orgs/${orgId}`), 204);
    expect(await slotKeys(deps.store, orgId)).toEqual([]);
    const me = await org.json<{ orgs: unknown[] }>(await org.call(member, 'GET', '/auth/me'), 200);
    expect(me.orgs).toEqual([]);
    expect((await org.call(null, 'POST', '/invitations/preview', { token })).status).toBe(400);
    expect((await org.call(owner, 'GET', `/orgs/${orgId}`)).status).toBe(404);
  });
});
