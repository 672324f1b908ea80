/**
 * The peer of `pnpm bench`: Better Auth as an edge user would run it — Hono on @hono/node-server
 * (the adapter our Node entry uses), sessions in Redis through @better-auth/redis-storage, email
 * and password with its default hashing (scrypt), and everything else at its defaults except:
 *
 * - cookie cache off (its default, said out loud): with it on, `getSession` answers from a signed
 *   cookie without asking Redis, so a revoked session would still pass until the cookie expires,
 *   while ours is refused on the very next request. Off, both check the store on every request.
 * - rate limiting off: the bench sends thousands of requests a second from one address. (Ours keeps
 *   its limiters, with limits no run reaches, and pays for their scripts on every request.)
 * - users in SQLite through Node's built-in `node:sqlite`, which Better Auth's Kysely adapter
 *   takes as is: SQLite is what an edge deployment keeps users in (Cloudflare D1, Turso), it needs
 *   no server, and a built-in needs no native add-on to compile. With secondary storage, sessions
 *   live in Redis only (`storeSessionInDatabase` stays false): `getSession` never touches SQLite,
 *   sign-in reads the user and account rows from it.
 *
 * Environment: PORT, HOST; REDIS_URL; BENCH_PEER_KEY_PREFIX (every key it writes starts with this,
 * so the bench deletes exactly its keys from the shared Redis); BENCH_PEER_DATABASE (the SQLite
 * file, created with its tables at start); BETTER_AUTH_SECRET.
 */
import { DatabaseSync } from 'node:sqlite';
import { redisStorage } from '@better-auth/redis-storage';
import { serve } from '@hono/node-server';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { Hono } from 'hono';
import { Redis } from 'ioredis';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const port = Number(process.env.PORT ?? 8789);
const hostname = process.env.HOST ?? '127.0.0.1';
const redis = new Redis(required('REDIS_URL'));

const options = {
  baseURL: `http://${hostname}:${port}`,
  secret: required('BETTER_AUTH_SECRET'),
  database: new DatabaseSync(required('BENCH_PEER_DATABASE')),
  secondaryStorage: redisStorage({ client: redis, keyPrefix: required('BENCH_PEER_KEY_PREFIX') }),
  emailAndPassword: { enabled: true },
  session: { cookieCache: { enabled: false } },
  rateLimit: { enabled: false },
  telemetry: { enabled: false },
};

const { runMigrations } = await getMigrations(options);
await runMigrations();
const auth = betterAuth(options);

// Better Auth's Hono integration, as its documentation gives it.
const app = new Hono().on(['GET', 'POST'], '/api/auth/*', (c) => auth.handler(c.req.raw));

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  console.log(`better-auth on http://${hostname}:${info.port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => server.close(() => void redis.quit().finally(() => process.exit(0))));
}
