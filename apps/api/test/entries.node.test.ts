import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
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
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      PORT: String(port),
      ENVIRONMENT: 'test',
      NO_COLOR: '1',
      JWT_PRIVATE_KEYS: JSON.stringify([
        { ...generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }), kid: 'entry-test', alg: 'EdDSA' },
      ]),
      REFRESH_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      // Other suites sign up from 127.0.0.1 against the same Redis; these limits are not under test here.
      RATE_LIMIT_GLOBAL_MAX: '1000000',
      RATE_LIMIT_REGISTER_MAX: '1000000',
      RATE_LIMIT_LOGIN_MAX: '1000000',
    },
  });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (data) => (output += data));
  child.stderr?.on('data', (data) => (output += data));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const health = await waitForHealth(`http://127.0.0.1:${port}/api/health`, child, () => output);
  return { health, child, exited, output: () => output, base: `http://127.0.0.1:${port}` };
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
  it('serves health, register, login (argon2 wasm) and /me over TCP Redis, and exits 0 on SIGTERM', async () => {
    const { health, child, exited, output, base } = await startEntry(command, args);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(output()).toContain('tcp store');

    const email = `entry-${crypto.randomUUID()}@example.test`;
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('/api/auth/register', { email, password: 'entry password', name: 'E' })).status).toBe(201);
    const login = await post('/api/auth/login', { email, password: 'entry password' });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const me = await fetch(`${base}/api/auth/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email);
    // The client IP comes from the socket on these runtimes, never from a header.
    const sessions = await fetch(`${base}/api/sessions`, {
      headers: { Authorization: `Bearer ${accessToken}`, 'CF-Connecting-IP': '6.6.6.6' },
    });
    const [session] = ((await sessions.json()) as { sessions: { ip: string }[] }).sessions;
    expect(session?.ip).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
