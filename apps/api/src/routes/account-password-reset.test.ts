import { describe, expect, it } from 'vitest';
import { authClient, json, laptop, PASSWORD, phone, uniqueEmail } from '../../test/auth-client.ts';
import { outboxOf, tokenFromOutbox } from '../../test/outbox.ts';
import { manualClock, testApp } from '../../test/test-app.ts';
import { keys } from '../keys/keys.ts';

const NEW_PASSWORD = 'a brand new passphrase';
const HOUR = 60 * 60 * 1000;

function setup() {
  const clock = manualClock();
  const app = testApp({ now: clock.now });
  const client = authClient(app.request);
  const forgot = (email: string) => app.request('/api/auth/password/forgot', json({ email }));
  const reset = (token: string, password = NEW_PASSWORD) =>
    app.request('/api/auth/password/reset', json({ token, password }));
  const loginStatus = async (email: string, password: string) =>
    (await app.request('/api/auth/login', json({ email, password }))).status;
  const resetToken = (email: string) => tokenFromOutbox(app.request, email, 'Reset your password');
  return { ...app, clock, client, forgot, reset, loginStatus, resetToken };
}

async function expectBadToken(response: Response, message: string) {
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({
    code: 'VALIDATION_FAILED',
    errors: [{ path: 'token', message }],
  });
}

describe('POST /api/auth/password/forgot', () => {
  it('answers 202 and emails a link to the SPA carrying a single-use token', async () => {
    const { client, forgot, request } = setup();
    const { email } = await client.register();
    const response = await forgot(email.toUpperCase());
    expect(response.status).toBe(202);
    const [message] = await outboxOf(request, email);
    expect(message?.subject).toBe('Reset your password');
    const link = new URL(message?.links[0] ?? '');
    expect(`${link.origin}${link.pathname}`).toBe('http://portcullis.test/reset-password');
    const token = link.searchParams.get('token') ?? '';
    expect(message?.text).toContain(token);
  });

  it('answers 202 for an unknown email too, and sends nothing', async () => {
    const { forgot, request } = setup();
    const email = uniqueEmail('nobody');
    const response = await forgot(email);
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');
    expect(await outboxOf(request, email)).toEqual([]);
  });

  it('links to APP_URL when it is set, not to the Host the request named', async () => {
    const clock = manualClock();
    const base = testApp();
    const { request } = testApp({
      now: clock.now,
      config: { ...base.deps.config, APP_URL: 'https://app.example.test' },
    });
    const { email } = await authClient(request).register();
    await request('/api/auth/password/forgot', json({ email }));
    const token = await tokenFromOutbox(request, email, 'Reset your password');
    const [message] = await outboxOf(request, email);
    expect(message?.links).toEqual([`https://app.example.test/reset-password?token=${encodeURIComponent(token)}`]);
  });

  it('refuses a malformed email with 400', async () => {
    const { forgot } = setup();
    expect((await forgot('not-an-email')).status).toBe(400);
  });
});

