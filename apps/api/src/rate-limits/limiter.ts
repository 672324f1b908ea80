import { Ratelimit } from '@upstash/ratelimit';
import type { RatelimitRedis } from './store-ratelimit-redis.ts';

export interface LimiterOptions {
  /** Redis key prefix; the library appends `:<identifier>:<window number>`. */
  prefix: string;
  max: number;
  windowSeconds: number;
  /**
   * `sliding` (request limits): no burst of twice the limit across a window boundary, and refused
   * requests are not counted. `fixed` (failure counters): a reset or refund is exact, because only
   * the current window's count matters.
   */
  algorithm: 'sliding' | 'fixed';
}

export interface LimitResult {
  allowed: boolean;
  /** What is left in the window after this call. */
  remaining: number;
  /** Epoch ms when the current window ends. */
  reset: number;
}

type Algorithm = ReturnType<ReturnType<typeof Ratelimit.slidingWindow>>;
type AlgorithmContext = Parameters<Algorithm['limit']>[0];

const algorithms = new Map<string, Algorithm>();

/**
 * The library's algorithm (its counter logic and scripts), shared by every limiter of the same
 * settings in the process. We call it directly rather than through a `Ratelimit` instance, which
 * only adds what we would turn off anyway — its timeout answers "allowed" when Redis is slow
 * (fail-open; the Store's own deadline answers 503 instead), its in-memory block list outlives
 * resets and refunds, and analytics, deny lists and dynamic limits are not used — and which, built
 * per request over the request's store, cost more than the count itself (measured with the bench's
 * CPU columns).
 */
function algorithmOf({ algorithm, max, windowSeconds }: LimiterOptions): Algorithm {
  const key = `${algorithm}:${max}:${windowSeconds}`;
  let made = algorithms.get(key);
  if (!made) {
    const window = `${windowSeconds} s` as const;
    made = (algorithm === 'sliding' ? Ratelimit.slidingWindow(max, window) : Ratelimit.fixedWindow(max, window))();
    algorithms.set(key, made);
  }
  return made;
}

/**
 * One `@upstash/ratelimit` limiter over our Store, with the settings that keep it fail-closed.
 *
 * The library reads the platform clock (`Date.now()`) itself and takes no clock of ours. Callers
 * pass `deps.now()` where a time is theirs to give, which is that same clock outside tests; tests
 * fake `Date` and point `deps.now` at it, so both move together (see `wallClock`).
 */
export interface Limiter {
  readonly max: number;
  /** Counts `rate` (default 1; negative gives back) against `identifier`. */
  limit(identifier: string, rate?: number): Promise<LimitResult>;
  /** Whole seconds after which a refused identifier is certainly let through again (≥ 1). */
  retryAfterSeconds(reset: number, now: number): number;
  /**
   * Fixed windows: the Redis key of `identifier`'s count in the window that ends at `reset` (the
   * library's layout, `<prefix>:<identifier>:<window number>`), to give counts back (forgive.ts).
   */
  keyOfWindow(identifier: string, reset: number): string;
}

export function createLimiter(redis: RatelimitRedis, options: LimiterOptions): Limiter {
  const algorithm = algorithmOf(options);
  // The algorithm types its context's client as the whole Upstash `Redis` class; with dynamic
  // limits off it calls only evalsha and eval (see RatelimitRedis).
  const context: AlgorithmContext = { redis: redis as unknown as AlgorithmContext['redis'], prefix: options.prefix };
  // The key Ratelimit#limit and #getRemaining would use.
  const keyOf = (identifier: string) => `${options.prefix}:${identifier}`;

  return {
    max: options.max,
    async limit(identifier, rate = 1) {
      const { success, remaining, reset } = await algorithm.limit(context, keyOf(identifier), rate);
      return { allowed: success, remaining, reset };
    },
    retryAfterSeconds(reset, now) {
      const wait = reset - now;
      // A fixed window admits again at `reset` exactly. A sliding one still weighs the full
      // previous window at that instant, so it admits only just after it: round past it.
      const seconds = options.algorithm === 'fixed' ? Math.ceil(wait / 1000) : Math.floor(wait / 1000) + 1;
      return Math.max(1, seconds);
    },
    keyOfWindow(identifier, reset) {
      return `${keyOf(identifier)}:${reset / (options.windowSeconds * 1000) - 1}`;
    },
  };
}
