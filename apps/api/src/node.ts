import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from './app.ts';
import { loadConfig } from './config/config.ts';
import { depsFromEnv } from './deps-from-env.ts';
import { createArgon2idHasher } from './password/argon2id-hasher.ts';
import { loadArgon2WasmModule } from './password/wasm-module.node.ts';
import { createTcpStore } from './store/tcp-store.ts';

/** Node entry: `node apps/api/src/node.ts`. REDIS_URL selects the TCP driver, else Upstash REST. */
const env = process.env;
const config = loadConfig(env);
const store = config.REDIS_URL
  ? await createTcpStore({ url: config.REDIS_URL, timeoutMs: config.STORE_TIMEOUT_MS })
  : undefined;
const deps = depsFromEnv(env, {
  store,
  hasher: createArgon2idHasher({ module: await loadArgon2WasmModule() }),
  clientIp: (c) => getConnInfo(c).remote.address ?? null,
});
// Fail at start-up, not on the first request, when a key is unusable.
await deps.secrets;
const app = createApp(deps);
const port = Number(env.PORT ?? 8787);
const hostname = env.HOST ?? '127.0.0.1';

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  console.log(`portcullis api (node, ${store ? 'tcp' : 'rest'} store) on http://${hostname}:${info.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void (store?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  });
}
