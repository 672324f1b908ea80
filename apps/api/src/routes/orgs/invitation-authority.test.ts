import { describe, expect, it } from 'vitest';
import { uniqueEmail } from '../../../test/auth-client.ts';
import { type Account, orgClient } from '../../../test/org-client.ts';
import { testApp } from '../../../test/test-app.ts';
import { keys } from '../../keys/keys.ts';

const { request, deps } = testApp();
const org = orgClient(request);

const MEMBER_GRANTS = [
  'org.read',
  'members.read',
  'posts.read',
  'posts.create',
  'posts.update:own',
  'posts.delete:own',
];

interface AuditEventView {
  actor: string;
  action: string;
  target: string;
  details: Record<string, string>;
}

async function pendingIds(owner: Account, orgId: string): Promise<string[]> {
  const body = await org.json<{ invitations: { id: string }[] }>(
    await org.call(owner, 'GET', `/orgs/${orgId}/invitations`),
    200,
  );
  return body.invitations.map((invitation) => invitation.id).sort();
}

async function revocations(owner: Account, orgId: string): Promise<AuditEventView[]> {
  const body = await org.json<{ events: AuditEventView[] }>(await org.call(owner, 'GET', `/orgs/${orgId}/audit`), 200);
  return body.events.filter((event) => event.action === 'invitation.revoked');
}

async function expectWithdrawn(invitee: Account, token: string): Promise<void> {
  const response = await org.accept(invitee, token);
  expect(response.status).toBe(409);
  expect(await response.json()).toMatchObject({ code: 'CONFLICT', detail: expect.stringMatching(/withdrawn/) });
  const me = await org.json<{ orgs: unknown[] }>(await org.call(invitee, 'GET', '/auth/me'), 200);
  expect(me.orgs).toEqual([]);
  // Gone for good: the same link again is just a used one.
  expect((await org.accept(invitee, token)).status).toBe(400);
}

describe('an invitation does not outlive its inviter’s authority', () => {
  // Broke: an invitation sent by an admin who was later removed still made the invitee admin.
  it('refuses with 409 and revokes an invitation whose inviter is no longer a member when it is accepted', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const admin = await org.member(owner, orgId, 'admin');
    const invitee = await org.account('invitee');
    const { id, token } = await org.invite(admin, orgId, invitee.email, 'admin');
    // The admin's membership goes the way it went before invitations were revoked with it (data
    // from an earlier release): only the check at accept time stands between the invitee and admin.
    await deps.store.send(['HDEL', keys.orgMembers(orgId), admin.userId]);

    await expectWithdrawn(invitee, token);
    expect(await pendingIds(owner, orgId)).toEqual([]);
    expect(await revocations(owner, orgId)).toEqual([
      expect.objectContaining({
        actor: invitee.userId,
        target: id,
        details: expect.objectContaining({ reason: 'inviter-lost-authority', invitedBy: admin.userId }),
      }),
    ]);
  });

  // Broke: narrowing the inviter's custom role left their invitations granting what they no longer hold.
  it('refuses with 409 and revokes an invitation whose inviter’s role was edited below the offered role', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const recruiter = await org.customRole(owner, orgId, [...MEMBER_GRANTS, 'invitations.*'], 'Recruiter');
    const inviter = await org.member(owner, orgId, recruiter, 'recruiter');
    const invitee = await org.account('invitee');
    const { token } = await org.invite(inviter, orgId, invitee.email, 'member');
    await org.json(
      await org.call(owner, 'PATCH', `/orgs/${orgId}/roles/${recruiter}`, {
        permissions: ['org.read', 'members.read', 'posts.read', 'invitations.*'],
      }),
      200,
    );

    await expectWithdrawn(invitee, token);
    expect(await pendingIds(owner, orgId)).toEqual([]);
  });

  // Broke: removing an admin left the admin invitations they had sent pending.
  it('revokes, audited, the pending invitations of a member who is removed or leaves, and no one else’s', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const removed = await org.member(owner, orgId, 'admin', 'removed');
    const leaver = await org.member(owner, orgId, 'admin', 'leaver');
    const invitee = await org.account('invitee');
    const fromRemoved = await org.invite(removed, orgId, invitee.email, 'admin');
    const fromLeaver = await org.invite(leaver, orgId, uniqueEmail('other'), 'member');
    const fromOwner = await org.invite(owner, orgId, uniqueEmail('kept'), 'viewer');

    expect((await org.call(owner, 'DELETE', `/orgs/${orgId}/members/${removed.userId}`)).status).toBe(204);
    expect((await org.call(leaver, 'DELETE', `/orgs/${orgId}/members/${leaver.userId}`)).status).toBe(204);

    expect(await pendingIds(owner, orgId)).toEqual([fromOwner.id]);
    const revoked = await revocations(owner, orgId);
    expect(revoked).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: owner.userId, target: fromRemoved.id }),
        expect.objectContaining({ actor: leaver.userId, target: fromLeaver.id }),
      ]),
    );
    expect(revoked.map((event) => event.details.reason)).toEqual(['inviter-lost-authority', 'inviter-lost-authority']);
    expect((await org.accept(invitee, fromRemoved.token)).status).toBe(400);
  });

  // Broke: a demoted admin's pending admin invitations still made admins.
  it('revokes on demotion the invitations the new role could not send, and keeps those it could', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const inviterRole = await org.customRole(owner, orgId, [...MEMBER_GRANTS, 'invitations.create'], 'Inviter');
    const admin = await org.member(owner, orgId, 'admin');
    const asAdmin = await org.invite(admin, orgId, uniqueEmail('as-admin'), 'admin');
    const asMember = await org.invite(admin, orgId, uniqueEmail('as-member'), 'member');
    const asViewer = await org.invite(admin, orgId, uniqueEmail('as-viewer'), 'viewer');
    const byOwner = await org.invite(owner, orgId, uniqueEmail('by-owner'), 'admin');

    await org.json(
      await org.call(owner, 'PATCH', `/orgs/${orgId}/members/${admin.userId}`, { role: inviterRole }),
      200,
    );
    expect(await pendingIds(owner, orgId)).toEqual([asMember.id, asViewer.id, byOwner.id].sort());
    expect(await revocations(owner, orgId)).toEqual([
      expect.objectContaining({
        actor: owner.userId,
        target: asAdmin.id,
        details: expect.objectContaining({ reason: 'inviter-lost-authority' }),
      }),
    ]);

    // A plain member may not invite at all: everything they sent goes.
    await org.json(await org.call(owner, 'PATCH', `/orgs/${orgId}/members/${admin.userId}`, { role: 'member' }), 200);
    expect(await pendingIds(owner, orgId)).toEqual([byOwner.id]);
  });

  it('keeps every invitation when the inviter is promoted', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const admin = await org.member(owner, orgId, 'admin');
    const invitee = await org.account('invitee');
    const { id, token } = await org.invite(admin, orgId, invitee.email, 'admin');
    await org.json(await org.call(owner, 'PATCH', `/orgs/${orgId}/members/${admin.userId}`, { role: 'owner' }), 200);
    expect(await pendingIds(owner, orgId)).toEqual([id]);
    expect(await org.json(await org.accept(invitee, token), 200)).toMatchObject({ role: 'admin' });
  });
});
