import { scriptSha1 } from '../store/sha1.ts';
import { defineScript, type RedisArg, type Reply, type Script, type Store } from '../store/store.ts';
import { StoreCommandError } from '../store/store-errors.ts';

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
}

/**
 * The library's scripts open with `#!lua flags=allow-key-locking`, an Upstash flag that lets a
 * script lock only its own keys instead of the whole database. Open-source Redis refuses it
 * ("Unexpected flag", 7.x), older Redis and the embedded development store cannot parse a shebang
 * at all ("near '#'").
 */
const refusesShebang = (error: unknown): boolean => error instanceof Error && /shebang|near '#'/.test(error.message);

const withoutShebang = (lua: string): string => lua.replace(/^#![^\n]*\n/, '');

/** The library passes numbers (limits, windows, increments, timestamps) and nothing else we allow. */
function toRedisArg(value: unknown): RedisArg {
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new TypeError(`rate limiter passed an unsupported script argument (${typeof value})`);
}

// Scripts Redis refused with the flag, by the library's hash of the flagged text: from then on they
// run without the shebang (same Lua, default locking), through Store.run. Module-wide, because an
// adapter is built per request (over that request's pipelined store) and one process talks to one
// Redis: relearning it on every request would cost round trips.
const unflagged = new Map<string, Script>();

export function storeRatelimitRedis(store: Store): RatelimitRedis {
  const run = async (command: 'EVALSHA' | 'EVAL', body: string, keys: string[], args: unknown[]): Promise<Reply> => {
    const redisArgs = args.map(toRedisArg);
    const fallback = command === 'EVALSHA' ? unflagged.get(body) : undefined;
    if (fallback) return store.run(fallback, keys, redisArgs);
    try {
      return await store.send([command, body, keys.length, ...keys, ...redisArgs]);
    } catch (error) {
      if (!refusesShebang(error)) throw error;
      // A store that caches a script before compiling it (the embedded one) knows the hash yet
      // cannot run it. Answer as Redis does for an unknown hash, so the library sends the text.
      if (command === 'EVALSHA') throw new StoreCommandError('NOSCRIPT cached script refuses its shebang');
      const script = defineScript('ratelimit', withoutShebang(body));
      unflagged.set(await scriptSha1({ lua: body }), script);
      return store.run(script, keys, redisArgs);
    }
  };

  // The library destructures the integer replies of its own scripts (`[used, limit]`), which both
  // drivers return as numbers; TData is its claim about its own script, not ours to convert.
  const script =
    (command: 'EVALSHA' | 'EVAL') =>
    async <TArgs extends unknown[], TData = unknown>(body: string, keys: string[], args: TArgs): Promise<TData> =>
      (await run(command, body, keys, args)) as TData;
  const unused = (name: string) => async (): Promise<never> => {
    throw new Error(`rate limiter called ${name}, which only dynamic limits use; they are off`);
  };
  return { evalsha: script('EVALSHA'), eval: script('EVAL'), get: unused('GET'), set: unused('SET') };
}
