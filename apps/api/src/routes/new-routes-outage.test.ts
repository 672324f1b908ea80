import { expect, inject, it } from 'vitest';
import { authClient, json } from '../../test/auth-client.ts';
import { switchableStore } from '../../test/switchable-store.ts';
import { testApp } from '../../test/test-app.ts';
import { createRestStore } from '../store/rest-store.ts';

// Issue 14's routes reach Redis like every other: a Redis that does not answer is a 503
// STORE_UNAVAILABLE, never a 500, for the public token routes and the signed-in ones alike.
it('answers 503 STORE_UNAVAILABLE on the invitation, profile and admin routes while Redis hangs', async () => {
  const base = testApp();
  const store = switchableStore(base.deps.store);
  const { request } = testApp({ store });
  const auth = authClient(request);
  const { accessToken } = await auth.login((await auth.register()).email);
  const bearer = { Authorization: `Bearer ${accessToken}` };

  store.switchTo(createRestStore({ url: inject('hangingUrl'), token: 't', timeoutMs: 300 }));
  for (const [name, path, init] of [
    ['preview', '/api/invitations/preview', json({ token: 'x'.repeat(43) })],
    ['decline', '/api/invitations/decline', json({ token: 'x'.repeat(43) })],
    ['rename', '/api/auth/me', { method: 'PATCH', ...json({ name: 'New Name' }, bearer) }],
    ['confirm email', '/api/auth/email/confirm', json({ token: 'x'.repeat(43) })],
    ['admin user', '/api/admin/users/abc', { headers: bearer }],
  ] as const) {
    const response = await request(path, init);
    expect(response.status, name).toBe(503);
    expect(await response.json(), name).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  }
  store.switchTo(base.deps.store);
});
