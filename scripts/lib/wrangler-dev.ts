import type { ChildProcess } from 'node:child_process';
import { binDir, root } from './paths.ts';
import { spawnGroup } from './process-group.ts';

export interface WranglerDevOptions {
  port: number;
  vars: Record<string, string>;
}

/** `wrangler dev` (workerd) serving SPA + API from wrangler.toml, as its own process group. */
export function startWranglerDev({ port, vars }: WranglerDevOptions): ChildProcess {
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--show-interactive-dev-session=false'];
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`);
  return spawnGroup(`${binDir}/wrangler`, args, {
    cwd: root,
    env: {
      ...process.env,
      // Offline machines: no Request.cf lookup, no telemetry, no update check noise.
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_LOG: process.env.WRANGLER_LOG ?? 'warn',
    },
  });
}
