import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevVars } from '../../../scripts/lib/dev-vars.ts';
import { freePort } from '../../../scripts/lib/free-port.ts';
import { root } from '../../../scripts/lib/paths.ts';
import { stopGroup } from '../../../scripts/lib/process-group.ts';
import { waitForHttp } from '../../../scripts/lib/wait-for-http.ts';
import { rateLimitConfig } from '../src/config/rate-limit-config.ts';
import { redisUrl } from './redis-url.ts';

/**
 * `pnpm start` (scripts/start.ts) as a user runs it, on a free port over the real Redis, attacked
 * over real loopback sockets: 127.0.0.2, 127.0.0.3 … are distinct client addresses on this machine.
 */
const LOGIN_MAX = 3;
let server: ChildProcess;
let base: string;
let output = '';

/**
 * Every per-IP limit on a window length of its own, so that other suites signing in from 127.0.0.x
 * over the same Redis share no bucket with this one; logins limited low, the rest out of reach.
 */
function limitVars(): Record<string, string> {
  const windowSeconds = String(5_001 + Math.floor(Math.random() * 900));
  const vars: Record<string, string> = {};
  for (const name of Object.keys(rateLimitConfig)) {
    if (/^RATE_LIMIT_\w+_MAX$/.test(name)) vars[name] = name === 'RATE_LIMIT_LOGIN_MAX' ? String(LOGIN_MAX) : '1000000';
    else if (/^RATE_LIMIT_\w+_WINDOW_SECONDS$/.test(name)) vars[name] = windowSeconds;
  }
  return vars;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const { APP_URL: _unset, ...environment } = process.env;
  server = spawn(process.execPath, ['scripts/start.ts'], {
    cwd: root,
    detached: true,
    env: { ...environment, PORT: String(port), REDIS_URL: redisUrl, NO_COLOR: '1', ...limitVars() },
  });
  server.stdout?.on('data', (data) => (output += data));
  server.stderr?.on('data', (data) => (output += data));
  try {
    await waitForHttp(`${base}/api/health`, { timeoutMs: 240_000 });
  } catch (error) {
    throw new Error(`pnpm start did not come up:\n${output}`, { cause: error });
  }
}, 300_000);

afterAll(async () => {
  if (server) await stopGroup(server);
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** One HTTP request from the loopback address `from`, with any headers an attacker likes. */
function call(
  from: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${base}${path}`,
      {
        method,
        localAddress: from,
        headers: { ...(payload ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
      },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk) => (text += chunk));
        incoming.on('end', () => {
          try {
            resolve({ status: incoming.statusCode ?? 0, body: text ? JSON.parse(text) : {} });
          } catch {
            reject(new Error(`${method} ${path}: ${incoming.statusCode} answered no JSON: ${text.slice(0, 80)}`));
          }
        });
      },
    );
    outgoing.once('error', reject);
    outgoing.end(payload);
  });
}

const PASSWORD = 'local server password';
const uniqueEmail = (label: string) => `local-${label}-${crypto.randomUUID().slice(0, 8)}@example.test`;

async function register(from: string, label: string): Promise<string> {
  const email = uniqueEmail(label);
  const answer = await call(from, 'POST', '/api/auth/register', { body: { email, password: PASSWORD, name: 'L' } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return email;
}

interface SessionView {
  ip: string;
  location: string;
  current: boolean;
}

/** Signs in from `from` with `headers`; the new session as the API recorded it. */
async function newSession(from: string, email: string, headers: Record<string, string> = {}): Promise<SessionView> {
  const login = await call(from, 'POST', '/api/auth/login', { body: { email, password: PASSWORD }, headers });
  expect(login.status, JSON.stringify(login.body)).toBe(200);
  const list = await call(from, 'GET', '/api/sessions', {
    headers: { Authorization: `Bearer ${String(login.body.accessToken)}` },
  });
  const current = (list.body.sessions as SessionView[]).find((session) => session.current);
  expect(current).toBeDefined();
  return current as SessionView;
}

describe('pnpm start takes the client address from the socket, never from CF-Connecting-IP', () => {
  // Broke: wrangler dev kept a client's own CF-Connecting-IP, so the session recorded the address it chose.
  it('records the socket address of the session, whatever CF-Connecting-IP says, and tells clients apart', async () => {
    const email = await register('127.0.0.2', 'ip');
    expect((await newSession('127.0.0.2', email, { 'CF-Connecting-IP': '203.0.113.66' })).ip).toBe('127.0.0.2');
    const claimsAnother = { 'CF-Connecting-IP': '127.0.0.2', 'X-Forwarded-For': '198.51.100.9' };
    expect((await newSession('127.0.0.3', email, claimsAnother)).ip).toBe('127.0.0.3');
    expect((await newSession('127.0.0.4', email)).ip).toBe('127.0.0.4');
  });

  // Broke: Miniflare's MF-CF-Blob header let a client write request.cf, where the location comes from.
  it('does not let a client set the location recorded on its session', async () => {
    const email = await register('127.0.0.2', 'cf');
    const blob = JSON.stringify({ city: 'Spoofville', country: 'XX', clientAcceptEncoding: '' });
    expect((await newSession('127.0.0.2', email, { 'MF-CF-Blob': blob })).location).not.toMatch(/Spoofville/);
  });

  // Broke: a new CF-Connecting-IP on every request was a fresh rate-limit bucket every time.
  it('keeps a client inside its per-IP login limit whatever CF-Connecting-IP it sends', async () => {
    const attempt = (from: string, spoofed?: string) =>
      call(from, 'POST', '/api/auth/login', {
        body: { email: uniqueEmail('guess'), password: 'wrong password' },
        headers: spoofed ? { 'CF-Connecting-IP': spoofed } : {},
      });
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_MAX + 3; i += 1)
      statuses.push((await attempt('127.0.0.5', `198.51.100.${i + 1}`)).status);
    expect(statuses).toEqual([...Array<number>(LOGIN_MAX).fill(401), 429, 429, 429]);
    // Another real client has its own budget, even when it claims to be the limited one.
    expect((await attempt('127.0.0.6', '127.0.0.5')).status).toBe(401);
  });
});

describe('pnpm start builds email links on the URL it serves, never on the request Host', () => {
  // Broke: without APP_URL the Worker took the link's origin from the Host the request named.
  it('links a verification and a reset email to its own URL despite a hostile Host and X-Forwarded-Host', async () => {
    const hostile = { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' };
    const email = uniqueEmail('host');
    const registered = await call('127.0.0.7', 'POST', '/api/auth/register', {
      body: { email, password: PASSWORD, name: 'H' },
      headers: hostile,
    });
    expect(registered.status).toBe(201);
    const forgot = await call('127.0.0.7', 'POST', '/api/auth/password/forgot', { body: { email }, headers: hostile });
    expect(forgot.status).toBe(202);
    const outbox = await call('127.0.0.7', 'GET', `/api/dev/outbox?to=${encodeURIComponent(email)}`);
    const links = (outbox.body.messages as { links: string[] }[]).flatMap((message) => message.links);
    // The URL served, unless the developer's .dev.vars names another (the environment's is unset).
    const appUrl = ensureDevVars().get('APP_URL') ?? base;
    expect(links.map((link) => `${new URL(link).origin}${new URL(link).pathname}`).sort()).toEqual([
      `${appUrl}/reset-password`,
      `${appUrl}/verify-email`,
    ]);
  });
});
