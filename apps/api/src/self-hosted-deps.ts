import type { Context } from 'hono';
import type { Deps } from './app-env.ts';
import { loadConfig } from './config/config.ts';
import { depsFromEnv } from './deps-from-env.ts';
import { createArgon2idHasher } from './password/argon2id-hasher.ts';
import { loadArgon2WasmModule } from './password/wasm-module.node.ts';
import { createTcpStore } from './store/tcp-store.ts';

/**
 * Dependencies for the self-hosted entries (Node, Deno): REDIS_URL selects the TCP driver, else
 * Upstash REST; argon2's wasm is compiled at start-up; the client IP comes from the socket. Waits
 * for the signing keys, so an unusable key fails at start-up rather than on the first request.
 */
export async function selfHostedDeps(
  env: Record<string, string | undefined>,
  clientIp: (c: Context) => string | null,
): Promise<Deps> {
  const config = loadConfig(env);
  const store = config.REDIS_URL
    ? await createTcpStore({ url: config.REDIS_URL, timeoutMs: config.STORE_TIMEOUT_MS })
    : undefined;
  const deps = depsFromEnv(env, {
    store,
    hasher: createArgon2idHasher({ module: await loadArgon2WasmModule() }),
    clientIp,
  });
  await deps.secrets;
  return deps;
}
