import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueEmail } from '../../../test/auth-client.ts';
import { type Account, orgClient } from '../../../test/org-client.ts';
import { testApp } from '../../../test/test-app.ts';

const { request } = testApp();
const org = orgClient(request);

/** Two orgs; `ownerA` owns A (the attacker's org) and is a stranger to B. */
interface World {
  ownerA: Account;
  orgA: string;
  ownerB: Account;
  orgB: string;
  memberB: Account;
  postB: string;
  roleB: string;
  invitationB: string;
}

let world: World;
beforeAll(async () => {
  const ownerA = await org.account('owner-a');
  const orgA = await org.createOrg(ownerA, 'A');
  const ownerB = await org.account('owner-b');
  const orgB = await org.createOrg(ownerB, 'B');
  const memberB = await org.member(ownerB, orgB, 'member', 'member-b');
  const postB = await org.post(memberB, orgB, 'B only');
  const roleB = await org.customRole(ownerB, orgB, ['posts.read']);
  const { id: invitationB } = await org.invite(ownerB, orgB, uniqueEmail('invitee-b'), 'viewer');
  world = { ownerA, orgA, ownerB, orgB, memberB, postB, roleB, invitationB };
});

const MADE_UP = 'AAAAAAAAAAAAAAAAAAAAAA';

describe('org isolation', () => {
  it.each<[string, string, (w: World) => string, unknown?]>([
    ['GET', 'the org', (w) => `/orgs/${w.orgB}`],
    ['PATCH', 'the org', (w) => `/orgs/${w.orgB}`, { name: 'Mine now' }],
    ['DELETE', 'the org', (w) => `/orgs/${w.orgB}`],
    ['GET', 'its posts', (w) => `/orgs/${w.orgB}/posts`],
    ['POST', 'its posts', (w) => `/orgs/${w.orgB}/posts`, { title: 'Spam' }],
    ['GET', 'a post', (w) => `/orgs/${w.orgB}/posts/${w.postB}`],
    ['PATCH', 'a post', (w) => `/orgs/${w.orgB}/posts/${w.postB}`, { title: 'Defaced' }],
    ['DELETE', 'a post', (w) => `/orgs/${w.orgB}/posts/${w.postB}`],
    ['GET', 'its members', (w) => `/orgs/${w.orgB}/members`],
    ['PATCH', 'a member', (w) => `/orgs/${w.orgB}/members/${w.memberB.userId}`, { role: 'viewer' }],
    ['DELETE', 'a member', (w) => `/orgs/${w.orgB}/members/${w.memberB.userId}`],
    ['GET', 'its roles', (w) => `/orgs/${w.orgB}/roles`],
    ['POST', 'its roles', (w) => `/orgs/${w.orgB}/roles`, { name: 'Evil', permissions: ['*'] }],
    ['PATCH', 'a role', (w) => `/orgs/${w.orgB}/roles/${w.roleB}`, { permissions: ['*'] }],
    ['DELETE', 'a role', (w) => `/orgs/${w.orgB}/roles/${w.roleB}`],
    ['GET', 'its audit log', (w) => `/orgs/${w.orgB}/audit`],
    ['GET', 'its invitations', (w) => `/orgs/${w.orgB}/invitations`],
    ['POST', 'its invitations', (w) => `/orgs/${w.orgB}/invitations`, { email: 'me@example.test', role: 'owner' }],
    ['DELETE', 'an invitation', (w) => `/orgs/${w.orgB}/invitations/${w.invitationB}`],
    ['GET', 'a made-up org', () => `/orgs/${MADE_UP}`],
    ['GET', 'posts of a made-up org', () => `/orgs/${MADE_UP}/posts`],
    ['GET', 'a malformed org id', () => '/orgs/..%2F..%2Fadmin/posts'],
  ])('answers %s %s of another org with 404, as for one that does not exist', async (method, _, path, body) => {
    const response = await org.call(world.ownerA, method, path(world), body);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('leaves the other org untouched', async () => {
    const posts = await org.json<{ posts: { id: string; title: string }[] }>(
      await org.call(world.memberB, 'GET', `/orgs/${world.orgB}/posts`),
      200,
    );
    expect(posts.posts).toEqual([expect.objectContaining({ id: world.postB, title: 'B only' })]);
    const members = await org.json<{ members: { userId: string; role: string }[] }>(
      await org.call(world.ownerB, 'GET', `/orgs/${world.orgB}/members`),
      200,
    );
    expect(members.members.map((member) => member.role)).toEqual(['owner', 'member']);
  });

  it('does not reach another org’s things through one’s own org', async () => {
    const { ownerA, orgA, memberB, postB, roleB, invitationB } = world;
    for (const [method, path, body] of [
      ['GET', `/orgs/${orgA}/posts/${postB}`],
      ['PATCH', `/orgs/${orgA}/posts/${postB}`, { title: 'x' }],
      ['DELETE', `/orgs/${orgA}/posts/${postB}`],
      ['PATCH', `/orgs/${orgA}/members/${memberB.userId}`, { role: 'viewer' }],
      ['DELETE', `/orgs/${orgA}/members/${memberB.userId}`],
      ['PATCH', `/orgs/${orgA}/roles/${roleB}`, { name: 'x' }],
      ['DELETE', `/orgs/${orgA}/roles/${roleB}`],
      ['DELETE', `/orgs/${orgA}/invitations/${invitationB}`],
      ['GET', `/orgs/${orgA}/posts/${MADE_UP}`],
    ] as const) {
      const response = await org.call(ownerA, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    // Another org's custom role is no role at all here.
    const outsider = await org.account('outsider');
    const invite = await org.call(ownerA, 'POST', `/orgs/${orgA}/invitations`, { email: outsider.email, role: roleB });
    expect(invite.status).toBe(400);
  });
});
