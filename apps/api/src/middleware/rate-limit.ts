import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { clientIpKey } from '../rate-limits/client-ip-key.ts';
import { limitersOf, type RateLimitPolicy } from '../rate-limits/limiters.ts';
import { rateLimited } from '../rate-limits/rate-limited.ts';

export type { RateLimitPolicy };

/**
 * Applies one named per-IP limit (README.md lists the defaults); past it, 429 `RATE_LIMITED` with
 * `Retry-After`, and the handler never runs. Fails closed: when Redis cannot be asked, the store's
 * StoreUnavailableError answers 503 rather than letting the request through unlimited.
 */
export function rateLimit(policy: RateLimitPolicy) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const { deps } = c.var;
    const limiter = limitersOf(deps).requests[policy];
    const { allowed, reset } = await limiter.limit(clientIpKey(deps.clientIp(c)));
    if (!allowed) throw rateLimited(limiter.retryAfterSeconds(reset, deps.now()));
    await next();
  });
}
