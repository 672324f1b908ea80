import { expect, inject, it } from 'vitest';
import { json, uniqueEmail } from '../../test/auth-client.ts';
import { orgClient } from '../../test/org-client.ts';
import { switchableStore } from '../../test/switchable-store.ts';
import { testApp } from '../../test/test-app.ts';
import { createRestStore } from '../store/rest-store.ts';

// Issue 14's routes reach Redis like every other: a Redis that does not answer is a 503
// STORE_UNAVAILABLE, never a 500, for the public token routes and the signed-in ones alike.
// (test/store-faults.node.test.ts kills and pauses a real Redis under them, on both drivers.)
it('answers 503 STORE_UNAVAILABLE on the invitation, profile and admin routes while Redis hangs', async () => {
  const base = testApp();
  const store = switchableStore(base.deps.store);
  const { request } = testApp({ store });
  const orgs = orgClient(request);
  // Signed in just now: the step-up routes (email change, account deletion) reach the store.
  const owner = await orgs.account('hang');
  const orgId = await orgs.createOrg(owner);
  const invitation = await orgs.invite(owner, orgId, uniqueEmail('hang-invitee'), 'member');
  const bearer = { Authorization: `Bearer ${owner.token}` };

  store.switchTo(createRestStore({ url: inject('hangingUrl'), token: 't', timeoutMs: 300 }));
  for (const [name, path, init] of [
    ['preview', '/api/invitations/preview', json({ token: 'x'.repeat(43) })],
    ['decline', '/api/invitations/decline', json({ token: 'x'.repeat(43) })],
    ['rename', '/api/auth/me', { method: 'PATCH', ...json({ name: 'New Name' }, bearer) }],
    ['change email', '/api/auth/email/change', json({ email: uniqueEmail('hang-new') }, bearer)],
    ['confirm email', '/api/auth/email/confirm', json({ token: 'x'.repeat(43) })],
    ['delete account', '/api/auth/me', { method: 'DELETE', headers: bearer }],
    ['admin user', '/api/admin/users/abc', { headers: bearer }],
    ['admin end session', '/api/admin/users/abc/sessions/def', { method: 'DELETE', headers: bearer }],
    ['resend invitation', `/api/orgs/${orgId}/invitations/${invitation.id}/resend`, json({}, bearer)],
    ['permissions version', '/api/auth/permissions-version', { headers: bearer }],
    ['reset check', '/api/auth/password/reset/check', json({ token: 'x'.repeat(43) })],
  ] as const) {
    const response = await request(path, init);
    expect(response.status, name).toBe(503);
    expect(await response.json(), name).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  }
  store.switchTo(base.deps.store);
  // Nothing of the refused writes ran: the owner is still signed in, and the invitation stands.
  const invitations = await orgs.json<{ invitations: { id: string }[] }>(
    await orgs.call(owner, 'GET', `/orgs/${orgId}/invitations`),
    200,
  );
  expect(invitations.invitations.map(({ id }) => id)).toEqual([invitation.id]);
}, 30_000);
