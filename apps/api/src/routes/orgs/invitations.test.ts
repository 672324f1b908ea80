import { describe, expect, it } from 'vitest';
import { uniqueEmail } from '../../../test/auth-client.ts';
import { orgClient } from '../../../test/org-client.ts';
import { outboxOf } from '../../../test/outbox.ts';
import { manualClock, testApp } from '../../../test/test-app.ts';
import { keys } from '../../keys/keys.ts';

const clock = manualClock(Date.now());
const { request, deps } = testApp({ now: clock.now });
const org = orgClient(request);
const HOUR = 60 * 60 * 1000;

interface InvitationView {
  id: string;
  email: string;
  role: string;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}

describe('invitations', () => {
  it('emails a single-use link that lets the invited account join with the chosen role', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner, 'Invite Co');
    const invitee = await org.account('invitee');
    const created = await org.json<{ invitation: InvitationView }>(
      await org.call(owner, 'POST', `/orgs/${orgId}/invitations`, { email: invitee.email, role: 'admin' }),
      201,
    );
    expect(created.invitation).toEqual({
      id: expect.any(String),
      email: invitee.email,
      role: 'admin',
      invitedBy: owner.userId,
      createdAt: new Date(clock.now()).toISOString(),
      expiresAt: new Date(clock.now() + 48 * HOUR).toISOString(),
    });
    expect(JSON.stringify(created)).not.toMatch(/token/i);

    const [message] = await outboxOf(request, invitee.email);
    expect(message?.subject).toBe('Join Invite Co on Portcullis');
    expect(message?.links[0]).toMatch(/^http:\/\/portcullis\.test\/accept-invitation\?token=/);
    expect(message?.text).toContain('as Admin');
    const token = await org.invitationToken(invitee.email);

    const accepted = await org.json(await org.accept(invitee, token), 200);
    expect(accepted).toEqual({
      org: { id: orgId, name: 'Invite Co', createdAt: expect.any(String), requireMfa: false },
      role: 'admin',
    });
    const me = await org.json<{ orgs: unknown[] }>(await org.call(invitee, 'GET', '/auth/me'), 200);
    expect(me.orgs).toEqual([{ id: orgId, name: 'Invite Co', role: 'admin' }]);

    // Single use: the same token again, even by the same account, is gone.
    const again = await org.accept(invitee, token);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'token', message: 'Invalid or already used' }],
    });
  });

  it('stores only a hash of the token', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const email = uniqueEmail('hashed');
    const { id, token } = await org.invite(owner, orgId, email, 'member');
    const stored = await deps.store.send(['HGETALL', keys.orgInvitation(orgId, id)]);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token.split('.')[2]);
    expect(stored).toContain('tokenHash');
  });

  it('refuses an expired invitation, at 48 hours by the clock', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const early = await org.account('early');
    const late = await org.account('late');
    const earlyInvite = await org.invite(owner, orgId, early.email, 'member');
    const lateInvite = await org.invite(owner, orgId, late.email, 'member');
    clock.advance(48 * HOUR - 1);
    expect((await org.accept(await org.signInAgain(early), earlyInvite.token)).status).toBe(200);
    clock.advance(1);
    const expired = await org.accept(await org.signInAgain(late), lateInvite.token);
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({ errors: [{ path: 'token', message: 'Expired' }] });
    // And it is no longer pending.
    const list = await org.json<{ invitations: InvitationView[] }>(
      await org.call(await org.signInAgain(owner), 'GET', `/orgs/${orgId}/invitations`),
      200,
    );
    expect(list.invitations).toEqual([]);
  });

  it('refuses an account with another email, and keeps the invitation for the right one', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const invitee = await org.account('invitee');
    const other = await org.account('other');
    const { token } = await org.invite(owner, orgId, invitee.email, 'member');
    const refused = await org.accept(other, token);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await org.call(other, 'GET', `/orgs/${orgId}`)).status).toBe(404);
    expect((await org.accept(invitee, token)).status).toBe(200);
  });

  it('refuses tampered, malformed and other orgs’ tokens alike', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const otherOrg = await org.createOrg(owner, 'Other');
    const invitee = await org.account('invitee');
    const { token } = await org.invite(owner, orgId, invitee.email, 'member');
    const [, invitationId, secret] = token.split('.');
    const last = secret?.at(-1) === 'A' ? 'B' : 'A';
    for (const bad of [
      `${token.slice(0, -1)}${last}`,
      `${otherOrg}.${invitationId}.${secret}`,
      'not-a-token',
      '',
      `${token}.extra`,
    ]) {
      const response = await org.accept(invitee, bad);
      expect(response.status, bad).toBe(400);
      expect(await response.json()).toMatchObject({ errors: [{ path: 'token', message: 'Invalid or already used' }] });
    }
    expect((await org.accept(invitee, token)).status).toBe(200);
    expect((await org.call(invitee, 'POST', '/invitations/accept', { token: 42 })).status).toBe(400);
    expect((await org.call(null, 'POST', '/invitations/accept', { token })).status).toBe(401);
  });

  it('does not let an inviter offer a role with more than they hold', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const admin = await org.member(owner, orgId, 'admin');
    const ownerInvite = await org.call(admin, 'POST', `/orgs/${orgId}/invitations`, {
      email: uniqueEmail('would-be-owner'),
      role: 'owner',
    });
    expect(ownerInvite.status).toBe(403);
    expect(await ownerInvite.json()).toMatchObject({ code: 'FORBIDDEN' });

    // A custom role that may invite, but holds less than an admin.
    const recruiters = await org.customRole(owner, orgId, ['org.read', 'members.read', 'invitations.create']);
    const recruiter = await org.member(owner, orgId, recruiters, 'recruiter');
    const adminInvite = await org.call(recruiter, 'POST', `/orgs/${orgId}/invitations`, {
      email: uniqueEmail('would-be-admin'),
      role: 'admin',
    });
    expect(adminInvite.status).toBe(403);
    const sameRole = await org.call(recruiter, 'POST', `/orgs/${orgId}/invitations`, {
      email: uniqueEmail('peer'),
      role: recruiters,
    });
    expect(sameRole.status).toBe(201);
  });

  it('answers 400 for an unknown role or a bad email, and 409 for someone already a member', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const member = await org.member(owner, orgId, 'member');
    const path = `/orgs/${orgId}/invitations`;
    const unknownRole = await org.call(owner, 'POST', path, { email: uniqueEmail(), role: 'superuser' });
    expect(unknownRole.status).toBe(400);
    expect(await unknownRole.json()).toMatchObject({ errors: [{ path: 'role' }] });
    const badEmail = await org.call(owner, 'POST', path, { email: 'not an email', role: 'member' });
    expect(badEmail.status).toBe(400);
    expect(await badEmail.json()).toMatchObject({ errors: [{ path: 'email' }] });
    const already = await org.call(owner, 'POST', path, { email: member.email.toUpperCase(), role: 'viewer' });
    expect(already.status).toBe(409);
  });

  it('replaces a pending invitation to the same address, so only the newest link works', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const invitee = await org.account('invitee');
    const first = await org.invite(owner, orgId, invitee.email, 'viewer');
    const second = await org.invite(owner, orgId, invitee.email, 'member');
    expect(second.token).not.toBe(first.token);
    const list = await org.json<{ invitations: InvitationView[] }>(
      await org.call(owner, 'GET', `/orgs/${orgId}/invitations`),
      200,
    );
    expect(list.invitations.map((invitation) => invitation.id)).toEqual([second.id]);
    expect((await org.accept(invitee, first.token)).status).toBe(400);
    expect(await org.json(await org.accept(invitee, second.token), 200)).toMatchObject({ role: 'member' });
  });

  it('lists pending invitations newest first, and a revoked invitation can no longer be accepted', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const invitee = await org.account('invitee');
    const older = await org.invite(owner, orgId, uniqueEmail('older'), 'viewer');
    clock.advance(1000);
    const newer = await org.invite(owner, orgId, invitee.email, 'member');
    const list = await org.json<{ invitations: InvitationView[] }>(
      await org.call(owner, 'GET', `/orgs/${orgId}/invitations`),
      200,
    );
    expect(list.invitations.map((invitation) => invitation.id)).toEqual([newer.id, older.id]);

    expect((await org.call(owner, 'DELETE', `/orgs/${orgId}/invitations/${newer.id}`)).status).toBe(204);
    expect((await org.call(owner, 'DELETE', `/orgs/${orgId}/invitations/${newer.id}`)).status).toBe(404);
    expect((await org.accept(invitee, newer.token)).status).toBe(400);
  });

  it('refuses a second acceptance of two concurrent ones', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const invitee = await org.account('invitee');
    const { token } = await org.invite(owner, orgId, invitee.email, 'member');
    const statuses = (await Promise.all([org.accept(invitee, token), org.accept(invitee, token)])).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 400]);
  });
});
