import { getConnInfo } from 'hono/deno';
import { createApp } from './app.ts';
import { selfHostedDeps } from './self-hosted-deps.ts';

declare const Deno: {
  env: { toObject(): Record<string, string> };
  serve(
    options: { port: number; hostname: string; onListen?: (addr: { port: number }) => void },
    handler: (request: Request, info: unknown) => Response | Promise<Response>,
  ): { shutdown(): Promise<void> };
  addSignalListener(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void;
  exit(code: number): never;
};

/** Deno entry: `deno run -A apps/api/src/deno.ts`. REDIS_URL selects the TCP driver, else REST. */
const env = Deno.env.toObject();
// Deno.serve hands the connection info to the handler; Hono keeps it as the env.
const deps = await selfHostedDeps(env, (c) => getConnInfo(c).remote.address ?? null);
const { store } = deps;
const app = createApp(deps);
const port = Number(env.PORT ?? 8787);
const hostname = env.HOST ?? '127.0.0.1';

const server = Deno.serve(
  {
    port,
    hostname,
    onListen: (addr) => console.log(`portcullis api (deno, ${store.driver} store) on http://${hostname}:${addr.port}`),
  },
  (request, info) => app.fetch(request, info),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  Deno.addSignalListener(signal, () => {
    void server
      .shutdown()
      .then(() => store.close())
      .finally(() => Deno.exit(0));
  });
}
