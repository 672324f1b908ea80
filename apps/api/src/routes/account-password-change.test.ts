import { describe, expect, it } from 'vitest';
import { authClient, json, laptop, PASSWORD, phone } from '../../test/auth-client.ts';
import { outboxOf, tokenFromOutbox } from '../../test/outbox.ts';
import { manualClock, testApp } from '../../test/test-app.ts';

const NEW_PASSWORD = 'a brand new passphrase';

function setup() {
  const clock = manualClock();
  const app = testApp({ now: clock.now });
  const client = authClient(app.request);
  const change = (accessToken: string, currentPassword: string, newPassword: string) =>
    app.request(
      '/api/auth/password/change',
      json({ currentPassword, newPassword }, { Authorization: `Bearer ${accessToken}` }),
    );
  const loginStatus = async (email: string, password: string) =>
    (await app.request('/api/auth/login', json({ email, password }))).status;
  return { ...app, clock, client, change, loginStatus };
}

describe('POST /api/auth/password/change', () => {
  it('sets the new password and ends every other session, keeping this one', async () => {
    const { client, change, loginStatus, clock } = setup();
    const { email } = await client.register();
    const here = await client.login(email, laptop);
    const elsewhere = await client.login(email, phone);

    expect((await change(here.accessToken, PASSWORD, NEW_PASSWORD)).status).toBe(204);

    expect((await client.me(here.accessToken)).status).toBe(200);
    const gone = await client.me(elsewhere.accessToken);
    expect(gone.status).toBe(401);
    expect(await gone.json()).toMatchObject({ code: 'SESSION_REVOKED' });
    clock.advance(11_000);
    expect((await client.refresh(elsewhere.refreshToken)).status).toBe(401);
    expect((await client.refresh(here.refreshToken)).status).toBe(200);

    expect(await loginStatus(email, PASSWORD)).toBe(401);
    expect(await loginStatus(email, NEW_PASSWORD)).toBe(200);
  });

  it('records password.changed and emails the user', async () => {
    const { client, change, request } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    await change(session.accessToken, PASSWORD, NEW_PASSWORD);
    const [notice] = await outboxOf(request, email);
    expect(notice?.subject).toBe('Your password was changed');
    expect(notice?.text).toContain('Every other device has been signed out.');
    const events = await request('/api/auth/events', { headers: { Authorization: `Bearer ${session.accessToken}` } });
    const types = ((await events.json()) as { events: { type: string }[] }).events.map((event) => event.type);
    expect(types[0]).toBe('password.changed');
  });

  it('refuses a wrong current password with 400 on currentPassword, and changes nothing', async () => {
    const { client, change, loginStatus, request } = setup();
    const { email } = await client.register();
    const here = await client.login(email, laptop);
    const elsewhere = await client.login(email, phone);
    const response = await change(here.accessToken, 'not my password', NEW_PASSWORD);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'currentPassword', message: 'Incorrect password' }],
    });
    expect((await client.me(elsewhere.accessToken)).status).toBe(200);
    expect(await loginStatus(email, PASSWORD)).toBe(200);
    expect((await outboxOf(request, email)).map((message) => message.subject)).not.toContain(
      'Your password was changed',
    );
  });

  it('refuses a new password equal to the current one or outside 8–128 characters', async () => {
    const { client, change } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    for (const [newPassword, path] of [
      [PASSWORD, 'newPassword'],
      ['short', 'newPassword'],
      ['x'.repeat(129), 'newPassword'],
    ] as const) {
      const response = await change(session.accessToken, PASSWORD, newPassword);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ errors: [{ path }] });
    }
  });

  it('needs a live bearer token', async () => {
    const { client, change, request } = setup();
    expect((await change('nonsense', PASSWORD, NEW_PASSWORD)).status).toBe(401);
    const { email } = await client.register();
    const session = await client.login(email);
    await request('/api/auth/logout', json({}, { Authorization: `Bearer ${session.accessToken}` }));
    const revoked = await change(session.accessToken, PASSWORD, NEW_PASSWORD);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ code: 'SESSION_REVOKED' });
  });

  it('kills a pending reset link, which was asked for under the old password', async () => {
    const { client, change, request } = setup();
    const { email } = await client.register();
    await request('/api/auth/password/forgot', json({ email }));
    const token = await tokenFromOutbox(request, email, 'Reset your password');
    const session = await client.login(email);
    await change(session.accessToken, PASSWORD, NEW_PASSWORD);
    const reset = await request('/api/auth/password/reset', json({ token, password: 'attacker chosen pass' }));
    expect(reset.status).toBe(400);
  });
});
