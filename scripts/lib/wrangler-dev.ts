import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { configSchema } from '../../apps/api/src/config/config.ts';
import { binDir, root } from './paths.ts';
import { spawnGroup } from './process-group.ts';

export interface WranglerDevOptions {
  port: number;
  vars: Record<string, string>;
  /** Another wrangler config than the repository's (e.g. a test's Worker without the SPA's assets). */
  config?: string;
  /** Defaults to the parent's terminal. */
  stdio?: SpawnOptions['stdio'];
}

/**
 * The API settings taken from this process's environment. wrangler reads only `.dev.vars` once that
 * file exists, so without this `ADMIN_EMAILS=… pnpm start` would silently do nothing. REDIS_URL is
 * left out: here it names the Redis behind the local REST endpoint, not one for the Worker.
 */
function settingsFromEnvironment(): Record<string, string> {
  const names = Object.keys(configSchema.shape).filter((name) => name !== 'REDIS_URL');
  return Object.fromEntries(names.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
}

/** `wrangler dev` (workerd) serving SPA + API from wrangler.toml, as its own process group. */
export function startWranglerDev({ port, vars, config, stdio = 'inherit' }: WranglerDevOptions): ChildProcess {
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--show-interactive-dev-session=false'];
  if (config) args.push('--config', config);
  for (const [name, value] of Object.entries({ ...settingsFromEnvironment(), ...vars })) {
    args.push('--var', `${name}:${value}`);
  }
  return spawnGroup(`${binDir}/wrangler`, args, {
    cwd: root,
    stdio,
    env: {
      ...process.env,
      // Offline machines: no Request.cf lookup, no telemetry, no update check noise.
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_LOG: process.env.WRANGLER_LOG ?? 'warn',
    },
  });
}
