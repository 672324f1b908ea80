import { describe, expect, it } from 'vitest';
import { mfaClient, problemCode } from '../../../test/mfa-client.ts';
import { orgClient } from '../../../test/org-client.ts';
import { manualClock, testApp } from '../../../test/test-app.ts';
import type { Store } from '../../store/store.ts';

function setup() {
  const clock = manualClock();
  const app = testApp({ now: clock.now });
  return { ...app, orgs: orgClient(app.request), mfa: mfaClient(app.request, clock.now) };
}

describe('org policy: requireMfa', () => {
  it('is refused to an owner who has no second factor themselves (409), and shown once on', async () => {
    const { orgs, mfa } = setup();
    const owner = await orgs.account('owner');
    const orgId = await orgs.createOrg(owner);
    const refused = await orgs.call(owner, 'PATCH', `/orgs/${orgId}`, { requireMfa: true });
    expect(await refused.json()).toMatchObject({ code: 'CONFLICT', errors: [{ path: 'requireMfa' }] });
    expect(
      ((await orgs.json(await orgs.call(owner, 'GET', `/orgs/${orgId}`), 200)) as { org: object }).org,
    ).toMatchObject({
      requireMfa: false,
    });

    await mfa.enrolTotp(owner.token);
    const patched = await orgs.json<{ org: object }>(
      await orgs.call(owner, 'PATCH', `/orgs/${orgId}`, { requireMfa: true }),
      200,
    );
    expect(patched.org).toMatchObject({ id: orgId, name: 'Acme', requireMfa: true });
    const read = await orgs.json<{ org: object }>(await orgs.call(owner, 'GET', `/orgs/${orgId}`), 200);
    expect(read.org).toMatchObject({ requireMfa: true });
    const audit = await orgs.json<{ events: { action: string; details: object }[] }>(
      await orgs.call(owner, 'GET', `/orgs/${orgId}/audit`),
      200,
    );
    expect(audit.events[0]).toMatchObject({ action: 'org.updated', details: { requireMfa: 'true' } });
  });

  it('answers 403 MFA_REQUIRED on every org route to a member without MFA, until they enrol', async () => {
    const { orgs, mfa } = setup();
    const owner = await orgs.account('owner');
    await mfa.enrolTotp(owner.token);
    const orgId = await orgs.createOrg(owner);
    const member = await orgs.member(owner, orgId, 'member');
    const postId = await orgs.post(owner, orgId);
    await orgs.json(await orgs.call(owner, 'PATCH', `/orgs/${orgId}`, { requireMfa: true }), 200);

    const routes: [string, string, unknown?][] = [
      ['GET', `/orgs/${orgId}`],
      ['GET', `/orgs/${orgId}/members`],
      ['GET', `/orgs/${orgId}/posts`],
      ['GET', `/orgs/${orgId}/posts/${postId}`],
      ['POST', `/orgs/${orgId}/posts`, { title: 'x', body: 'y' }],
      ['GET', `/orgs/${orgId}/roles`],
      ['DELETE', `/orgs/${orgId}/members/${member.userId}`],
    ];
    for (const [method, path, body] of routes) {
      expect(await problemCode(await orgs.call(member, method, path, body), 403), `${method} ${path}`).toBe(
        'MFA_REQUIRED',
      );
    }
    // Outsiders still learn nothing about the org: 404 as before.
    const stranger = await orgs.account('stranger');
    expect(await problemCode(await orgs.call(stranger, 'GET', `/orgs/${orgId}`), 404)).toBe('NOT_FOUND');
    // The owner, who has MFA, is not stopped.
    expect((await orgs.call(owner, 'GET', `/orgs/${orgId}/members`)).status).toBe(200);

    await mfa.enrolTotp(member.token);
    expect((await orgs.call(member, 'GET', `/orgs/${orgId}/posts`)).status).toBe(200);
  });

  it('is decided in the round trip of the session and permission check', async () => {
    const base = testApp();
    let roundTrips = 0;
    // Every round trip of a request's store goes through the driver's pipeline or batch.
    const counting: Store = {
      ...base.deps.store,
      pipeline: (commands) => {
        roundTrips += 1;
        return base.deps.store.pipeline(commands);
      },
      batch: (commands) => {
        roundTrips += 1;
        return base.deps.store.batch(commands);
      },
    };
    const app = testApp({ store: counting });
    const orgs = orgClient(app.request);
    const mfa = mfaClient(app.request, Date.now);
    const owner = await orgs.account('owner');
    await mfa.enrolTotp(owner.token);
    const orgId = await orgs.createOrg(owner);
    await orgs.json(await orgs.call(owner, 'PATCH', `/orgs/${orgId}`, { requireMfa: true }), 200);
    const member = await orgs.member(owner, orgId, 'member');
    await orgs.call(member, 'GET', `/orgs/${orgId}`); // scripts learnt
    roundTrips = 0;
    expect(await problemCode(await orgs.call(member, 'GET', `/orgs/${orgId}`), 403)).toBe('MFA_REQUIRED');
    expect(roundTrips).toBe(1);
  });

  it('stops applying once turned off, and renames still work alone', async () => {
    const { orgs, mfa } = setup();
    const owner = await orgs.account('owner');
    await mfa.enrolTotp(owner.token);
    const orgId = await orgs.createOrg(owner);
    const member = await orgs.member(owner, orgId, 'viewer');
    await orgs.json(await orgs.call(owner, 'PATCH', `/orgs/${orgId}`, { requireMfa: true }), 200);
    expect((await orgs.call(member, 'GET', `/orgs/${orgId}`)).status).toBe(403);
    await orgs.json(await orgs.call(owner, 'PATCH', `/orgs/${orgId}`, { requireMfa: false, name: 'Renamed' }), 200);
    const read = await orgs.json<{ org: object }>(await orgs.call(member, 'GET', `/orgs/${orgId}`), 200);
    expect(read.org).toMatchObject({ name: 'Renamed', requireMfa: false });
    expect(await problemCode(await orgs.call(owner, 'PATCH', `/orgs/${orgId}`, {}), 400)).toBe('VALIDATION_FAILED');
    expect(await problemCode(await orgs.call(owner, 'PATCH', `/orgs/${orgId}`, { requireMfa: 'yes' }), 400)).toBe(
      'VALIDATION_FAILED',
    );
  });
});
