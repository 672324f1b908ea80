import { createApp } from './app.ts';
import { loadConfig } from './config/config.ts';
import { depsFromEnv } from './deps-from-env.ts';
import { createTcpStore } from './store/tcp-store.ts';

declare const Deno: {
  env: { toObject(): Record<string, string> };
  serve(
    options: { port: number; hostname: string; onListen?: (addr: { port: number }) => void },
    handler: (request: Request) => Response | Promise<Response>,
  ): { shutdown(): Promise<void> };
  addSignalListener(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void;
  exit(code: number): never;
};

/** Deno entry: `deno run -A apps/api/src/deno.ts`. REDIS_URL selects the TCP driver, else REST. */
const env = Deno.env.toObject();
const config = loadConfig(env);
const store = config.REDIS_URL
  ? await createTcpStore({ url: config.REDIS_URL, timeoutMs: config.STORE_TIMEOUT_MS })
  : undefined;
const app = createApp(depsFromEnv(env, store));
const port = Number(env.PORT ?? 8787);
const hostname = env.HOST ?? '127.0.0.1';

const server = Deno.serve(
  {
    port,
    hostname,
    onListen: (addr) =>
      console.log(`portcullis api (deno, ${store ? 'tcp' : 'rest'} store) on http://${hostname}:${addr.port}`),
  },
  app.fetch,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  Deno.addSignalListener(signal, () => {
    void server
      .shutdown()
      .then(() => store?.close())
      .finally(() => Deno.exit(0));
  });
}
