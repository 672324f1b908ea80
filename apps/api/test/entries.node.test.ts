import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { redisUrl } from './redis-url.ts';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const running = new Set<ChildProcess>();

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<Response> {
  const deadline = Date.now() + 25_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output()}`);
    try {
      return await fetch(url);
    } catch {
      if (Date.now() > deadline) throw new Error(`no answer from ${url}:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Starts an entry as a real process on a free port, as a user would. */
async function startEntry(command: string, args: string[]) {
  const port = await freePort();
  const child = spawn(command, args, {
    cwd: apiDir,
    env: { ...process.env, REDIS_URL: redisUrl, PORT: String(port), ENVIRONMENT: 'test', NO_COLOR: '1' },
  });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (data) => (output += data));
  child.stderr?.on('data', (data) => (output += data));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const health = await waitForHealth(`http://127.0.0.1:${port}/api/health`, child, () => output);
  return { health, child, exited, output: () => output };
}

afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

describe.each([
  { runtime: 'node', command: process.execPath, args: ['src/node.ts'] },
  {
    runtime: 'deno',
    // The package ships the real binary; the .bin shim is a wrapper that would swallow SIGTERM.
    command: `${apiDir}node_modules/deno/deno`,
    args: ['run', '--allow-net', '--allow-env', '--allow-read', '--allow-sys', 'src/deno.ts'],
  },
])('the $runtime entry', ({ command, args }) => {
  it('serves /api/health from the real Redis over TCP and exits 0 on SIGTERM', async () => {
    const { health, child, exited, output } = await startEntry(command, args);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(output()).toContain('tcp store');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
