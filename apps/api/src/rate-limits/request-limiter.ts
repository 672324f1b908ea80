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
