/**
 * The Node baseline for `pnpm bench`: a bare Hono app with one route on @hono/node-server — the
 * same server adapter the API's Node entry uses — so that the API's numbers read as a fraction of
 * what Node and Hono alone do on this machine. PORT and HOST as for `apps/api/src/node.ts`.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().get('/hello', (c) => c.text('hello'));
const port = Number(process.env.PORT ?? 8788);
const hostname = process.env.HOST ?? '127.0.0.1';

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  console.log(`hello (node) on http://${hostname}:${info.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
