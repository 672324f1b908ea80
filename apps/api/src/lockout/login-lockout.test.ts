import { afterEach, describe, expect, it, vi } from 'vitest';
import { PASSWORD, uniqueEmail } from '../../test/auth-client.ts';
import { expectRateLimited, limitedApp, randomIp } from '../../test/limits-test-app.ts';
import type { Config } from '../config/config.ts';

afterEach(() => {
  vi.useRealTimers();
});

const WRONG = 'not the password';
const MINUTE = 60_000;

/** Lockout and cap on their own: no per-IP login limit or backoff in the way unless a test wants them. */
function lockoutApp(limits: Partial<Config> = {}) {
  return limitedApp({ RATE_LIMIT_LOGIN_MAX: 1_000, LOGIN_BACKOFF_AFTER_FAILURES: 1_000, ...limits });
}

describe('login lockout per account and IP', () => {
  it('after 10 failures refuses that pair until the 15-minute window ends, even the right password, without hashing', async () => {
    const { login, register, clock, verifications } = lockoutApp();
    const email = await register();
    const ip = randomIp();
    for (let i = 0; i < 10; i += 1) expect((await login(email, WRONG, ip)).status).toBe(401);

    const hashed = verifications();
    expect(await expectRateLimited(await login(email, PASSWORD, ip))).toBe(15 * 60);
    expect(verifications()).toBe(hashed);

    clock.advance(15 * MINUTE - 1);
    await expectRateLimited(await login(email, PASSWORD, ip));
    clock.advance(1);
    expect((await login(email, PASSWORD, ip)).status).toBe(200);
  });

  it('does not lock the same account out from another IP', async () => {
    const { login, register } = lockoutApp({ LOGIN_LOCKOUT_THRESHOLD: 3 });
    const email = await register();
    const attacker = randomIp();
    for (let i = 0; i < 3; i += 1) expect((await login(email, WRONG, attacker)).status).toBe(401);
    await expectRateLimited(await login(email, PASSWORD, attacker));

    const owner = randomIp();
    expect((await login(email, WRONG, owner)).status).toBe(401);
    expect((await login(email, PASSWORD, owner)).status).toBe(200);
  });

  it('forgets the pair’s failures after a successful login', async () => {
    const { login, register } = lockoutApp({ LOGIN_LOCKOUT_THRESHOLD: 3 });
    const email = await register();
    const ip = randomIp();
    for (let i = 0; i < 2; i += 1) expect((await login(email, WRONG, ip)).status).toBe(401);
    expect((await login(email, PASSWORD, ip)).status).toBe(200);
    // Counted without the reset, these would be failures 3 and 4.
    for (let i = 0; i < 2; i += 1) expect((await login(email, WRONG, ip)).status).toBe(401);
    expect((await login(email, PASSWORD, ip)).status).toBe(200);
  });

  it('counts and refuses an unknown email exactly like a known one', async () => {
    const { login, register } = lockoutApp({ LOGIN_LOCKOUT_THRESHOLD: 3 });
    const known = await register();
    const unknown = uniqueEmail('nobody');
    const answers = async (email: string) => {
      const ip = randomIp();
      const seen: { status: number; body: unknown; retryAfter: string | null }[] = [];
      for (let i = 0; i < 4; i += 1) {
        const response = await login(email, WRONG, ip);
        seen.push({
          status: response.status,
          body: await response.json(),
          retryAfter: response.headers.get('Retry-After'),
        });
      }
      return seen;
    };
    const [forKnown, forUnknown] = [await answers(known), await answers(unknown)];
    expect(forKnown.map((answer) => answer.status)).toEqual([401, 401, 401, 429]);
    expect(forUnknown).toEqual(forKnown);
  });

  it('treats the email the way login does: case and surrounding spaces do not make a new bucket', async () => {
    const { login, register } = lockoutApp({ LOGIN_LOCKOUT_THRESHOLD: 3 });
    const email = await register();
    const ip = randomIp();
    for (const variant of [email.toUpperCase(), ` ${email}`, email]) {
      expect((await login(variant, WRONG, ip)).status).toBe(401);
    }
    await expectRateLimited(await login(email.toUpperCase(), PASSWORD, ip));
  });

  // Broke: the pair's counters were read, then the password checked, then the failure counted, so
  // 40 wrong passwords sent at once from one address all reached argon2.
  it.each([
    ['the lockout', {}, 10],
    ['the backoff', { LOGIN_BACKOFF_AFTER_FAILURES: 5 }, 5],
  ])('lets a parallel burst from one address check no more passwords than %s allows', async (_, limits, admitted) => {
    const { login, register, verifications } = lockoutApp(limits);
    const email = await register();
    const ip = randomIp();
    const hashed = verifications();
    const answers = await Promise.all(Array.from({ length: 40 }, () => login(email, WRONG, ip)));
    const statuses = answers.map((response) => response.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(admitted);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40 - admitted);
    expect(verifications() - hashed).toBe(admitted);
    // The burst locked the pair: the right password from there is refused too, unhashed.
    await expectRateLimited(await login(email, PASSWORD, ip));
    expect(verifications() - hashed).toBe(admitted);
  });

  // A success gives back what it reserved and clears the pair, even when successes race each other.
  it('lets parallel successes through and leaves the pair with no failures counted', async () => {
    const { login, register } = lockoutApp({ LOGIN_LOCKOUT_THRESHOLD: 3 });
    const email = await register();
    const ip = randomIp();
    const signIns = await Promise.all(Array.from({ length: 3 }, () => login(email, PASSWORD, ip)));
    expect(signIns.map((response) => response.status)).toEqual([200, 200, 200]);
    // Exactly three failures are left, not more: concurrent refunds do not turn into credit.
    for (let i = 0; i < 3; i += 1) expect((await login(email, WRONG, ip)).status).toBe(401);
    await expectRateLimited(await login(email, PASSWORD, ip));
  });

  it('backs off exponentially past 5 failures: each further failure waits for a window twice as long', async () => {
    // Production defaults but the per-IP login limit: backoff after 5, first window 60 s, lockout at 10.
    const { login, register, clock } = limitedApp({ RATE_LIMIT_LOGIN_MAX: 1_000 });
    const email = await register();
    const ip = randomIp();
    for (let i = 0; i < 5; i += 1) expect((await login(email, WRONG, ip)).status).toBe(401);
    // The clock starts where every window starts, so each wait runs to the end of the rung's window:
    // failure 6 waits out 60 s, failure 7 the rest of 2 min, failure 8 of 4 min, failure 9 of 8 min.
    for (const wait of [60, 60, 120, 240]) {
      expect(await expectRateLimited(await login(email, PASSWORD, ip))).toBe(wait);
      clock.advance(wait * 1000);
      expect((await login(email, WRONG, ip)).status).toBe(401);
    }
    // Failure 10 needs no wait, and then the lockout holds until its 15-minute window ends.
    expect((await login(email, WRONG, ip)).status).toBe(401);
    expect(await expectRateLimited(await login(email, PASSWORD, ip))).toBe(15 * 60 - 8 * 60);
    expect((await login(email, PASSWORD, randomIp())).status).toBe(200);
  });
});

