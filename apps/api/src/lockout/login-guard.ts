import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { clientIpKey } from '../rate-limits/client-ip-key.ts';
import type { Limiter, LimitResult } from '../rate-limits/limiter.ts';
import { rateLimited } from '../rate-limits/rate-limited.ts';
import { setDeviceCookie, trustedDeviceOf } from '../tokens/device-cookie.ts';
import { accountKey } from './account-key.ts';
import { forgive } from './forgive.ts';
import { loginLimiters } from './login-limiters.ts';

export interface LoginAttempt {
  /**
   * The password was right: clears the failures its account+IP pair (or device) had counted, and
   * gives this attempt back to the account cap. A wrong password needs no call: it was counted
   * before the check.
   */
  succeeded(): Promise<void>;
  /**
   * The password was right but a second factor must follow: gives back only this attempt, and
   * keeps the failures counted before. Clearing them here would let whoever has the password
   * reset the count before every ticket, and guess codes without end; `succeeded` clears them
   * once the second factor is right too.
   */
  refund(): Promise<void>;
  /** The sign-in is complete: the browser gets a new device cookie for this account. */
  trustDevice(): Promise<void>;
}

const LOCKED = 'Too many failed sign-in attempts. Try again later.';

/** This attempt, counted on one limiter. */
interface Count {
  limiter: Limiter;
  identifier: string;
  result: LimitResult;
}

/** The failures a count held once this attempt was counted, this one included: what a success clears. */
const failuresSoFar = (count: Count) => count.limiter.max - count.result.remaining;

function giveBack(c: Context<AppEnv>, counts: readonly Count[], amount: (count: Count) => number): Promise<unknown> {
  const { store } = c.get('deps');
  return Promise.all(
    counts.map((count) => forgive(store, count.limiter, count.identifier, count.result, amount(count))),
  );
}

/**
 * Reserves the attempt before the password is checked: counts it on every limiter at once (each
 * count is atomic in Redis), and admits it only if all of them allowed it. So however many attempts
 * race, no more reach the password check than the tightest limit leaves — counting after the check
 * let a parallel burst past it. A refused attempt is given back everywhere: it checked nothing, so
 * it is no failure, and it cannot push another limit towards its threshold.
 */
async function reserve(
  c: Context<AppEnv>,
  limiters: readonly Limiter[],
  identifier: string,
): Promise<{ counts: Count[] } | { retryAfter: number }> {
  const counts = await Promise.all(
    limiters.map(async (limiter) => ({ limiter, identifier, result: await limiter.limit(identifier) })),
  );
  const now = c.get('deps').now();
  const refusing = counts.filter((count) => !count.result.allowed);
  if (refusing.length === 0) return { counts };
  await giveBack(c, counts, () => 1);
  return { retryAfter: Math.max(...refusing.map((count) => count.limiter.retryAfterSeconds(count.result.reset, now))) };
}

/**
 * Admits a login attempt for `email` (already normalised) or throws 429 before any password work,
 * so a refusal is cheap and costs an attacker no argon2 time of ours. Keyed by the email, never by
 * a user id: an unknown email is counted and refused exactly like a known one, and a refusal says
 * nothing about which emails have accounts. Password change checks its `currentPassword` here too.
 *
 * - A browser holding this account's device cookie (tokens/device-cookie.ts) is judged on its own budget
 *   only: neither the account cap nor any address's lockout applies to it, so strangers filling
 *   them cannot lock the owner out (OWASP's device-cookie defence). Past its budget the cookie is
 *   ignored until the window ends, and the attempt is judged like a cookie-less one.
 * - Per account+IP (backoff rungs, then the lockout): only the attacker's own address is refused
 *   (ASVS 6.3.1). Checked first, and a refusal here does not touch the account cap, so one address
 *   alone can never reach it.
 * - Per account from any IP, for clients without a device cookie: past NIST SP 800-63B's cap the
 *   account refuses them all until the window ends.
 */
export async function admitLoginAttempt(c: Context<AppEnv>, email: string): Promise<LoginAttempt> {
  const deps = c.get('deps');
  const { device: loginDevice, pair: loginPair, account: loginAccount } = loginLimiters(deps);
  const account = await accountKey(email);

  const trustDevice = () => setDeviceCookie(c, account);

  // When the device's own budget is spent too, the same request passes again once either ends.
  let deviceRetryAfter = Number.POSITIVE_INFINITY;
  const locked = (retryAfter: number) => rateLimited(Math.min(retryAfter, deviceRetryAfter), LOCKED);

  const device = await trustedDeviceOf(c, account);
  if (device) {
    const own = await reserve(c, [loginDevice], `${account}:${device}`);
    if ('counts' in own) {
      return {
        async succeeded() {
          await giveBack(c, own.counts, failuresSoFar);
        },
        async refund() {
          await giveBack(c, own.counts, () => 1);
        },
        trustDevice,
      };
    }
    deviceRetryAfter = own.retryAfter;
  }

  const pair = await reserve(c, loginPair, `${account}:${clientIpKey(deps.clientIp(c))}`);
  if ('retryAfter' in pair) throw locked(pair.retryAfter);
  const cap = await reserve(c, [loginAccount], account);
  if ('retryAfter' in cap) {
    await giveBack(c, pair.counts, () => 1);
    throw locked(cap.retryAfter);
  }
  return {
    async succeeded() {
      await Promise.all([giveBack(c, pair.counts, failuresSoFar), giveBack(c, cap.counts, () => 1)]);
    },
    async refund() {
      await giveBack(c, [...pair.counts, ...cap.counts], () => 1);
    },
    trustDevice,
  };
}
