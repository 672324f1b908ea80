import { describe, expect, it } from 'vitest';
import { uniqueEmail } from '../../../test/auth-client.ts';
import { orgClient } from '../../../test/org-client.ts';
import { outboxOf } from '../../../test/outbox.ts';
import { manualClock, testApp } from '../../../test/test-app.ts';

const clock = manualClock();
const { request } = testApp({ now: clock.now });
const org = orgClient(request);
const HOUR = 60 * 60 * 1000;

interface Resent {
  invitation: { id: string; email: string; role: string; invitedBy: string; expiresAt: string };
  link: string;
}

const resend = (who: Parameters<typeof org.call>[0], orgId: string, id: string, body?: unknown) =>
  org.call(who, 'POST', `/orgs/${orgId}/invitations/${id}/resend`, body ?? {});
const tokenOf = (link: string) => new URL(link).searchParams.get('token') ?? '';

async function setup() {
  const owner = await org.account('resender');
  const orgId = await org.createOrg(owner, 'Resend Co');
  const invitee = await org.account('reinvited');
  const first = await org.invite(owner, orgId, invitee.email, 'member');
  return { owner, orgId, invitee, first };
}

describe('POST /api/orgs/:orgId/invitations/:id/resend', () => {
  it('mails a new link with a new expiry; the old link is dead at once, the new one joins', async () => {
    const { owner, orgId, invitee, first } = await setup();
    clock.advance(5 * 60 * 1000);
    const body = await org.json<Resent>(await resend(owner, orgId, first.id), 200);
    expect(body.invitation).toMatchObject({ email: invitee.email, role: 'member', invitedBy: owner.userId });
    expect(body.invitation.id).not.toBe(first.id);
    expect(body.invitation.expiresAt).toBe(new Date(clock.now() + 48 * HOUR).toISOString());
    expect(body.link).toMatch(/^http:\/\/portcullis\.test\/accept-invitation\?token=/);

    const newest = await org.invitationToken(invitee.email);
    expect(newest).toBe(tokenOf(body.link));
    expect(newest).not.toBe(first.token);
    expect((await org.accept(invitee, first.token)).status).toBe(400);
    const pending = await org.json<{ invitations: { id: string }[] }>(
      await org.call(owner, 'GET', `/orgs/${orgId}/invitations`),
      200,
    );
    expect(pending.invitations.map((i) => i.id)).toEqual([body.invitation.id]);
    await org.json(await org.accept(invitee, newest), 200);
    const audit = await org.json<{ events: { action: string }[] }>(
      await org.call(owner, 'GET', `/orgs/${orgId}/audit`),
      200,
    );
    expect(audit.events.map((e) => e.action)).toContain('invitation.resent');
  });

  it('only makes the link with notify: false (copy link), and sends no mail', async () => {
    const { owner, orgId, invitee, first } = await setup();
    const before = (await outboxOf(request, invitee.email)).length;
    const body = await org.json<Resent>(await resend(owner, orgId, first.id, { notify: false }), 200);
    expect(await outboxOf(request, invitee.email)).toHaveLength(before);
    await org.json(await org.accept(invitee, tokenOf(body.link)), 200);
  });

  it('answers 404 for another org’s invitation, a withdrawn, accepted or expired one, and made-up ids', async () => {
    const { owner, orgId, invitee, first } = await setup();
    const other = await setup();
    // The id of an invitation of another org, through this org's path: not there.
    expect((await resend(owner, orgId, other.first.id)).status).toBe(404);
    // An outsider to the org: 404 for everything in it.
    expect((await resend(other.owner, orgId, first.id)).status).toBe(404);
    for (const id of ['nope', '../../x', 'A'.repeat(22)]) {
      expect((await resend(owner, orgId, id)).status).toBe(404);
    }
    await org.json(await org.accept(invitee, first.token), 200);
    expect((await resend(owner, orgId, first.id)).status).toBe(404);

    const later = await org.invite(other.owner, other.orgId, uniqueEmail('expiring'), 'viewer');
    clock.advance(49 * HOUR);
    expect((await resend(await org.signInAgain(other.owner), other.orgId, later.id)).status).toBe(404);
  });

  it('is refused to a member without invitations.create, and for a role above the resender’s', async () => {
    const { owner, orgId, first } = await setup();
    const member = await org.member(owner, orgId, 'member', 'plain');
    const refused = await resend(member, orgId, first.id);
    expect(refused.status).toBe(403);
    const admin = await org.member(owner, orgId, 'admin', 'admin');
    const ownerInvite = await org.invite(owner, orgId, uniqueEmail('future-owner'), 'owner');
    const above = await resend(admin, orgId, ownerInvite.id);
    expect(above.status).toBe(403);
    expect((await org.call(owner, 'GET', `/orgs/${orgId}/invitations`)).status).toBe(200);
    // The owner-role invitation is untouched: its link still works.
    expect((await org.call(null, 'POST', '/invitations/preview', { token: ownerInvite.token })).status).toBe(200);
  });

  it('refuses a hostile body with 400, and one of a resend racing an accept wins', async () => {
    const { owner, orgId, invitee, first } = await setup();
    for (const body of [{ notify: 'yes' }, { notify: null }, []]) {
      expect((await resend(owner, orgId, first.id, body)).status).toBe(400);
    }
    const [resent, accepted] = await Promise.all([resend(owner, orgId, first.id), org.accept(invitee, first.token)]);
    const outcomes = [resent.status, accepted.status];
    expect(outcomes.includes(200) && (outcomes.includes(404) || outcomes.includes(400))).toBe(true);
    expect(outcomes.filter((status) => status === 200)).toHaveLength(1);
  });
});
