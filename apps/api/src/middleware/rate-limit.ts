import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { clientIpKey } from '../rate-limits/client-ip-key.ts';
import { limitersOf, type RateLimitPolicy } from '../rate-limits/limiters.ts';
import { rateLimited } from '../rate-limits/rate-limited.ts';
import { learnRatelimitScripts, ratelimitScriptsLearnt } from '../rate-limits/store-ratelimit-redis.ts';
import { prefetchSession } from './authenticate.ts';

export type { RateLimitPolicy };

/**
 * Routes with a limit of their own, so the global middleware can check it in the same round trip
 * as the global limit. Only an optimisation: a route missing here is still limited by its own
 * `rateLimit(policy)`, one round trip later.
 *
 * A `deferred` route checks its limits itself, in the round trip of its one write, which is made
 * `onlyIfAdmitted` (see `checkDeferredLimits`). For a route that does nothing before that write
 * but cheap local checks, and whose write is its only effect: refresh.
 */
const routePolicies: readonly [method: string, path: RegExp, policy: RateLimitPolicy, deferred?: 'deferred'][] = [
  ['POST', /^\/api\/auth\/login$/, 'login'],
  ['POST', /^\/api\/auth\/register$/, 'register'],
  ['POST', /^\/api\/auth\/refresh$/, 'refresh', 'deferred'],
  ['POST', /^\/api\/auth\/password\/(forgot|reset|change)$/, 'password'],
  ['POST', /^\/api\/auth\/verify-email\/resend$/, 'verify-email'],
  ['POST', /^\/api\/auth\/(passkeys\/login|passkeys\/login\/options|mfa\/webauthn\/options)$/, 'passkey'],
];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Counts the request against each policy; 429 if one refuses. Every limit is counted before the
 * first await — each is a gate of the request (see `RunOptions`), and a guarded write started
 * right after this call must find them open.
 */
async function enforce(c: Context<AppEnv>, policies: readonly RateLimitPolicy[]): Promise<void> {
  const deps = c.get('deps');
  const key = clientIpKey(deps.clientIp(c));
  const limiters = limitersOf(c);
  // Started together, so the auto-pipelined store sends them (and a prefetched session check)
  // as one round trip.
  const counted = policies.map((policy) => limiters.request(policy).limit(key));
  const verdicts = await Promise.all(counted);
  verdicts.forEach((verdict, index) => {
    const policy = policies[index];
    if (!verdict.allowed && policy) {
      throw rateLimited(limiters.request(policy).retryAfterSeconds(verdict.reset, deps.now()));
    }
  });
  // The global limit is app-wide; only a route's own policies are looked up again (rateLimit below).
  const own = policies.filter((policy) => policy !== 'global');
  if (own.length > 0) c.set('limitsChecked', new Set([...(c.get('limitsChecked') ?? []), ...own]));
}

/**
 * Applies one named per-IP limit (README.md lists the defaults); past it, 429 `RATE_LIMITED` with
 * `Retry-After`, and the handler never runs. Fails closed: when Redis cannot be asked, the store's
 * StoreUnavailableError answers 503 rather than letting the request through unlimited.
 *
 * The `global` one (app-wide) also checks the route's own policy and starts the bearer token's
 * session check, all in one round trip; the route's `rateLimit(policy)` then has nothing left to do.
 */
export function rateLimit(policy: RateLimitPolicy) {
  return createMiddleware<AppEnv>(async (c, next) => {
    // Before any limit is counted: a gate is opened synchronously, which needs the scripts known.
    if (!ratelimitScriptsLearnt()) await learnRatelimitScripts();
    if (policy === 'global') {
      const own = routePolicies.filter(([method, path]) => method === c.req.method && path.test(c.req.path));
      if (own.some(([, , , deferred]) => deferred)) {
        const policies: RateLimitPolicy[] = ['global', ...own.map(([, , routePolicy]) => routePolicy)];
        c.set('deferredLimits', policies);
        await next();
        // Answered before reaching its write (a 401, a 403 from the CSRF guard): still counted,
        // and past a limit the answer is the 429.
        if (c.get('deferredLimits')) await checkDeferredLimits(c);
        return;
      }
      if (SAFE_METHODS.has(c.req.method) && own.length === 0) {
        // A read changes nothing (DESIGN.md: nothing changes state on GET), so its handler may
        // start its Redis reads while the limit is checked — they share the round trip — and its
        // answer is only released once the limit allows it: a refusal replaces it with the 429.
        const limited = enforce(c, ['global']);
        limited.catch(() => {}); // awaited below, once the handler is done
        await next();
        await limited;
        return;
      }
      await prefetchSession(c);
      await enforce(c, ['global', ...own.map(([, , routePolicy]) => routePolicy)]);
    } else if (!c.get('limitsChecked')?.has(policy) && !c.get('deferredLimits')?.includes(policy)) {
      await enforce(c, [policy]);
    }
    await next();
  });
}

/**
 * For a `deferred` route (see routePolicies): counts the request against its limits now, and
 * rejects with the 429 if one refuses. A write the route starts right after this call, with
 * `onlyIfAdmitted`, travels in the same round trip and runs only if every limit allowed it.
 */
export function checkDeferredLimits(c: Context<AppEnv>): Promise<void> {
  const policies = c.get('deferredLimits') ?? [];
  c.set('deferredLimits', undefined);
  return enforce(c, policies);
}
