import type { Deps } from '../app-env.ts';
import type { Config } from '../config/config.ts';
import { createLimiter, type Limiter } from './limiter.ts';
import { storeRatelimitRedis } from './store-ratelimit-redis.ts';

/** The named per-IP request limits of the API (README.md lists their defaults). */
export type RateLimitPolicy = 'global' | 'login' | 'register' | 'password' | 'refresh' | 'verify-email';

export interface Limiters {
  /** Per client IP, sliding windows. */
  request(policy: RateLimitPolicy): Limiter;
  /** Failed logins per account and client IP: the exponential backoff rungs, then the lockout. */
  loginPair: readonly Limiter[];
  /** Failed logins per account from every IP (the NIST SP 800-63B cap). */
  loginAccount: Limiter;
}

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

/** A value made on first use. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

/**
 * Limiters are bound to a request's pipelined store, so they are built per request. Each is built
 * only when first used: a request checks one or two of them, and building the other dozen showed
 * up in profiles of `/me`.
 */
function build({ config, store }: Deps): Limiters {
  const redis = storeRatelimitRedis(store);
  // The window is part of the prefix: a changed window must not read counts kept under another.
  const request = (policy: RateLimitPolicy, max: number, windowSeconds: number) =>
    once(() =>
      createLimiter(redis, {
        prefix: `pc:rl:${policy}:${windowSeconds}s`,
        max,
        windowSeconds,
        algorithm: 'sliding',
        gate: true,
      }),
    );
  const failures = (scope: 'pair' | 'account', max: number, windowSeconds: number) =>
    createLimiter(redis, {
      prefix: `pc:rl:login-fail:${scope}:${windowSeconds}s`,
      max,
      windowSeconds,
      algorithm: 'fixed',
    });

  const requests: Record<RateLimitPolicy, () => Limiter> = {
    global: request('global', config.RATE_LIMIT_GLOBAL_MAX, config.RATE_LIMIT_GLOBAL_WINDOW_SECONDS),
    login: request('login', config.RATE_LIMIT_LOGIN_MAX, config.RATE_LIMIT_LOGIN_WINDOW_SECONDS),
    register: request('register', config.RATE_LIMIT_REGISTER_MAX, config.RATE_LIMIT_REGISTER_WINDOW_SECONDS),
    password: request('password', config.RATE_LIMIT_PASSWORD_MAX, config.RATE_LIMIT_PASSWORD_WINDOW_SECONDS),
    refresh: request('refresh', config.RATE_LIMIT_REFRESH_MAX, config.RATE_LIMIT_REFRESH_WINDOW_SECONDS),
    'verify-email': request(
      'verify-email',
      config.RATE_LIMIT_VERIFY_EMAIL_MAX,
      config.RATE_LIMIT_VERIFY_EMAIL_WINDOW_SECONDS,
    ),
  };
  const loginPair = once(() => [
    ...backoffRungs(config).map((rung) => failures('pair', rung.max, rung.windowSeconds)),
    failures('pair', config.LOGIN_LOCKOUT_THRESHOLD, config.LOGIN_LOCKOUT_SECONDS),
  ]);
  const loginAccount = once(() =>
    failures('account', config.LOGIN_ACCOUNT_MAX_FAILURES, config.LOGIN_ACCOUNT_WINDOW_SECONDS),
  );

  return {
    request: (policy) => requests[policy](),
    get loginPair() {
      return loginPair();
    },
    get loginAccount() {
      return loginAccount();
    },
  };
}

const built = new WeakMap<Deps, Limiters>();

/** The limiters of one set of dependencies: built on first use, then reused for every request. */
export function limitersOf(deps: Deps): Limiters {
  let limiters = built.get(deps);
  if (!limiters) {
    limiters = build(deps);
    built.set(deps, limiters);
  }
  return limiters;
}
