import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { redisUrl } from '../../test/redis-url.ts';
import { forgive } from '../lockout/forgive.ts';
import { createRestStore } from '../store/rest-store.ts';
import type { Store } from '../store/store.ts';
import { createTcpStore } from '../store/tcp-store.ts';
import { createLimiter } from './limiter.ts';
import { storeRatelimitRedis } from './store-ratelimit-redis.ts';

const MINUTE = 60_000;

/**
 * apps/redis-http with no REDIS_URL, i.e. its embedded in-memory store, as its own process (as
 * `pnpm start` runs it; importing it would type-check its sources under this package's settings).
 */
function startEmbeddedBridge(): Promise<{ url: string; token: string; close: () => Promise<void> }> {
  const main = fileURLToPath(new URL('../../../redis-http/src/main.ts', import.meta.url));
  const token = randomBytes(16).toString('hex');
  const { REDIS_URL: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, [main], {
    env: { ...env, REDIS_HTTP_TOKEN: token, REDIS_HTTP_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const close = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+) \(backend: embedded/.exec(output);
      if (match?.[1]) resolve({ url: match[1], token, close });
    });
    child.once('exit', (code) => reject(new Error(`redis-http exited early (${code}): ${output}`)));
  });
}

/** The stores a deployment can put under the limiter: TCP on Node, REST over the embedded dev store. */
const drivers: { name: string; open: () => Promise<{ store: Store; close: () => Promise<void> }> }[] = [
  {
    name: 'tcp (node-redis) on Redis',
    open: async () => {
      const store = await createTcpStore({ url: redisUrl, timeoutMs: 1500 });
      return { store, close: () => store.close() };
    },
  },
  {
    // What `pnpm start` uses with no Redis installed: its Lua cannot parse the library's shebang at all.
    name: 'rest over the embedded development store',
    open: async () => {
      const bridge = await startEmbeddedBridge();
      const store = createRestStore({ url: bridge.url, token: bridge.token, timeoutMs: 1500 });
      return { store, close: () => bridge.close() };
    },
  },
];

describe.each(drivers)('rate limiter over the $name driver', ({ open }) => {
  let opened: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    opened = await open();
  });
  afterAll(() => opened.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  const limiter = (algorithm: 'sliding' | 'fixed') =>
    createLimiter(storeRatelimitRedis(opened.store), {
      prefix: `pc:test:rl:${crypto.randomUUID()}`,
      max: 2,
      windowSeconds: 60,
      algorithm,
    });

  it.each(['sliding', 'fixed'] as const)(
    '%s window: allows the limit, refuses past it, admits again after the window',
    async (algorithm) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Math.ceil(Date.now() / MINUTE) * MINUTE);
      const subject = limiter(algorithm);
      expect(await subject.limit('ip')).toMatchObject({ allowed: true, remaining: 1 });
      expect(await subject.limit('ip')).toMatchObject({ allowed: true, remaining: 0 });
      const refused = await subject.limit('ip');
      expect(refused.allowed).toBe(false);
      expect(subject.retryAfterSeconds(refused.reset, Date.now())).toBe(algorithm === 'fixed' ? 60 : 61);
      expect(await subject.limit('other')).toMatchObject({ allowed: true });
      vi.setSystemTime(Date.now() + subject.retryAfterSeconds(refused.reset, Date.now()) * 1000);
      expect(await subject.limit('ip')).toMatchObject({ allowed: true });
    },
  );

  it('gives back exactly what a fixed window counted', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Math.ceil(Date.now() / MINUTE) * MINUTE);
    const subject = limiter('fixed');
    await subject.limit('pair');
    await subject.limit('pair');
    expect(await subject.limit('pair', 0)).toMatchObject({ remaining: 0 });
    await subject.limit('pair', -2);
    expect(await subject.limit('pair', 0)).toMatchObject({ remaining: 2 });
  });

  // A success clears what it saw counted; two that race must not clear more than was there.
  it('forgives into the window it counted in, never below zero, and never recreates a gone one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Math.ceil(Date.now() / MINUTE) * MINUTE);
    const subject = limiter('fixed');
    const first = await subject.limit('pair');
    await subject.limit('pair');
    await forgive(opened.store, subject, 'pair', first, 2);
    await forgive(opened.store, subject, 'pair', first, 2);
    expect(await subject.limit('pair', 0)).toMatchObject({ remaining: 2 });

    const counted = await subject.limit('pair');
    vi.setSystemTime(Date.now() + MINUTE);
    await subject.limit('pair');
    await forgive(opened.store, subject, 'pair', counted, 1);
    // The refund went to the window it was counted in, not the one now running.
    expect(await subject.limit('pair', 0)).toMatchObject({ remaining: 1 });

    await forgive(opened.store, subject, 'never', counted, 1);
    expect(await opened.store.send(['EXISTS', subject.keyOfWindow('never', counted.reset)])).toBe(0);
  });
});
