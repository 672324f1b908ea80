import { createHash } from 'node:crypto';
import { rateLimitConfig } from '../../apps/api/src/config/rate-limit-config.ts';
import type { RedisCommands } from './seed-sessions.ts';

/**
 * Settings that keep the API's rate limiters working — every request still pays for its limiter
 * scripts, which is part of what the bench measures — but never refusing, and in keys of their
 * own. A load run sends thousands of requests a second from one address; with the defaults
 * nearly all would be 429s. And the limiter keys are `pc:rl:<policy>:<window>s:<client ip>`:
 * other processes on this machine (test suites, `pnpm dev`) count 127.0.0.1 in the same Redis,
 * so a bench using the default windows would push them over their limits. A window length no one
 * else uses gives the bench disjoint keys; its length does not change what a check costs.
 *
 * Every `RATE_LIMIT_*_MAX` and `RATE_LIMIT_*_WINDOW_SECONDS` the API declares is set, so a limit
 * added later is covered too. Login failure counters are untouched: the bench's logins succeed.
 */
export function rateLimitOverrides(windowSeconds: number): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const name of Object.keys(rateLimitConfig)) {
    if (/^RATE_LIMIT_\w+_MAX$/.test(name)) overrides[name] = '1000000000';
    else if (/^RATE_LIMIT_\w+_WINDOW_SECONDS$/.test(name)) overrides[name] = String(windowSeconds);
  }
  return overrides;
}

/**
 * The login guard's per-account key for an email: as `accountKey` in
 * apps/api/src/lockout/login-guard.ts (the first 16 bytes of its SHA-256, in hex).
 */
function accountKey(email: string): string {
  return createHash('sha256').update(email).digest().subarray(0, 16).toString('hex');
}

/**
 * Deletes the limiter keys the bench caused: those in its private window, and the login guard's
 * per-account counters of its emails (a successful login counts, then gives back, so a zero
 * counter is left until its window ends).
 */
export async function deleteRateLimitKeys(
  redis: RedisCommands,
  input: { windowSeconds: number; emails: readonly string[] },
): Promise<number> {
  const accounts = input.emails.map(accountKey);
  const ours = (key: string) =>
    key.includes(`:${input.windowSeconds}s:`) || accounts.some((account) => key.includes(`:${account}`));
  const doomed: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = (await redis.sendCommand(['SCAN', cursor, 'MATCH', 'pc:rl:*', 'COUNT', '1000'])) as [
      string,
      string[],
    ];
    cursor = next;
    doomed.push(...batch.filter(ours));
  } while (cursor !== '0');
  let removed = 0;
  for (let start = 0; start < doomed.length; start += 500) {
    removed += Number(await redis.sendCommand(['UNLINK', ...doomed.slice(start, start + 500)]));
  }
  return removed;
}
