import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiProcess, apiTestSettings, startEntryProcess } from './api-process.ts';
import { redisUrl } from './redis-url.ts';
import { type CreationOptions, type RequestOptions, SoftAuthenticator } from './soft-authenticator.ts';

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const running = new Set<ApiProcess>();

/** Starts an entry as a real process on a free port, as a user would. */
async function startEntry(command: string, args: string[]): Promise<ApiProcess> {
  const entry = await startEntryProcess(command, args, { ...apiTestSettings(), REDIS_URL: redisUrl });
  running.add(entry);
  return entry;
}

afterEach(async () => {
  for (const entry of running) await entry.stop();
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
  it('serves health, register, login (argon2 wasm), /me and a passkey sign-in over TCP Redis, and exits 0 on SIGTERM', async () => {
    const { health, child, exited, output, base } = await startEntry(command, args);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(output()).toContain('tcp store');

    const email = `entry-${crypto.randomUUID()}@example.test`;
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
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

    // Passkeys (@simplewebauthn/server and WebCrypto on this runtime): register one, sign in with it.
    // The relying party is the default APP_URL's (http://127.0.0.1:8787), whatever port is served.
    const device = new SoftAuthenticator('http://127.0.0.1:8787');
    const bearer = { Authorization: `Bearer ${accessToken}` };
    const creation = (await (await post('/api/auth/passkeys/register/options', {}, bearer)).json()) as CreationOptions;
    const registered = await post('/api/auth/passkeys/register', { response: await device.register(creation) }, bearer);
    expect(registered.status).toBe(201);
    const request = (await (await post('/api/auth/passkeys/login/options', {})).json()) as RequestOptions;
    const signedIn = await post('/api/auth/passkeys/login', { response: await device.authenticate(request) });
    expect(signedIn.status).toBe(200);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
