import type { Deps } from './app-env.ts';
import { loadConfig } from './config/config.ts';
import { createRestStore } from './store/rest-store.ts';
import type { Store } from './store/store.ts';

/**
 * Dependencies for runtimes that reach Redis over REST (Workers, Deno Deploy). `createTcpStore`
 * callers (node.ts, deno.ts with REDIS_URL) pass their own store.
 */
export function depsFromEnv(env: Record<string, unknown>, store?: Store): Deps {
  const config = loadConfig(env);
  return {
    config,
    store:
      store ??
      createRestStore({
        // loadConfig guarantees both when REDIS_URL is absent.
        url: config.UPSTASH_REDIS_REST_URL ?? '',
        token: config.UPSTASH_REDIS_REST_TOKEN ?? '',
        timeoutMs: config.STORE_TIMEOUT_MS,
      }),
    now: Date.now,
  };
}
