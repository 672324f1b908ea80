import type { Context } from 'hono';
import type { AppEnv, Deps } from '../app-env.ts';
import type { Config } from '../config/config.ts';
import { createLimiter, type Limiter } from './limiter.ts';
import { type RatelimitRedis, storeRatelimitRedis } from './store-ratelimit-redis.ts';

/** The named per-IP request limits of the API (README.md lists their defaults). */
export type RateLimitPolicy = 'global' | 'login' | 'register' | 'password' | 'refresh' | 'verify-email' | 'passkey';

export interface Limiters {
  /** Per client IP, sliding windows. */
  request(policy: RateLimitPolicy): Limiter;
  /** Failed logins per account and client IP: the exponential backoff rungs, then the lockout. */
  readonly loginPair: readonly Limiter[];
  /** Failed logins per account from every IP (the NIST SP 800-63B cap). */
  readonly loginAccount: Limiter;
  /** Failed logins per account and device cookie: a trusted browser's own budget (device-cookie.ts). */
  readonly loginDevice: Limiter;
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

/** Where each request limit's settings live in the config (README.md lists their defaults). */
const REQUEST_LIMIT_SETTINGS = {
  global: ['RATE_LIMIT_GLOBAL_MAX', 'RATE_LIMIT_GLOBAL_WINDOW_SECONDS'],
  login: ['RATE_LIMIT_LOGIN_MAX', 'RATE_LIMIT_LOGIN_WINDOW_SECONDS'],
  register: ['RATE_LIMIT_REGISTER_MAX', 'RATE_LIMIT_REGISTER_WINDOW_SECONDS'],
  password: ['RATE_LIMIT_PASSWORD_MAX', 'RATE_LIMIT_PASSWORD_WINDOW_SECONDS'],
  refresh: ['RATE_LIMIT_REFRESH_MAX', 'RATE_LIMIT_REFRESH_WINDOW_SECONDS'],
  'verify-email': ['RATE_LIMIT_VERIFY_EMAIL_MAX', 'RATE_LIMIT_VERIFY_EMAIL_WINDOW_SECONDS'],
  passkey: ['RATE_LIMIT_PASSKEY_MAX', 'RATE_LIMIT_PASSKEY_WINDOW_SECONDS'],
} as const satisfies Record<RateLimitPolicy, readonly [keyof Config, keyof Config]>;

/**
 * Limiters are bound to a request's pipelined store, so they are built per request — each only
 * when first used: a request checks one or two of them, and building the other dozen up front
 * showed up in profiles of `/me`.
 */
class RequestLimiters implements Limiters {
  readonly #config: Config;
  readonly #redis: RatelimitRedis;
  readonly #requests = new Map<RateLimitPolicy, Limiter>();
  #loginPair: readonly Limiter[] | undefined;
  #loginAccount: Limiter | undefined;
  #loginDevice: Limiter | undefined;

  constructor({ config, store }: Deps) {
    this.#config = config;
    this.#redis = storeRatelimitRedis(store);
  }

  request(policy: RateLimitPolicy): Limiter {
    let limiter = this.#requests.get(policy);
    if (!limiter) {
      const [max, window] = REQUEST_LIMIT_SETTINGS[policy];
      const windowSeconds = this.#config[window];
      // The window is part of the prefix: a changed window must not read counts kept under another.
      limiter = createLimiter(this.#redis, {
        prefix: `pc:rl:${policy}:${windowSeconds}s`,
        max: this.#config[max],
        windowSeconds,
        algorithm: 'sliding',
        gate: true,
      });
      this.#requests.set(policy, limiter);
    }
    return limiter;
  }

  get loginPair(): readonly Limiter[] {
    const config = this.#config;
    this.#loginPair ??= [
      ...backoffRungs(config).map((rung) => this.#failures('pair', rung.max, rung.windowSeconds)),
      this.#failures('pair', config.LOGIN_LOCKOUT_THRESHOLD, config.LOGIN_LOCKOUT_SECONDS),
    ];
    return this.#loginPair;
  }

  get loginAccount(): Limiter {
    const config = this.#config;
    this.#loginAccount ??= this.#failures(
      'account',
      config.LOGIN_ACCOUNT_MAX_FAILURES,
      config.LOGIN_ACCOUNT_WINDOW_SECONDS,
    );
    return this.#loginAccount;
  }

  get loginDevice(): Limiter {
    const config = this.#config;
    this.#loginDevice ??= this.#failures('device', config.LOGIN_LOCKOUT_THRESHOLD, config.LOGIN_LOCKOUT_SECONDS);
    return this.#loginDevice;
  }

  #failures(scope: 'pair' | 'account' | 'device', max: number, windowSeconds: number): Limiter {
    return createLimiter(this.#redis, {
      prefix: `pc:rl:login-fail:${scope}:${windowSeconds}s`,
      max,
      windowSeconds,
      algorithm: 'fixed',
    });
  }
}

/**
 * The limiters of a request, over its pipelined store: built on first use, then kept in the
 * request's context for the rest of it.
 */
export function limitersOf(c: Pick<Context<AppEnv>, 'get' | 'set'>): Limiters {
  let limiters = c.get('limiters');
  if (!limiters) {
    limiters = new RequestLimiters(c.get('deps'));
    c.set('limiters', limiters);
  }
  return limiters;
}
