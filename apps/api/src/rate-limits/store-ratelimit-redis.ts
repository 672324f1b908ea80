import { scriptSha1 } from '../store/run-script.ts';
import type { RedisArg, Script, Store } from '../store/store.ts';
import { StoreCommandError } from '../store/store-errors.ts';

/**
 * Exactly what `@upstash/ratelimit` 2.2 calls on its Redis with analytics, deny lists and dynamic
 * limits off (its `safeEval`; only dynamic limits would also call GET and SET): `evalsha(sha, keys,
 * args)`, and `eval(script, keys, args)` once Redis answers NOSCRIPT. Both go through our Store, so either driver (REST on Workers, TCP on
 * Node) serves the limiter, and a store error keeps its meaning: StoreUnavailableError → 503.
 */
export interface RatelimitRedis {
  evalsha<TArgs extends unknown[], TData = unknown>(sha1: string, keys: string[], args: TArgs): Promise<TData>;
  eval<TArgs extends unknown[], TData = unknown>(script: string, keys: string[], args: TArgs): Promise<TData>;
}

/** The library passes numbers (limits, windows, increments, timestamps) and nothing else we allow. */
function toRedisArg(value: unknown): RedisArg {
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new TypeError(`rate limiter passed an unsupported script argument (${typeof value})`);
}

/**
 * The library's scripts as our Scripts, by the hash the library calls them by. Its scripts open
 * with `#!lua flags=allow-key-locking`, an Upstash flag that open-source Redis refuses ("Unexpected
 * flag", 7.x) and that older Redis and the embedded development store cannot parse at all: we run
 * the same Lua without it, which has another hash. So an unknown hash is answered NOSCRIPT here,
 * without asking Redis; the library then sends the text, and from then on its hash is known.
 * Module-wide: the scripts are the library's constants.
 */
const known = new Map<string, Script>();

export function storeRatelimitRedis(store: Store): RatelimitRedis {
  // The library destructures the integer replies of its own scripts (`[used, limit]`), which both
  // drivers return as numbers; TData is its claim about its own script, not ours to convert.
  return {
    evalsha: async <TArgs extends unknown[], TData = unknown>(sha: string, keys: string[], args: TArgs) => {
      const script = known.get(sha);
      if (!script) throw new StoreCommandError('NOSCRIPT the rate limiter has not shown us this script yet');
      return (await store.run(script, keys, args.map(toRedisArg))) as TData;
    },
    eval: async <TArgs extends unknown[], TData = unknown>(lua: string, keys: string[], args: TArgs) => {
      const sha = await scriptSha1({ lua });
      let script = known.get(sha);
      if (!script) {
        script = { name: `ratelimit:${sha.slice(0, 8)}`, lua: lua.replace(/^#![^\n]*\n/, '') };
        known.set(sha, script);
      }
      return (await store.run(script, keys, args.map(toRedisArg))) as TData;
    },
  };
}
