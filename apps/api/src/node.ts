import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { loadConfig } from './config/config.ts';
import { depsFromEnv } from './deps-from-env.ts';
import { createTcpStore } from './store/tcp-store.ts';

/** Node entry: `node apps/api/src/node.ts`. REDIS_URL selects the TCP driver, else Upstash REST. */
const env = process.env;
const config = loadConfig(env);
const store = config.REDIS_URL
  ? await createTcpStore({ url: config.REDIS_URL, timeoutMs: config.STORE_TIMEOUT_MS })
  : undefined;
const app = createApp(depsFromEnv(env, store));
const port = Number(env.PORT ?? 8787);
const hostname = env.HOST ?? '127.0.0.1';

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  console.log(`portcullis api (node, ${store ? 'tcp' : 'rest'} store) on http://${hostname}:${info.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void store?.close().finally(() => process.exit(0));
    if (!store) process.exit(0);
  });
}
