import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../scripts/lib/free-port.ts';
import { root } from '../../../scripts/lib/paths.ts';
import { stopGroup } from '../../../scripts/lib/process-group.ts';
import { startWranglerDev } from '../../../scripts/lib/wrangler-dev.ts';
import { rateLimitConfig } from '../src/config/rate-limit-config.ts';

const apiDir = fileURLToPath(new URL('..', import.meta.url));

/** The API as a real server process, as a user runs it. */
export interface ApiProcess {
  /** e.g. `http://127.0.0.1:41234`: the app's own origin. */
  base: string;
  child: ChildProcess;
  /** The first answer of `/api/health`. */
  health: Response;
  exited: Promise<number | null>;
  output(): string;
  /** Stops the whole process group (wrangler's workerd too). */
  stop(): Promise<void>;
}

/**
 * Settings every test process needs: fresh signing and refresh keys (also returned, so a test can
 * compute the cookie the API should set), and per-IP limits out of the way — a test's requests
 * all come from 127.0.0.1, and no limit is under test here.
 */
export function apiTestSettings(): Record<string, string> & { REFRESH_TOKEN_SECRET: string } {
  const signingKey = {
    ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }),
    kid: 'test',
    alg: 'EdDSA',
  };
  return {
    ENVIRONMENT: 'test',
    JWT_PRIVATE_KEYS: JSON.stringify([signingKey]),
    REFRESH_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    MFA_ENCRYPTION_KEY: randomBytes(32).toString('base64url'),
    // Derived from the config, as in vitest.config.ts: the invitation limit was missing from a
    // hand-kept list here, and a suite that resends and declines invitations would hit it.
    ...Object.fromEntries(
      Object.keys(rateLimitConfig)
        .filter((name) => /^RATE_LIMIT_\w+_MAX$/.test(name))
        .map((name) => [name, '1000000']),
    ),
  };
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output()}`);
    const response = await fetch(url).catch(() => null);
    // 502 comes from the local edge in front of wrangler dev while wrangler is still starting;
    // the API itself never answers 502.
    if (response && response.status !== 502) return response;
    if (Date.now() > deadline) throw new Error(`no answer from ${url}:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function served(
  child: ChildProcess,
  port: number,
  timeoutMs: number,
  cleanup: () => void | Promise<void> = () => {},
): Promise<ApiProcess> {
  let output = '';
  child.stdout?.on('data', (data) => (output += data));
  child.stderr?.on('data', (data) => (output += data));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    await stopGroup(child, 0);
    await cleanup();
  };
  const base = `http://127.0.0.1:${port}`;
  try {
    const health = await waitForHealth(`${base}/api/health`, child, () => output, timeoutMs);
    return { base, child, health, exited, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Starts an entry (`node src/node.ts`, `deno run … src/deno.ts`) on a free port, in its own process
 * group. `env` adds to this process's environment; a name set to `undefined` is left out (e.g. a
 * REDIS_URL that `pnpm test` exported, which would pick the TCP driver).
 */
export async function startEntryProcess(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<ApiProcess> {
  const port = await freePort();
  const merged = { ...process.env, NO_COLOR: '1', ...env, PORT: String(port) };
  const child = spawn(command, args, {
    cwd: apiDir,
    env: Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)),
    detached: true,
  });
  return served(child, port, 25_000);
}

/**
 * The Worker in workerd under `wrangler dev`, as `pnpm start` serves it, with a config of its own
 * that leaves out the SPA's assets (not built for API tests; the API is the same Worker).
 */
export async function startWorkerProcess(vars: Record<string, string>): Promise<ApiProcess> {
  const compatibilityDate = /compatibility_date\s*=\s*"([^"]+)"/.exec(
    readFileSync(`${root}wrangler.toml`, 'utf8'),
  )?.[1];
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-worker-'));
  const config = join(dir, 'wrangler.toml');
  writeFileSync(
    config,
    ['name = "portcullis-test"', `main = "${apiDir}src/worker.ts"`, `compatibility_date = "${compatibilityDate}"`].join(
      '\n',
    ),
  );
  const port = await freePort();
  const wrangler = await startWranglerDev({
    port,
    vars,
    config,
    stdio: ['ignore', 'pipe', 'pipe'],
    appUrl: `http://127.0.0.1:${port}`,
  });
  return served(wrangler.process, port, 120_000, async () => {
    await wrangler.stop(); // the local edge in front of wrangler
    rmSync(dir, { recursive: true, force: true });
  });
}
