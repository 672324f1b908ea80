import { afterEach, describe, expect, it, vi } from 'vitest';
import { json } from '../../../test/auth-client.ts';
import { limitedApp, randomIp } from '../../../test/limits-test-app.ts';
import { orgClient } from '../../../test/org-client.ts';
import { manualClock, testApp } from '../../../test/test-app.ts';

const clock = manualClock();
const { request } = testApp({ now: clock.now });
const org = orgClient(request);
const HOUR = 60 * 60 * 1000;

const preview = (token: unknown) => org.call(null, 'POST', '/invitations/preview', { token });
const decline = (token: unknown) => org.call(null, 'POST', '/invitations/decline', { token });

async function expectDeadToken(response: Response) {
  expect(response.status).toBe(400);
  expect(response.headers.get('Content-Type')).toContain('application/problem+json');
  expect(await response.json()).toMatchObject({
    code: 'VALIDATION_FAILED',
    errors: [{ path: 'token', message: 'Invalid or already used' }],
  });
}

async function invited(role = 'member') {
  const owner = await org.account('owner');
  const orgId = await org.createOrg(owner, 'Landing Co');
  const invitee = await org.account('invitee');
  const { id, token } = await org.invite(owner, orgId, invitee.email, role);
  return { owner, orgId, invitee, id, token };
}

describe('POST /api/invitations/preview', () => {
  it('shows the org, the inviter, the role and the invited address to whoever holds the link', async () => {
    const { orgId, invitee, token } = await invited('admin');
    const body = await org.json(await preview(token), 200);
    expect(body).toEqual({
      invitation: {
        email: invitee.email,
        role: { id: 'admin', name: 'Admin' },
        org: { id: orgId, name: 'Landing Co' },
        inviter: { name: 'Test User' },
        expiresAt: new Date(clock.now() + 48 * HOUR).toISOString(),
      },
    });
    // Nothing about the inviter but a name, and never a token hash.
    expect(JSON.stringify(body)).not.toMatch(/tokenHash|invitedBy|@example.test".*@/);
  });

  it('names a custom role by its name', async () => {
    const owner = await org.account('owner');
    const orgId = await org.createOrg(owner);
    const roleId = await org.customRole(owner, orgId, ['posts.read'], 'Reader of things');
    const invitee = await org.account('invitee');
    const { token } = await org.invite(owner, orgId, invitee.email, roleId);
    const body = await org.json<{ invitation: { role: unknown } }>(await preview(token), 200);
    expect(body.invitation.role).toEqual({ id: roleId, name: 'Reader of things' });
  });

  it('answers a tampered, made-up, malformed, used or expired token alike, with 400 on token', async () => {
    const { invitee, token } = await invited();
    const [orgId, invitationId, secret = ''] = token.split('.');
    const flipped = `${orgId}.${invitationId}.${secret.startsWith('A') ? 'B' : 'A'}${secret.slice(1)}`;
    for (const bad of [flipped, 'nonsense', `${orgId}.${invitationId}`, 'x'.repeat(256)]) {
      await expectDeadToken(await preview(bad));
    }
    const hostile = await preview({ $gt: '' });
    expect(hostile.status).toBe(400);
    expect((await preview('y'.repeat(300))).status).toBe(400);

    await org.json(await org.accept(invitee, token), 200);
    await expectDeadToken(await preview(token));

    const other = await invited();
    clock.advance(48 * HOUR);
    await expectDeadToken(await preview(other.token));
  });

  it('shows nothing once the invitation is withdrawn or the org deleted', async () => {
    const { owner, orgId, id, token } = await invited();
    await org.json(await org.call(owner, 'DELETE', `/orgs/${orgId}/invitations/${id}`), 204);
    await expectDeadToken(await preview(token));

    const second = await invited();
    await org.json(await org.call(second.owner, 'DELETE', `/orgs/${second.orgId}`), 204);
    await expectDeadToken(await preview(second.token));
  });
});

describe('POST /api/invitations/decline', () => {
  it('ends the invitation for good, with no account needed, and audits it', async () => {
    const { owner, orgId, invitee, token } = await invited();
    expect((await decline(token)).status).toBe(204);
    await expectDeadToken(await preview(token));
    await expectDeadToken(await org.accept(invitee, token));
    await expectDeadToken(await decline(token));

    const pending = await org.json<{ invitations: unknown[] }>(
      await org.call(owner, 'GET', `/orgs/${orgId}/invitations`),
      200,
    );
    expect(pending.invitations).toEqual([]);
    const audit = await org.json<{ events: { action: string; actor: string; details: Record<string, string> }[] }>(
      await org.call(owner, 'GET', `/orgs/${orgId}/audit`),
      200,
    );
    expect(audit.events[0]).toMatchObject({
      action: 'invitation.declined',
      actor: '',
      details: { email: invitee.email, role: 'member' },
    });
  });

  it('refuses a token of the same invitation with another secret, and leaves the invitation alone', async () => {
    const { invitee, token } = await invited();
    const [orgId, invitationId] = token.split('.');
    await expectDeadToken(await decline(`${orgId}.${invitationId}.${'A'.repeat(44)}`));
    expect((await preview(token)).status).toBe(200);
    await org.json(await org.accept(invitee, token), 200);
  });

  it('refuses a token the invitation was replaced by a resend or re-invite', async () => {
    const { owner, orgId, invitee, token } = await invited();
    await org.invite(owner, orgId, invitee.email, 'viewer');
    await expectDeadToken(await decline(token));
  });

  it('takes one winner when accept and decline race', async () => {
    const { invitee, token } = await invited();
    const [accepted, declined] = await Promise.all([org.accept(invitee, token), decline(token)]);
    const won = [accepted.status === 200, declined.status === 204].filter(Boolean);
    expect(won).toHaveLength(1);
    expect([accepted.status, declined.status]).toContain(400);
  });
});

describe('invitation link limits', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers 429 past RATE_LIMIT_INVITATION_MAX token checks from one address', async () => {
    const { request: limited, from } = limitedApp({ RATE_LIMIT_INVITATION_MAX: 3 });
    const ip = randomIp();
    const guess = `${'a'.repeat(22)}.${'b'.repeat(22)}.${'c'.repeat(44)}`;
    for (let i = 0; i < 3; i += 1) {
      expect((await limited('/api/invitations/preview', from(ip, json({ token: guess })))).status).toBe(400);
    }
    const refused = await limited('/api/invitations/decline', from(ip, json({ token: guess })));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toMatch(/^\d+$/);
  });
});
