import { scriptSha1 } from '../store/sha1.ts';
import type { RedisArg, Reply, Script, Store } from '../store/store.ts';
import { StoreCommandError } from '../store/store-errors.ts';
import { createLimiter } from './limiter.ts';

/**
 * Exactly what `@upstash/ratelimit` 2.2 calls on its Redis with analytics, deny lists and dynamic
 * limits off (its `safeEval`): `evalsha(sha, keys, args)`, and `eval(script, keys, args)` once
 * Redis answers NOSCRIPT. Both go through our Store, so either driver (REST on Workers, TCP on
 * Node) serves the limiter, and a store error keeps its meaning: StoreUnavailableError → 503.
 */
export interface RatelimitRedis {
  evalsha<TArgs extends unknown[], TData = unknown>(sha1: string, keys: string[], args: TArgs): Promise<TData>;
  eval<TArgs extends unknown[], TData = unknown>(script: string, keys: string[], args: TArgs): Promise<TData>;
  /** Only dynamic limits use it, and they are off: present for the type, refuses if ever called. */
  get(): Promise<null>;
  /** Only dynamic limits use it, and they are off: present for the type, refuses if ever called. */
  set(): Promise<'OK'>;
  /**
   * Runs `call` (a library call that reaches Redis synchronously, as `limit` does) so that its
   * script is a gate of the request: `admits` is the Lua form of the library's own verdict.
   */
  gating<T>(admits: string, call: () => T): T;
}

/**
 * The library's scripts open with `#!lua flags=allow-key-locking`, an Upstash flag that lets a
 * script lock only its own keys. Open-source Redis refuses it ("Unexpected flag", 7.x), older
 * Redis and the embedded development store cannot parse a shebang at all, and a fused script
 * (see store/fused-script.ts) cannot hold one: we run the same Lua without it.
 */
const withoutShebang = (lua: string): string => lua.replace(/^#![^\n]*\n/, '');

/** The library passes numbers (limits, windows, increments, timestamps) and nothing else we allow. */
function toRedisArg(value: unknown): RedisArg {
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new TypeError(`rate limiter passed an unsupported script argument (${typeof value})`);
}

/**
 * The library's scripts, as our Scripts, by the hash the library calls them by (of the flagged
 * text). Learnt on first use: an unknown hash is answered NOSCRIPT here, without asking Redis, so
 * the library sends the text. Module-wide: the scripts are the library's constants, and an adapter
 * is built per request (over that request's pipelined store).
 */
const learnt = new Map<string, Script>();

const learn = (sha: string, lua: string): Script => {
  let script = learnt.get(sha);
  if (!script) {
    script = { name: `ratelimit:${sha.slice(0, 8)}`, lua: withoutShebang(lua) };
    learnt.set(sha, script);
  }
  return script;
};

let learning: Promise<void> | undefined;
let allLearnt = false;

/** True once `learnRatelimitScripts` has finished: the hot path then skips awaiting it. */
export function ratelimitScriptsLearnt(): boolean {
  return allLearnt;
}

/**
 * Teaches the adapter the library's scripts without touching Redis: the limiter's calls we make
 * (count and read, both algorithms) run once over a store that answers every script with a reply
 * of the library's shape, so each script bounces NOSCRIPT and arrives here by text. Needed before
 * a gate: a gate must be opened synchronously, and an unknown script reaches our Store only after
 * that bounce. Pure JavaScript (no I/O), so the promise may be shared by every request.
 */
export function learnRatelimitScripts(): Promise<void> {
  learning ??= (async () => {
    const answering: Store = {
      driver: 'tcp',
      send: async () => null,
      batch: async () => [],
      pipeline: async () => [],
      run: async () => [0, 1],
      ping: async () => {},
      close: async () => {},
    };
    const redis = storeRatelimitRedis(answering);
    for (const algorithm of ['sliding', 'fixed'] as const) {
      const limiter = createLimiter(redis, { prefix: 'learn', max: 1, windowSeconds: 1, algorithm });
      await limiter.limit('learn');
      await limiter.peek('learn');
    }
    allLearnt = true;
  })();
  return learning;
}

export function storeRatelimitRedis(store: Store): RatelimitRedis {
  /** The gate expression of the call being made, handed from `gating` to the script it reaches. */
  let admitsNext: string | undefined;
  const take = (): string | undefined => {
    const admits = admitsNext;
    admitsNext = undefined;
    return admits;
  };
  const run = (script: Script, keys: string[], args: unknown[], admits: string | undefined): Promise<Reply> =>
    store.run(script, keys, args.map(toRedisArg), admits ? { admits } : undefined);

  // The library destructures the integer replies of its own scripts (`[used, limit]`), which both
  // drivers return as numbers; TData is its claim about its own script, not ours to convert.
  return {
    evalsha: async <TArgs extends unknown[], TData = unknown>(sha: string, keys: string[], args: TArgs) => {
      const admits = take();
      const script = learnt.get(sha);
      if (!script) {
        if (admits) throw new Error('a gate needs the rate limiter’s scripts learnt first (learnRatelimitScripts)');
        throw new StoreCommandError('NOSCRIPT the rate limiter has not shown us this script yet');
      }
      return (await run(script, keys, args, admits)) as TData;
    },
    eval: async <TArgs extends unknown[], TData = unknown>(lua: string, keys: string[], args: TArgs) => {
      const script = learn(await scriptSha1({ lua }), lua);
      return (await run(script, keys, args, undefined)) as TData;
    },
    get: async () => {
      throw new Error('rate limiter called GET, which only dynamic limits use; they are off');
    },
    set: async () => {
      throw new Error('rate limiter called SET, which only dynamic limits use; they are off');
    },
    gating(admits, call) {
      admitsNext = admits;
      let result: ReturnType<typeof call>;
      let unused = true;
      try {
        result = call();
      } finally {
        unused = admitsNext !== undefined;
        admitsNext = undefined;
      }
      // Fail loudly if a library update stops calling Redis synchronously: a gate that silently
      // went missing would let a guarded write run past a refusing limit.
      if (unused) throw new Error('rate limiter did not reach Redis synchronously; its gate would be lost');
      return result;
    },
  };
}
