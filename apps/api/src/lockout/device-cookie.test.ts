import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, PASSWORD } from '../../test/auth-client.ts';
import { expectRateLimited, limitedApp, randomIp } from '../../test/limits-test-app.ts';

afterEach(() => {
  vi.useRealTimers();
});

const WRONG = 'not the password';
const MINUTE = 60_000;
const SLOW = 30_000;

/** The device cookie a response set, or null. */
function deviceCookieOf(response: Response): string | null {
  for (const cookie of response.headers.getSetCookie()) {
    const match = /^__Secure-device=([^;]+)/.exec(cookie);
    if (match) return match[1] ?? null;
  }
  return null;
}

/**
 * A small account cap (10 failures an hour) and a pair/device lockout at 3, without the per-IP
 * login limit or backoff in the way: 5 addresses × 3 wrong passwords reach the cap.
 */
function setup() {
  const app = limitedApp({
    RATE_LIMIT_LOGIN_MAX: 1_000,
    LOGIN_BACKOFF_AFTER_FAILURES: 1_000,
    LOGIN_LOCKOUT_THRESHOLD: 3,
    LOGIN_ACCOUNT_MAX_FAILURES: 10,
  });
  const login = (email: string, password: string, ip: string, device?: string) =>
    app.request(
      '/api/auth/login',
      app.from(ip, json({ email, password }, device === undefined ? {} : { Cookie: `__Secure-device=${device}` })),
    );
  /** Signs in as the owner would, and keeps the device cookie the browser was given. */
  const signIn = async (email: string, ip = randomIp()) => {
    const response = await login(email, PASSWORD, ip);
    expect(response.status).toBe(200);
    const device = deviceCookieOf(response);
    expect(device).toBeTruthy();
    return device ?? '';
  };
  /** Many addresses guess at once until the account refuses clients without a device cookie. */
  const lockAccount = async (email: string) => {
    const attackers = Array.from({ length: 5 }, () => randomIp());
    const answers = await Promise.all(
      attackers.map(async (ip) => {
        const statuses: number[] = [];
        for (let i = 0; i < 3; i += 1) statuses.push((await login(email, WRONG, ip)).status);
        return statuses;
      }),
    );
    const statuses = answers.flat();
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
    await expectRateLimited(await login(email, PASSWORD, randomIp()));
    return attackers;
  };
  return { ...app, login, signIn, lockAccount };
}

describe('device cookies (OWASP) against lockout-DoS', () => {
  // Broke: there was no device cookie, so nothing told the owner's browser from a stranger's.
  it('are signed, HttpOnly, Secure, SameSite=Strict, scoped to /api/auth and kept a year', async () => {
    const { register, login } = setup();
    const email = await register();
    const response = await login(email, PASSWORD, randomIp());
    const cookie = response.headers.getSetCookie().find((value) => value.startsWith('__Secure-device='));
    expect(cookie).toMatch(/; Max-Age=31536000/);
    expect(cookie).toMatch(/; Path=\/api\/auth/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
  });

  // Broke: many addresses' wrong passwords filled the account-wide cap, and the owner was then
  // refused everywhere for the rest of the hour.
  it(
    'lets the owner’s browser sign in while many addresses have locked the account for everyone else',
    async () => {
      const { register, signIn, lockAccount, login } = setup();
      const email = await register();
      const home = randomIp();
      const device = await signIn(email, home);
      const attackers = await lockAccount(email);

      const fromHome = await login(email, PASSWORD, home, device);
      expect(fromHome.status).toBe(200);
      // A fresh device cookie each sign-in.
      const next = deviceCookieOf(fromHome);
      expect(next).toBeTruthy();
      // Even from an address whose own pair lockout the attack tripped.
      expect((await login(email, PASSWORD, attackers[0] ?? '', next ?? '')).status).toBe(200);
      // Without the cookie, the same browser is just another client.
      await expectRateLimited(await login(email, PASSWORD, home));
    },
    SLOW,
  );

  // The exemption must need a cookie we signed for this very account.
  it(
    'gives a forged cookie, or one of another account, no exemption',
    async () => {
      const { register, signIn, lockAccount, login } = setup();
      const victim = await register();
      const attacker = await register();
      const own = await signIn(victim);
      const [id, issued, tag] = own.split('.');
      const othersCookie = await signIn(attacker);
      await lockAccount(victim);

      const forgeries = [
        othersCookie,
        `${id}.${issued}.${tag?.slice(0, -2)}${tag?.endsWith('AA') ? 'BB' : 'AA'}`,
        `${id}.${Number(issued) + 1}.${tag}`,
        `${'A'.repeat(22)}.${issued}.${tag}`,
        'garbage',
        '',
      ];
      for (const forged of forgeries) await expectRateLimited(await login(victim, PASSWORD, randomIp(), forged));
      // The genuine one still works: the refusals above were the cookies', not the account's.
      expect((await login(victim, PASSWORD, randomIp(), own)).status).toBe(200);
    },
    SLOW,
  );

  // A device cookie (stolen, say) must not buy unlimited guesses past the cap.
  it(
    'give each device its own budget: past the threshold the cookie is ignored until its window ends',
    async () => {
      const { register, signIn, lockAccount, login, clock, verifications } = setup();
      const email = await register();
      const device = await signIn(email);
      await lockAccount(email);

      // A parallel burst with the cookie gets 3 password checks; the rest fall back to the
      // cookie-less rules, which the locked account refuses unhashed.
      const hashed = verifications();
      const burst = await Promise.all(Array.from({ length: 10 }, () => login(email, WRONG, randomIp(), device)));
      const statuses = burst.map((response) => response.status);
      expect(statuses.filter((status) => status === 401)).toHaveLength(3);
      expect(statuses.filter((status) => status === 429)).toHaveLength(7);
      expect(verifications() - hashed).toBe(3);
      // Retry-After is the device's window, not the account cap's hour.
      expect(await expectRateLimited(await login(email, PASSWORD, randomIp(), device))).toBe(15 * 60);

      clock.advance(15 * MINUTE);
      expect((await login(email, PASSWORD, randomIp(), device)).status).toBe(200);
    },
    SLOW,
  );

  it('are issued only for the right password', async () => {
    const { register, login } = setup();
    const email = await register();
    expect(deviceCookieOf(await login(email, WRONG, randomIp()))).toBeNull();
  });
});
