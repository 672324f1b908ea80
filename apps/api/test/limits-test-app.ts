import { env } from 'cloudflare:workers';
import { expect, vi } from 'vitest';
import type { Deps } from '../src/app-env.ts';
import { type Config, loadConfig } from '../src/config/config.ts';
import type { PasswordHasher } from '../src/password/password-hasher.ts';
import { json, PASSWORD, uniqueEmail } from './auth-client.ts';
import { testApp } from './test-app.ts';

/**
 * The limits production gets. The test bindings raise the per-IP request limits for every other
 * suite (they share a few fake IPs); these suites put the real ones back and lower what they test.
 */
export const productionConfig: Config = loadConfig(
  Object.fromEntries(Object.entries({ ...env }).filter(([name]) => !name.startsWith('RATE_LIMIT_'))),
);

const DAY = 24 * 60 * 60 * 1000;

/**
 * Time under the test's hand. @upstash/ratelimit reads `Date.now()` itself, so the clock fakes
 * Date (nothing else: timers and I/O stay real) and `deps.now` reads the same fake. It starts at
 * the next UTC midnight, where every window of every limit (10 s … 1 h) begins. Call
 * `vi.useRealTimers()` after each test.
 */
export function wallClock(): { now: () => number; advance: (ms: number) => void } {
  const start = Math.ceil(Date.now() / DAY) * DAY;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(start);
  return { now: () => Date.now(), advance: (ms) => vi.setSystemTime(Date.now() + ms) };
}

/** Counts password verifications, to prove a refusal cost no argon2 work; `hashes` counts new hashes. */
export function countingHasher(hasher: PasswordHasher): {
  hasher: PasswordHasher;
  verifications: () => number;
  hashes: () => number;
} {
  let count = 0;
  let hashed = 0;
  return {
    hasher: {
      hash: (password) => {
        hashed += 1;
        return hasher.hash(password);
      },
      verify: (stored, password) => {
        count += 1;
        return hasher.verify(stored, password);
      },
      verifyDummy: (password) => {
        count += 1;
        return hasher.verifyDummy(password);
      },
    },
    verifications: () => count,
    hashes: () => hashed,
  };
}

/**
 * The real app on the real Redis with production limits, `limits` on top, and time under control.
 * Counters live in the shared Redis, on a clock every run restarts at the same midnight: give each
 * test its own addresses (randomIp) and emails (uniqueEmail).
 */
export function limitedApp(limits: Partial<Config> = {}, overrides: Partial<Deps> = {}) {
  const clock = wallClock();
  const base = testApp();
  const counting = countingHasher(base.deps.hasher);
  const app = testApp({
    now: clock.now,
    config: { ...productionConfig, ...limits },
    hasher: counting.hasher,
    ...overrides,
  });
  const from = (ip: string, init: RequestInit = {}): RequestInit => ({
    ...init,
    headers: { ...(init.headers as Record<string, string> | undefined), 'CF-Connecting-IP': ip },
  });
  const login = (email: string, password: string, ip: string) =>
    app.request('/api/auth/login', from(ip, json({ email, password })));
  /** A new account, registered from an address of its own so no test's register budget is spent. */
  const register = async (email = uniqueEmail()) => {
    const response = await app.request(
      '/api/auth/register',
      from(randomIp(), json({ email, password: PASSWORD, name: 'T' })),
    );
    expect(response.status).toBe(201);
    return email;
  };
  return { ...app, clock, from, login, register, verifications: counting.verifications };
}

/** A fresh address per call (10.0.0.0/8), so runs and tests never share a bucket. */
export function randomIp(): string {
  const [a = 0, b = 0, c = 0] = crypto.getRandomValues(new Uint8Array(3));
  return `10.${a}.${b}.${c}`;
}

/** A 429 `RATE_LIMITED` problem with a Retry-After of whole seconds; returns the seconds. */
export async function expectRateLimited(response: Response): Promise<number> {
  expect(response.status).toBe(429);
  expect(response.headers.get('Content-Type')).toContain('application/problem+json');
  expect(await response.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
  const retryAfter = response.headers.get('Retry-After') ?? '';
  expect(retryAfter).toMatch(/^[1-9]\d*$/);
  return Number(retryAfter);
}
