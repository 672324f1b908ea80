import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';

/** The named limits of the API (see README.md for their defaults). */
export type RateLimitPolicy = 'global' | 'login' | 'register' | 'password' | 'refresh' | 'verify-email';

/**
 * Applies one named per-IP limit. Placeholder until the rate-limit work lands: passes everything.
 */
export function rateLimit(_policy: RateLimitPolicy) {
  return createMiddleware<AppEnv>(async (_c, next) => {
    await next();
  });
}
