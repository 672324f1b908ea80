import { spawn } from 'node:child_process';
import { ensureDevVars } from '../../../scripts/lib/dev-vars.ts';
import { freePort } from '../../../scripts/lib/free-port.ts';
import { root } from '../../../scripts/lib/paths.ts';
import { spawnGroup, stopGroup } from '../../../scripts/lib/process-group.ts';
import { waitForHttp } from '../../../scripts/lib/wait-for-http.ts';
import { startWranglerDev } from '../../../scripts/lib/wrangler-dev.ts';
import { rateLimitConfig } from '../../api/src/config/rate-limit-config.ts';

export interface AppServer {
  url: string;
  stop(): Promise<void>;
}

export const ADMIN_EMAIL = 'e2e-admin@portcullis.test';

/**
 * Every test signs in from 127.0.0.1, so each per-IP limit the API declares is raised far above
 * what the suite can reach. The limiter keys are `pc:rl:<policy>:<window>s:<ip>` in the shared
 * Redis: a window length of its own (as the bench does, in another range) keeps the suite from
 * pushing other suites on this machine over their limits, and them from pushing it. The
 * per-account login-failure guard stays as it is.
 */
function rateLimitVars(): Record<string, string> {
  const windowSeconds = String(4_001 + Math.floor(Math.random() * 900));
  const vars: Record<string, string> = {};
  for (const name of Object.keys(rateLimitConfig)) {
    if (/^RATE_LIMIT_\w+_MAX$/.test(name)) vars[name] = '1000000';
    else if (/^RATE_LIMIT_\w+_WINDOW_SECONDS$/.test(name)) vars[name] = windowSeconds;
  }
  return vars;
}

function build(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(`${root}apps/web/node_modules/.bin/vite`, ['build', '--logLevel', 'warn'], {
      cwd: `${root}apps/web`,
      stdio: 'inherit',
    });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))));
  });
}

/**
 * What `pnpm start` does (scripts/start.ts): build the SPA, run the Redis endpoint over the real
 * Redis at REDIS_URL, serve SPA + API from `wrangler dev` — on a free port, and with Worker vars
 * that `pnpm start` cannot pass (wrangler ignores the process environment once .dev.vars exists).
 * Every process runs in its own group and is stopped by group. `vars` adds Worker vars that depend
 * on the server's URL.
 */
export async function startAppServer(
  options: { vars?: (url: string) => Promise<Record<string, string>> } = {},
): Promise<AppServer> {
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) throw new Error('The end-to-end tests need a real Redis: set REDIS_URL (pnpm test does).');
  await build();
  const token = ensureDevVars().get('UPSTASH_REDIS_REST_TOKEN') ?? '';
  const redisPort = await freePort();
  const redisHttp = spawnGroup(process.execPath, [`${root}apps/redis-http/src/main.ts`], {
    env: { ...process.env, REDIS_URL: redisUrl, REDIS_HTTP_TOKEN: token, REDIS_HTTP_PORT: String(redisPort) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const port = await freePort();
  // `localhost`, not 127.0.0.1: WebAuthn needs a secure context, which plain http has on localhost
  // only, and an RP ID that is a host name (an IP address cannot be one). The edge listens on
  // 127.0.0.1, which the browser reaches for localhost.
  const url = `http://localhost:${port}`;
  const stoppers: (() => Promise<void>)[] = [() => stopGroup(redisHttp)];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne();
  };
  try {
    // Settings that need the server's URL first (a test provider's registered callback).
    const extraVars = (await options.vars?.(url)) ?? {};
    const wrangler = await startWranglerDev({
      port,
      vars: {
        UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${redisPort}`,
        ADMIN_EMAILS: ADMIN_EMAIL,
        // Passkeys take their RP ID and origin from APP_URL, so it must be this server's own even
        // when a developer's .dev.vars names another (e-mailed links are followed by path here).
        APP_URL: url,
        ...rateLimitVars(),
        ...extraVars,
      },
      appUrl: url,
    });
    stoppers.push(wrangler.stop);
    // Health pings the store, so a 200 means SPA, API and Redis endpoint all answer.
    await waitForHttp(`${url}/api/health`, { timeoutMs: 120_000 });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
