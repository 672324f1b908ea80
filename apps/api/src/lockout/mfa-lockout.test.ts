import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Device, laptop, PASSWORD } from '../../test/auth-client.ts';
import { expectRateLimited, limitedApp, randomIp } from '../../test/limits-test-app.ts';
import { mfaClient, problemCode, STEP_MS, totpCode, wrongCode } from '../../test/mfa-client.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** The lockout alone (3 failures per account+IP), nothing else limiting. */
function lockoutApp() {
  const app = limitedApp({
    RATE_LIMIT_GLOBAL_MAX: 1_000_000,
    RATE_LIMIT_LOGIN_MAX: 1_000_000,
    RATE_LIMIT_REGISTER_MAX: 1_000_000,
    LOGIN_BACKOFF_AFTER_FAILURES: 1_000,
    LOGIN_LOCKOUT_THRESHOLD: 3,
  });
  return { ...app, client: mfaClient(app.request, app.clock.now) };
}

const from = (): Device => ({ ...laptop, ip: randomIp() });

describe('second-factor answers and the login lockout', () => {
  // Without this, a password thief could guess codes at the speed of fresh tickets.
  it('counts wrong codes like wrong passwords: the pair is locked, even for the right code', async () => {
    const { client, clock } = lockoutApp();
    const device = from();
    const user = await client.enrolledUser('lock', device);
    clock.advance(STEP_MS);
    const ticket = await client.ticket(user.email, device);
    for (let i = 0; i < 3; i += 1) {
      const wrong = wrongCode(user.secret, clock.now());
      expect(await problemCode(await client.verify(ticket, 'totp', wrong, device), 401)).toBe('INVALID_CREDENTIALS');
    }
    await expectRateLimited(await client.verify(ticket, 'totp', totpCode(user.secret, clock.now()), device));
    await expectRateLimited(
      await client.post(
        '/api/auth/login',
        { email: user.email, password: PASSWORD },
        undefined,
        client.deviceHeaders(device),
      ),
    );
    // Only that address: the owner elsewhere signs in.
    const elsewhere = from();
    const code = totpCode(user.secret, clock.now());
    expect((await client.verify(await client.ticket(user.email, elsewhere), 'totp', code, elsewhere)).status).toBe(200);
  });

  // Broke: the right password cleared the pair's failures, so fresh tickets gave a password thief
  // unlimited code guesses from one address.
  it('keeps counting wrong codes across tickets: only a complete sign-in clears them', async () => {
    const { client, clock } = lockoutApp();
    const device = from();
    const user = await client.enrolledUser('lock', device);
    clock.advance(STEP_MS);
    const wrong = wrongCode(user.secret, clock.now());
    const first = await client.ticket(user.email, device);
    for (let i = 0; i < 2; i += 1) expect((await client.verify(first, 'totp', wrong, device)).status).toBe(401);
    const second = await client.ticket(user.email, device);
    expect((await client.verify(second, 'totp', wrong, device)).status).toBe(401);
    await expectRateLimited(await client.verify(second, 'totp', wrong, device));
  });

  it('counts wrong re-authentications too', async () => {
    const { client } = lockoutApp();
    const device = from();
    const { email } = await client.register();
    const { accessToken } = await client.login(email, device);
    const reauth = (body: unknown) => client.post('/api/auth/reauth', body, accessToken, client.deviceHeaders(device));
    for (let i = 0; i < 3; i += 1) {
      expect(await problemCode(await reauth({ password: 'wrong' }), 401)).toBe('INVALID_CREDENTIALS');
    }
    await expectRateLimited(await reauth({ password: PASSWORD }));
  });

  it('gives a right answer’s reservation back, like a right password', async () => {
    const { client, clock } = lockoutApp();
    const device = from();
    const user = await client.enrolledUser('lock', device);
    for (let round = 0; round < 3; round += 1) {
      clock.advance(STEP_MS);
      const ticket = await client.ticket(user.email, device);
      const wrong = wrongCode(user.secret, clock.now());
      expect((await client.verify(ticket, 'totp', wrong, device)).status).toBe(401);
      expect((await client.verify(ticket, 'totp', wrong, device)).status).toBe(401);
      expect((await client.verify(ticket, 'totp', totpCode(user.secret, clock.now()), device)).status).toBe(200);
    }
  });
});
