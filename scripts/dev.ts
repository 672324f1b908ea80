/**
 * `pnpm dev`: Vite with hot reload for the SPA, proxying /api to `wrangler dev` (which reloads the
 * Worker on change), over the Redis endpoint. Ctrl-C stops everything.
 */
import { startRedisHttp } from '../apps/redis-http/src/index.ts';
import { ensureDevVars } from './lib/dev-vars.ts';
import { root } from './lib/paths.ts';
import { spawnGroup, stopGroup } from './lib/process-group.ts';
import { startWranglerDev } from './lib/wrangler-dev.ts';

const apiPort = Number(process.env.API_PORT ?? 8787);
const webPort = Number(process.env.PORT ?? 5173);

const vars = ensureDevVars();
const redisHttp = await startRedisHttp({
  redisUrl: process.env.REDIS_URL || undefined,
  token: vars.get('UPSTASH_REDIS_REST_TOKEN') ?? '',
  port: 0,
});
const webUrl = `http://localhost:${webPort}`;
// Behind Vite's proxy the Worker sees its own host, not the page's: allow the page's origin to use
// the refresh cookie. Emails link to the page too. Every request through Vite comes from Vite's own
// address: the edge in front of wrangler takes the client address from the socket, never a header.
const wrangler = await startWranglerDev({
  port: apiPort,
  vars: {
    UPSTASH_REDIS_REST_URL: redisHttp.url,
    ALLOWED_ORIGINS: `${webUrl},http://127.0.0.1:${webPort}`,
  },
  appUrl: webUrl,
});
const vite = spawnGroup(`${root}apps/web/node_modules/.bin/vite`, ['--port', String(webPort), '--strictPort'], {
  cwd: `${root}apps/web`,
  env: { ...process.env, PORTCULLIS_API_URL: `http://127.0.0.1:${apiPort}` },
});
console.log(`\nportcullis: open ${webUrl} (API on http://127.0.0.1:${apiPort})\n`);

async function stop(): Promise<never> {
  await Promise.all([stopGroup(vite), wrangler.stop()]);
  await redisHttp.close();
  process.exit(0);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
