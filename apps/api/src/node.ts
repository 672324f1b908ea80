import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from './app.ts';
import { selfHostedDeps } from './self-hosted-deps.ts';

/** Node entry: `node apps/api/src/node.ts`. REDIS_URL selects the TCP driver, else Upstash REST. */
const env = process.env;
const deps = await selfHostedDeps(env, (c) => getConnInfo(c).remote.address ?? null);
const { store } = deps;
const app = createApp(deps);
const port = Number(env.PORT ?? 8787);
const hostname = env.HOST ?? '127.0.0.1';

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  console.log(`portcullis api (node, ${store.driver} store) on http://${hostname}:${info.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void store.close().finally(() => process.exit(0));
  });
}
