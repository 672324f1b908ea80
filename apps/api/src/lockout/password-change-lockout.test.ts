import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, PASSWORD } from '../../test/auth-client.ts';
import { expectRateLimited, limitedApp, randomIp } from '../../test/limits-test-app.ts';

afterEach(() => {
  vi.useRealTimers();
});

const WRONG = 'not the password';
const NEW_PASSWORD = 'a brand new passphrase';

/** Production lockout rules, without the per-IP password-endpoint limit or the backoff in the way. */
function setup(limits: Parameters<typeof limitedApp>[0] = {}) {
  const app = limitedApp({ RATE_LIMIT_PASSWORD_MAX: 1_000, LOGIN_BACKOFF_AFTER_FAILURES: 1_000, ...limits });
  const signIn = async (email: string, ip: string) => {
    const response = await app.login(email, PASSWORD, ip);
    expect(response.status).toBe(200);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };
  const change = (accessToken: string, currentPassword: string, ip: string) =>
    app.request(
      '/api/auth/password/change',
      app.from(ip, json({ currentPassword, newPassword: NEW_PASSWORD }, { Authorization: `Bearer ${accessToken}` })),
    );
  return { ...app, signIn, change };
}

describe('POST /api/auth/password/change: guessing the current password', () => {
  // Broke: whoever held a session (a stolen access token) could try current passwords without limit.
  it('lets a parallel burst check no more current passwords than the login lockout allows', async () => {
    const { register, signIn, change, login, verifications } = setup();
    const email = await register();
    const ip = randomIp();
    const accessToken = await signIn(email, ip);

    const hashed = verifications();
    const answers = await Promise.all(Array.from({ length: 40 }, () => change(accessToken, WRONG, ip)));
    const statuses = answers.map((response) => response.status);
    expect(statuses.filter((status) => status === 400)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30);
    expect(verifications() - hashed).toBe(10);

    // Locked like a login: the right current password is refused too, unhashed, with Retry-After.
    expect(await expectRateLimited(await change(accessToken, PASSWORD, ip))).toBe(15 * 60);
    expect(verifications() - hashed).toBe(10);
    // It is the login's own lockout: signing in from that address is refused as well.
    await expectRateLimited(await login(email, PASSWORD, ip));
  });

  // Broke: wrong current passwords from many addresses never reached the account-wide cap.
  it('counts wrong answers from every address against the account-wide cap', async () => {
    const { register, signIn, change } = setup({ LOGIN_ACCOUNT_MAX_FAILURES: 3 });
    const email = await register();
    const accessToken = await signIn(email, randomIp());
    for (let i = 0; i < 3; i += 1) expect((await change(accessToken, WRONG, randomIp())).status).toBe(400);
    await expectRateLimited(await change(accessToken, PASSWORD, randomIp()));
  });

  it('clears the count when the current password is right', async () => {
    const { register, signIn, change, login } = setup({ LOGIN_LOCKOUT_THRESHOLD: 3 });
    const email = await register();
    const ip = randomIp();
    const accessToken = await signIn(email, ip);
    for (let i = 0; i < 2; i += 1) expect((await change(accessToken, WRONG, ip)).status).toBe(400);
    expect((await change(accessToken, PASSWORD, ip)).status).toBe(204);
    // The pair starts again from zero: three more failures before the lockout.
    for (let i = 0; i < 3; i += 1) expect((await login(email, WRONG, ip)).status).toBe(401);
    await expectRateLimited(await login(email, NEW_PASSWORD, ip));
  });
});
