import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { configSchema } from '../../apps/api/src/config/config.ts';
import { ensureDevVars } from './dev-vars.ts';
import { freePort } from './free-port.ts';
import { startLocalEdge } from './local-edge.ts';
import { binDir, root } from './paths.ts';
import { spawnGroup, stopGroup } from './process-group.ts';

export interface WranglerDevOptions {
  /** Where clients reach the Worker (on 127.0.0.1). */
  port: number;
  vars: Record<string, string>;
  /** Another wrangler config than the repository's (e.g. a test's Worker without the SPA's assets). */
  config?: string;
  /** Defaults to the parent's terminal. */
  stdio?: SpawnOptions['stdio'];
  /**
   * The URL the web app is served on, for links in emails: the Worker's APP_URL unless the
   * environment or `.dev.vars` sets one. Without it the Worker falls back to a fixed default, never
   * to the Host a request names.
   */
  appUrl: string;
}

export interface WranglerDev {
  /** wrangler's process (the leader of its group); exits when wrangler does. */
  process: ChildProcess;
  /** Stops the edge and wrangler's whole process group. */
  stop(): Promise<void>;
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

/**
 * `wrangler dev` (workerd) serving SPA + API from wrangler.toml, as its own process group, behind a
 * local edge (local-edge.ts) on `port` that sets CF-Connecting-IP from the socket as Cloudflare
 * does. wrangler itself listens on another free port of 127.0.0.1.
 */
export async function startWranglerDev({
  port,
  vars,
  appUrl,
  config,
  stdio = 'inherit',
}: WranglerDevOptions): Promise<WranglerDev> {
  const settings = { ...settingsFromEnvironment(), ...vars };
  if (!settings.APP_URL && !ensureDevVars().get('APP_URL')) settings.APP_URL = appUrl;
  const upstreamPort = await freePort();
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(upstreamPort), '--show-interactive-dev-session=false'];
  if (config) args.push('--config', config);
  for (const [name, value] of Object.entries(settings)) args.push('--var', `${name}:${value}`);
  const child = spawnGroup(`${binDir}/wrangler`, args, {
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
  try {
    const edge = await startLocalEdge({ host: '127.0.0.1', port, upstreamPort });
    return {
      process: child,
      stop: async () => {
        await edge.close();
        await stopGroup(child);
      },
    };
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
}
