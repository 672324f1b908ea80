import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../app-env.ts';
import { clientIpKey } from '../rate-limits/client-ip-key.ts';
import { rateLimited } from '../rate-limits/rate-limited.ts';
import { type RateLimitPolicy, requestLimiter } from '../rate-limits/request-limiter.ts';

/** The `rateLimit(policy)` middlewares, by the policy each declares. */
const declared = new WeakMap<object, RateLimitPolicy>();

/**
 * The per-IP request limits, in front of every /api route: a request counts against the global
 * limit and against each limit its route declares with `rateLimit(policy)`, all in one round trip.
 * Past one: 429 `RATE_LIMITED` with `Retry-After`, and nothing of the route runs. Fails closed:
 * when Redis cannot be asked, the store's StoreUnavailableError answers 503, never the route.
 */
export const limitRequests = createMiddleware<AppEnv>(async (c, next) => {
  const own = matchedRoutes(c).flatMap(({ handler }) => declared.get(handler) ?? []);
  const checked = enforce(c, ['global', ...own]);
  if ((c.req.method === 'GET' || c.req.method === 'HEAD') && own.length === 0) {
    // A read changes nothing (DESIGN.md), so it runs while its limits are checked — its Redis reads
    // share their round trip — and a refusal replaces its answer with the 429. Not a GET that
    // declares a limit of its own: that limit is there to keep the route's work from running (a
    // provider's callback is a GET that signs in, as OAuth has it), so the work waits for it.
    checked.catch(() => {}); // awaited below
    await next();
    await checked;
  } else {
    await checked;
    await next();
  }
});

/** Counts the request against each policy, together; 429 if one refuses. */
async function enforce(c: Context<AppEnv>, policies: readonly RateLimitPolicy[]): Promise<void> {
  const deps = c.get('deps');
  const key = clientIpKey(deps.clientIp(c));
  const limiters = policies.map((policy) => requestLimiter(deps, policy));
  const verdicts = await Promise.all(limiters.map((limiter) => limiter.limit(key)));
  verdicts.forEach((verdict, index) => {
    const limiter = limiters[index];
    if (!verdict.allowed && limiter) throw rateLimited(limiter.retryAfterSeconds(verdict.reset, deps.now()));
  });
}

/**
 * Declares a route's own per-IP limit (README.md lists the defaults) where the route is defined:
 * `.post('/login', rateLimit('login'), …)`. `limitRequests` finds it on the matched route and
 * checks it with the global limit, before the route's first handler.
 */
export function rateLimit(policy: Exclude<RateLimitPolicy, 'global'>): MiddlewareHandler<AppEnv> {
  const declaration: MiddlewareHandler<AppEnv> = async (c, next) => {
    // A route mounted where limitRequests does not run would otherwise be unlimited, silently.
    if (!matchedRoutes(c).some(({ handler }) => handler === limitRequests)) {
      throw new Error(`rateLimit('${policy}') needs limitRequests in front of its route`);
    }
    await next();
  };
  declared.set(declaration, policy);
  return declaration;
}