describe('POST /api/auth/password/reset', () => {
  it('sets the new password once and ends every session of the user, access and refresh alike', async () => {
    const { client, forgot, reset, resetToken, loginStatus, clock } = setup();
    const { email } = await client.register();
    const onLaptop = await client.login(email, laptop);
    const onPhone = await client.login(email, phone);
    await forgot(email);
    const token = await resetToken(email);

    expect((await reset(token)).status).toBe(204);

    for (const session of [onLaptop, onPhone]) {
      const me = await client.me(session.accessToken);
      expect(me.status).toBe(401);
      expect(await me.json()).toMatchObject({ code: 'SESSION_REVOKED' });
      clock.advance(11_000);
      const refreshed = await client.refresh(session.refreshToken);
      expect(refreshed.status).toBe(401);
    }
    expect(await loginStatus(email, PASSWORD)).toBe(401);
    expect(await loginStatus(email, NEW_PASSWORD)).toBe(200);

    // Used once: the same link again is refused and changes nothing.
    await expectBadToken(await reset(token, 'yet another passphrase'), 'Invalid or already used');
    expect(await loginStatus(email, 'yet another passphrase')).toBe(401);
    expect(await loginStatus(email, NEW_PASSWORD)).toBe(200);
  });

  it('records password.reset and emails the user that it happened', async () => {
    const { client, forgot, reset, resetToken, request } = setup();
    const { email } = await client.register();
    await forgot(email);
    expect((await reset(await resetToken(email))).status).toBe(204);
    const [notice] = await outboxOf(request, email);
    expect(notice?.subject).toBe('Your password was reset');
    const session = await client.login(email, laptop, NEW_PASSWORD);
    const events = await request('/api/auth/events', { headers: { Authorization: `Bearer ${session.accessToken}` } });
    const types = ((await events.json()) as { events: { type: string }[] }).events.map((event) => event.type);
    expect(types).toContain('password.reset');
  });

  it('refuses an expired link and changes nothing', async () => {
    const { client, forgot, reset, resetToken, loginStatus, clock } = setup();
    const { email } = await client.register();
    const session = await client.login(email);
    await forgot(email);
    const token = await resetToken(email);
    clock.advance(HOUR);
    await expectBadToken(await reset(token), 'Expired');
    expect(await loginStatus(email, PASSWORD)).toBe(200);
    // The session survived (its access token has expired by now; its refresh token has not).
    expect((await client.refresh(session.refreshToken)).status).toBe(200);
  });

  it('accepts a link until its last millisecond', async () => {
    const { client, forgot, reset, resetToken, clock } = setup();
    const { email } = await client.register();
    await forgot(email);
    const token = await resetToken(email);
    clock.advance(HOUR - 1);
    expect((await reset(token)).status).toBe(204);
  });

  it('honours only the newest link when the user asked twice', async () => {
    const { client, forgot, reset, resetToken, loginStatus } = setup();
    const { email } = await client.register();
    await forgot(email);
    const first = await resetToken(email);
    await forgot(email);
    const second = await resetToken(email);
    expect(second).not.toBe(first);
    await expectBadToken(await reset(first), 'Invalid or already used');
    expect(await loginStatus(email, PASSWORD)).toBe(200);
    expect((await reset(second)).status).toBe(204);
  });

  it('lets exactly one of two concurrent uses of a link through', async () => {
    const { client, forgot, reset, resetToken, loginStatus } = setup();
    const { email } = await client.register();
    await forgot(email);
    const token = await resetToken(email);
    const answers = await Promise.all([reset(token, 'first racer password'), reset(token, 'second racer password')]);
    expect(answers.map((response) => response.status).sort()).toEqual([204, 400]);
    const winners = [
      await loginStatus(email, 'first racer password'),
      await loginStatus(email, 'second racer password'),
    ];
    expect(winners.sort()).toEqual([200, 401]);
  });

  it('refuses forged and malformed tokens, including one aimed at another user, and touches nothing', async () => {
    const { client, forgot, reset, resetToken, loginStatus, deps } = setup();
    const victim = await client.register();
    const attacker = await client.register();
    await forgot(attacker.email);
    const attackerToken = await resetToken(attacker.email);
    const secret = attackerToken.slice(attackerToken.indexOf('.') + 1);
    for (const forged of [`${victim.userId}.${secret}`, `${victim.userId}.${'A'.repeat(43)}`, 'garbage', '']) {
      const response = await reset(forged);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect(await loginStatus(victim.email, PASSWORD)).toBe(200);
    // The victim never asked: no token exists for them at all.
    expect(await deps.store.send(['EXISTS', keys.userResetToken(victim.userId)])).toBe(0);
  });

  it('refuses a password outside 8–128 characters without spending the link', async () => {
    const { client, forgot, reset, resetToken } = setup();
    const { email } = await client.register();
    await forgot(email);
    const token = await resetToken(email);
    for (const password of ['short', 'x'.repeat(129)]) {
      const response = await reset(token, password);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ errors: [{ path: 'password' }] });
    }
    expect((await reset(token)).status).toBe(204);
  });

  it('stores only a hash of the token, with a TTL', async () => {
    const { client, forgot, resetToken, deps } = setup();
    const { email, userId } = await client.register();
    await forgot(email);
    const token = await resetToken(email);
    const stored = await deps.store.send(['HGETALL', keys.userResetToken(userId)]);
    expect(JSON.stringify(stored)).not.toContain(token.slice(token.indexOf('.') + 1));
    const ttl = Number(await deps.store.send(['PTTL', keys.userResetToken(userId)]));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(HOUR);
  });
});

describe('POST /api/auth/password/reset/check', () => {
  it('answers 204 for a link that works, without spending it, and the reset’s own error once spent or expired', async () => {
    const { client, forgot, reset, resetToken, request, clock } = setup();
    const check = (token: string) => request('/api/auth/password/reset/check', json({ token }));
    const { email } = await client.register();
    await forgot(email);
    const token = await resetToken(email);
    expect((await check(token)).status).toBe(204);
    expect((await check(token)).status).toBe(204);
    expect((await reset(token)).status).toBe(204);
    await expectBadToken(await check(token), 'Invalid or already used');
    await expectBadToken(await check('not-a-token'), 'Invalid or already used');

    await forgot(email);
    const later = await resetToken(email);
    clock.advance(2 * HOUR);
    await expectBadToken(await check(later), 'Expired');
  });
});
