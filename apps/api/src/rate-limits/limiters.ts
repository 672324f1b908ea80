import type { Deps } from '../app-env.ts';
import type { Config } from '../config/config.ts';
import { createLimiter, type Limiter } from './limiter.ts';
import { storeRatelimitRedis } from './store-ratelimit-redis.ts';

/** The named per-IP request limits of the API (README.md lists their defaults). */
export type RateLimitPolicy =
  | 'global'
  | 'login'
  | 'register'
  | 'password'
  | 'refresh'
  | 'verify-email'
  | 'passkey'
  | 'invitation'
  | 'oauth';

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

/** Where each request limit's settings live in the config (README.md lists their defaults). */
const REQUEST_LIMIT_SETTINGS = {
  global: ['RATE_LIMIT_GLOBAL_MAX', 'RATE_LIMIT_GLOBAL_WINDOW_SECONDS'],
  login: ['RATE_LIMIT_LOGIN_MAX', 'RATE_LIMIT_LOGIN_WINDOW_SECONDS'],
  register: ['RATE_LIMIT_REGISTER_MAX', 'RATE_LIMIT_REGISTER_WINDOW_SECONDS'],
  password: ['RATE_LIMIT_PASSWORD_MAX', 'RATE_LIMIT_PASSWORD_WINDOW_SECONDS'],
  refresh: ['RATE_LIMIT_REFRESH_MAX', 'RATE_LIMIT_REFRESH_WINDOW_SECONDS'],
  'verify-email': ['RATE_LIMIT_VERIFY_EMAIL_MAX', 'RATE_LIMIT_VERIFY_EMAIL_WINDOW_SECONDS'],
  passkey: ['RATE_LIMIT_PASSKEY_MAX', 'RATE_LIMIT_PASSKEY_WINDOW_SECONDS'],
  invitation: ['RATE_LIMIT_INVITATION_MAX', 'RATE_LIMIT_INVITATION_WINDOW_SECONDS'],
  oauth: ['RATE_LIMIT_OAUTH_MAX', 'RATE_LIMIT_OAUTH_WINDOW_SECONDS'],
} as const satisfies Record<RateLimitPolicy, readonly [keyof Config, keyof Config]>;

/**
 * One per-IP request limit (sliding window), over the request's store. Built per use: a request
 * checks one or two limits, and building all of them up front showed up in profiles of `/me`.
 */
export function requestLimiter({ config, store }: Pick<Deps, 'config' | 'store'>, policy: RateLimitPolicy): Limiter {
  const [max, window] = REQUEST_LIMIT_SETTINGS[policy];
  const windowSeconds = config[window];
  // The window is part of the prefix: a changed window must not read counts kept under another.
  return createLimiter(storeRatelimitRedis(store), {
    prefix: `pc:rl:${policy}:${windowSeconds}s`,
    max: config[max],
    windowSeconds,
    algorithm: 'sliding',
  });
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
