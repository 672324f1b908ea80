import type { Deps } from '../app-env.ts';
import type { Config } from '../config/config.ts';
import { createLimiter, type Limiter } from '../rate-limits/limiter.ts';
import { storeRatelimitRedis } from '../rate-limits/store-ratelimit-redis.ts';

/**
 * The backoff as rungs of fixed windows: rung k allows `after + k` failures per `base · 2^k`
 * seconds, so each failure past `after` waits for a window twice as long as the one before. Rungs
 * stop below the lockout's threshold, and where a window would be no shorter than the lockout's.
 */
export function backoffRungs(config: Config): { max: number; windowSeconds: number }[] {
  const rungs: { max: number; windowSeconds: number }[] = [];
  for (let k = 0; config.LOGIN_BACKOFF_AFTER_FAILURES + k < config.LOGIN_LOCKOUT_THRESHOLD; k += 1) {
    const windowSeconds = config.LOGIN_BACKOFF_BASE_SECONDS * 2 ** k;
    if (windowSeconds >= config.LOGIN_LOCKOUT_SECONDS) break;
    rungs.push({ max: config.LOGIN_BACKOFF_AFTER_FAILURES + k, windowSeconds });
  }
  return rungs;
}

/** The failed-login counters (fixed windows), over the request's store. */
export function loginLimiters({ config, store }: Pick<Deps, 'config' | 'store'>): {
  /** Per account and client IP: the exponential backoff rungs, then the lockout. */
  pair: Limiter[];
  /** Per account from every IP (the NIST SP 800-63B cap). */
  account: Limiter;
  /** Per account and device cookie: a trusted browser's own budget (tokens/device-cookie.ts). */
  device: Limiter;
} {
  const redis = storeRatelimitRedis(store);
  const failures = (scope: 'pair' | 'account' | 'device', max: number, windowSeconds: number) =>
    createLimiter(redis, {
      prefix: `pc:rl:login-fail:${scope}:${windowSeconds}s`,
      max,
      windowSeconds,
      algorithm: 'fixed',
    });
  return {
    pair: [
      ...backoffRungs(config).map((rung) => failures('pair', rung.max, rung.windowSeconds)),
      failures('pair', config.LOGIN_LOCKOUT_THRESHOLD, config.LOGIN_LOCKOUT_SECONDS),
    ],
    account: failures('account', config.LOGIN_ACCOUNT_MAX_FAILURES, config.LOGIN_ACCOUNT_WINDOW_SECONDS),
    device: failures('device', config.LOGIN_LOCKOUT_THRESHOLD, config.LOGIN_LOCKOUT_SECONDS),
  };
}
