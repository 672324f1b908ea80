import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { clientIpKey } from './client-ip-key.ts';
import { loginLimiters } from './limiters.ts';
import { rateLimited } from './rate-limited.ts';

export interface LoginAttempt {
  /** Counts a wrong password (or an unknown email) against the account+IP pair. */
  failed(): Promise<void>;
  /** The password was right: forgets the pair's failures, and this attempt on the account cap. */
  succeeded(): Promise<void>;
}

const LOCKED = 'Too many failed sign-in attempts. Try again later.';

/** A bounded, uniform key for whatever email was typed, known or not. */
async function accountKey(email: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(email)));
  return Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Admits a login attempt for `email` (already normalised) or throws 429 before any password work,
 * so a refusal is cheap and costs an attacker no argon2 time of ours. Keyed by the email, never by
 * a user id: an unknown email is counted and refused exactly like a known one, and a refusal says
 * nothing about which emails have accounts.
 *
 * - Per account+IP (backoff rungs, then the lockout): only the attacker's own address is refused,
 *   so nobody elsewhere can lock the real user out (ASVS 6.3.1). Checked first, and a refusal here
 *   does not touch the account cap, so one address alone can never reach it.
 * - Per account from any IP: counted before the password is checked (atomic in Redis, so a burst
 *   from many addresses cannot overshoot it) and given back when the password is right. Past it,
 *   the account refuses every login until its window ends; this one an attacker can trigger from
 *   elsewhere, and NIST SP 800-63B accepts that price for a hard cap on guessing.
 */
export async function admitLoginAttempt(c: Context<AppEnv>, email: string): Promise<LoginAttempt> {
  const deps = c.get('deps');
  const { pair: loginPair, account: loginAccount } = loginLimiters(deps);
  const account = await accountKey(email);
  const pair = `${account}:${clientIpKey(deps.clientIp(c))}`;

  const rungs = await Promise.all(loginPair.map((limiter) => limiter.peek(pair)));
  const refusing = loginPair.flatMap((limiter, index) => {
    const rung = rungs[index];
    return rung && rung.remaining === 0 ? [limiter.retryAfterSeconds(rung.reset, deps.now())] : [];
  });
  if (refusing.length > 0) throw rateLimited(Math.max(...refusing), LOCKED);

  const cap = await loginAccount.limit(account);
  if (!cap.allowed) throw rateLimited(loginAccount.retryAfterSeconds(cap.reset, deps.now()), LOCKED);

  return {
    async failed() {
      await Promise.all(loginPair.map((limiter) => limiter.limit(pair)));
    },
    async succeeded() {
      const now = deps.now();
      // Give back only within the window that was counted: a window that has ended took its count
      // with it, and a refund would land in the next one as credit.
      await Promise.all([
        now < cap.reset ? loginAccount.limit(account, -1) : null,
        ...loginPair.map((limiter, index) => {
          const rung = rungs[index];
          const used = rung ? limiter.max - rung.remaining : 0;
          return rung && used > 0 && now < rung.reset ? limiter.limit(pair, -used) : null;
        }),
      ]);
    },
  };
}