describe('login failures per account from every IP', () => {
  it('past the cap refuses every IP, even with the right password, until the window ends', async () => {
    const { login, register, clock, verifications } = lockoutApp({ LOGIN_ACCOUNT_MAX_FAILURES: 3 });
    const email = await register();
    for (let i = 0; i < 3; i += 1) expect((await login(email, WRONG, randomIp())).status).toBe(401);

    const hashed = verifications();
    expect(await expectRateLimited(await login(email, PASSWORD, randomIp()))).toBe(60 * 60);
    expect(verifications()).toBe(hashed);

    clock.advance(59 * MINUTE);
    await expectRateLimited(await login(email, PASSWORD, randomIp()));
    clock.advance(MINUTE);
    expect((await login(email, PASSWORD, randomIp())).status).toBe(200);
  });

  it('cannot be exhausted from one address: attempts the pair lockout refuses are not counted', async () => {
    const { login, register } = lockoutApp({ LOGIN_LOCKOUT_THRESHOLD: 2, LOGIN_ACCOUNT_MAX_FAILURES: 3 });
    const email = await register();
    const attacker = randomIp();
    for (let i = 0; i < 2; i += 1) expect((await login(email, WRONG, attacker)).status).toBe(401);
    for (let i = 0; i < 5; i += 1) await expectRateLimited(await login(email, WRONG, attacker));
    expect((await login(email, PASSWORD, randomIp())).status).toBe(200);
  });

  it('counts failures only: a successful login gives its attempt back', async () => {
    const { login, register } = lockoutApp({ LOGIN_ACCOUNT_MAX_FAILURES: 2 });
    const email = await register();
    expect((await login(email, WRONG, randomIp())).status).toBe(401);
    expect((await login(email, PASSWORD, randomIp())).status).toBe(200);
    // Counted, the success would have used the second attempt and this would be refused.
    expect((await login(email, WRONG, randomIp())).status).toBe(401);
    await expectRateLimited(await login(email, PASSWORD, randomIp()));
  });
});
