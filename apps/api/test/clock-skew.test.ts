import { describe, expect, it } from 'vitest';
import { keys } from '../src/keys/keys.ts';
import { authClient, json } from './auth-client.ts';
import { orgClient } from './org-client.ts';
import { tokenFromOutbox } from './outbox.ts';
import { manualClock, testApp } from './test-app.ts';

// Regression: the test clock was pinned to 2026-11-22 and scripts set absolute PEXPIREAT times
// from it, so a week later real Redis deleted every new session at once and CI turned red.
// The API's clock and Redis's may disagree by any amount; keys must still live as long as the
// API's clock says, no shorter and no longer.
const YEAR = 365 * 24 * 3_600_000;
const DAY = 24 * 3_600_000;

describe.each([
  ['five years behind', -5 * YEAR],
  ['five years ahead', 5 * YEAR],
])('with the API clock %s of Redis', (_label, skew) => {
  const clock = manualClock(Date.now() + skew);
  const { request, deps } = testApp({ now: clock.now });
  const auth = authClient(request);
  const orgs = orgClient(request);

  /** Redis's own view of a key's remaining life, in ms (-2: gone). */
  const pttl = async (key: string) => Number(await deps.store.send(['PTTL', key]));

  it('keeps a session alive for its idle lifetime, and not longer', async () => {
    const { email } = await auth.register();
    const session = await auth.login(email);
    clock.advance(DAY);
    expect((await auth.me(session.accessToken)).status).toBe(401); // the access token expired
    const rotated = await auth.refresh(session.refreshToken);
    expect(rotated.status).toBe(200);
    const { accessToken } = (await rotated.json()) as { accessToken: string };
    const sessions = await request('/api/sessions', { headers: { Authorization: `Bearer ${accessToken}` } });
    const { sessions: list } = (await sessions.json()) as { sessions: { id: string }[] };
    expect(list).toHaveLength(1);

    const idleMs = deps.config.SESSION_IDLE_TTL_SECONDS * 1000;
    const ttl = await pttl(keys.session(session.userId, list[0]?.id ?? ''));
    expect(ttl).toBeGreaterThan(idleMs - 60_000);
    expect(ttl).toBeLessThanOrEqual(idleMs);
    expect(await pttl(keys.userSessions(session.userId))).toBeLessThanOrEqual(
      deps.config.SESSION_ABSOLUTE_TTL_SECONDS * 1000,
    );
  });

  it('keeps an email verification link working until it expires', async () => {
    const { email } = await auth.register();
    const token = await tokenFromOutbox(request, email, 'Confirm your email address');
    clock.advance(60_000);
    expect((await request('/api/auth/verify-email', json({ token }))).status).toBe(204);
  });

  it('keeps an invitation acceptable, with a TTL no longer than its lifetime', async () => {
    const owner = await orgs.account('skew-owner');
    const orgId = await orgs.createOrg(owner);
    const joiner = await orgs.account('skew-joiner');
    const { id, token } = await orgs.invite(owner, orgId, joiner.email, 'member');
    const ttl = await pttl(keys.orgInvitation(orgId, id));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(deps.config.INVITATION_TTL_SECONDS * 1000);
    clock.advance(60_000);
    await orgs.json(await orgs.accept(joiner, token), 200);
  });
});
