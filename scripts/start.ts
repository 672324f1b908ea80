/**
 * `pnpm start`: production-like local run. Builds the SPA, starts the Redis endpoint (the Redis at
 * REDIS_URL, else the embedded in-memory store) and serves SPA + API from `wrangler dev` (workerd)
 * on http://127.0.0.1:${PORT:-8787}. SIGINT/SIGTERM stop everything and exit 0.
 */
import { startRedisHttp } from '../apps/redis-http/src/index.ts';
import { ensureDevVars } from './lib/dev-vars.ts';
import { root } from './lib/paths.ts';
import { run } from './lib/run.ts';
import { waitForHttp } from './lib/wait-for-http.ts';
import { startWranglerDev } from './lib/wrangler-dev.ts';

const port = Number(process.env.PORT ?? 8787);
const redisUrl = process.env.REDIS_URL || undefined;

if (
  (await run(
    `${root}apps/web/node_modules/.bin/vite`,
    ['build', '--logLevel', 'warn'],
    process.env,
    `${root}apps/web`,
  )) !== 0
) {
  console.error('portcullis: the web app did not build');
  process.exit(1);
}

const vars = ensureDevVars();
const token = vars.get('UPSTASH_REDIS_REST_TOKEN') ?? '';
const redisHttp = await startRedisHttp({ redisUrl, token, port: Number(process.env.REDIS_HTTP_PORT ?? 0) });
if (redisUrl && redisHttp.backend !== 'redis') {
  // An explicit REDIS_URL that silently became an in-memory store would lose everything on exit.
  console.error(`portcullis: REDIS_URL is set but ${redisUrl} does not answer; refusing to start.`);
  await redisHttp.close();
  process.exit(1);
}

const url = `http://127.0.0.1:${port}`;
const wrangler = await startWranglerDev({ port, vars: { UPSTASH_REDIS_REST_URL: redisHttp.url }, appUrl: url });

let stopping = false;
async function stop(code: number): Promise<never> {
  stopping = true;
  await wrangler.stop();
  await redisHttp.close();
  process.exit(code);
}
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));
wrangler.process.once('exit', (code) => {
  if (!stopping) void stop(code ?? 1);
});

await waitForHttp(`${url}/api/health`, { timeoutMs: 120_000 });
console.log(`\nportcullis: ready on ${url}  (Ctrl-C to stop)\n`);
