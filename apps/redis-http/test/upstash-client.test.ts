import { randomBytes } from 'node:crypto';
import { Redis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RedisHttpServer, startRedisHttp } from '../src/index.ts';
import { BACKENDS, uniquePrefix } from './bridges.ts';

/** The command names in the bodies of the requests a fetch spy saw, in order. */
function commandsSent(calls: ReadonlyArray<Parameters<typeof fetch>>): string[] {
  return calls.flatMap(([, init]) => {
    const body: unknown = JSON.parse(String(init?.body ?? 'null'));
    if (!Array.isArray(body)) return [];
    const commands: unknown[] = Array.isArray(body[0]) ? body : [body];
    return commands.map((command) => (Array.isArray(command) ? String(command[0]).toUpperCase() : ''));
  });
}

describe.each(BACKENDS)('@upstash/redis through the bridge, $backend backend', ({ backend, redisUrl }) => {
  let server: RedisHttpServer;
  const prefix = uniquePrefix();

  beforeAll(async () => {
    server = await startRedisHttp({ redisUrl, token: randomBytes(16).toString('hex'), port: 0, quiet: true });
    expect(server.backend).toBe(backend);
  });

  afterAll(async () => {
    const redis = new Redis({ url: server.url, token: server.token, retry: false, enableTelemetry: false });
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await server.close();
  });

  describe.each([{ autoPipelining: true }, { autoPipelining: false }])(
    'auto-pipelining $autoPipelining',
    ({ autoPipelining }) => {
      let redis: Redis;
      const key = (name: string): string => `${prefix}${autoPipelining ? 'auto' : 'direct'}:${name}`;

      beforeAll(() => {
        redis = new Redis({
          url: server.url,
          token: server.token,
          retry: false,
          enableAutoPipelining: autoPipelining,
          enableTelemetry: false,
        });
      });

      it('stores a string and reads it back, unicode included', async () => {
        await redis.set(key('string'), 'héllo ✓ 🗝');
        expect(await redis.get(key('string'))).toBe('héllo ✓ 🗝');
        expect(await redis.get(key('missing'))).toBeNull();
      });

      it('stores an object and reads the same object back', async () => {
        const session = { userId: 'u_1', roles: ['admin'], mfa: true, created: 1_700_000_000 };
        await redis.set(key('json'), session);
        expect(await redis.get(key('json'))).toEqual(session);
      });

      it('sets a TTL with ex', async () => {
        await redis.set(key('ttl'), 'v', { ex: 100 });
        const ttl = await redis.ttl(key('ttl'));
        expect(ttl).toBeGreaterThan(95);
        expect(ttl).toBeLessThanOrEqual(100);
      });

      it('refuses to overwrite an existing key with nx', async () => {
        expect(await redis.set(key('nx'), 'first', { nx: true })).toBe('OK');
        expect(await redis.set(key('nx'), 'second', { nx: true })).toBeNull();
        expect(await redis.get(key('nx'))).toBe('first');
      });

      it('rejects incr on a non-number and leaves the value alone', async () => {
        await redis.set(key('not-a-number'), 'abc');
        await expect(redis.incr(key('not-a-number'))).rejects.toThrow('ERR value is not an integer or out of range');
        expect(await redis.get(key('not-a-number'))).toBe('abc');
      });

      it('counts with incr from a missing key', async () => {
        expect(await redis.incr(key('counter'))).toBe(1);
        expect(await redis.incrby(key('counter'), 41)).toBe(42);
      });

      it('writes, reads and increments hash fields', async () => {
        expect(await redis.hset(key('hash'), { email: 'a@example.com', logins: 1 })).toBe(2);
        expect(await redis.hincrby(key('hash'), 'logins', 2)).toBe(3);
        expect(await redis.hgetall(key('hash'))).toEqual({ email: 'a@example.com', logins: 3 });
        expect(await redis.hgetall(key('no-hash'))).toBeNull();
      });

      it('keeps a sorted set ordered by score, with scores, and removes members', async () => {
        const sessions = key('sessions');
        expect(
          await redis.zadd(
            sessions,
            { score: 30, member: 's3' },
            { score: 10, member: 's1' },
            { score: 20.5, member: 's2' },
          ),
        ).toBe(3);
        expect(await redis.zrange(sessions, 0, -1, { withScores: true })).toEqual(['s1', 10, 's2', 20.5, 's3', 30]);
        expect(await redis.zrem(sessions, 's2')).toBe(1);
        expect(await redis.zcard(sessions)).toBe(2);
        expect(await redis.zrange(sessions, 0, -1)).toEqual(['s1', 's3']);
      });

      it('answers every command of a pipeline, reporting the failing one in the middle', async () => {
        const pipeline = redis.pipeline();
        pipeline.set(key('pipeline'), 'abc');
        pipeline.incr(key('pipeline'));
        pipeline.get(key('pipeline'));
        const results = await pipeline.exec({ keepErrors: true });
        expect(results[0]).toMatchObject({ result: 'OK', error: undefined });
        expect(results[1]?.error).toMatch(/^ERR value is not an integer/);
        expect(results[2]).toMatchObject({ result: 'abc', error: undefined });

        const failing = redis.pipeline();
        failing.get(key('pipeline'));
        failing.incr(key('pipeline'));
        await expect(failing.exec()).rejects.toThrow(/Command 2 \[ incr \] failed: ERR value is not an integer/);
      });

      it('runs a transaction with multi and returns each reply', async () => {
        const tx = redis.multi();
        tx.set(key('multi'), 1);
        tx.incr(key('multi'));
        tx.get(key('multi'));
        expect(await tx.exec()).toEqual(['OK', 2, 2]);
      });

      it('runs each transaction without commands of concurrent requests in between', async () => {
        const counter = key('atomic');
        const transactions = Array.from({ length: 20 }, () => {
          const tx = redis.multi();
          tx.incr(counter);
          tx.incr(counter);
          return tx.exec<[number, number]>();
        });
        const loose = Array.from({ length: 20 }, () => redis.incr(counter));
        const results = await Promise.all(transactions);
        await Promise.all(loose);
        for (const [first, second] of results) expect(second).toBe(first + 1);
        expect(await redis.get(counter)).toBe(60);
      });

      it('runs a new script through the EVALSHA→EVAL fallback, then by EVALSHA alone', async () => {
        // A comment unique to this run keeps the script (and its SHA) unknown to the shared Redis.
        const script = redis.createScript<number>(
          `-- ${prefix} ${autoPipelining}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])`,
        );
        const fetchSpy = vi.spyOn(globalThis, 'fetch');
        try {
          expect(await script.exec([key('script')], ['2'])).toBe(2);
          expect(commandsSent(fetchSpy.mock.calls)).toEqual(['EVALSHA', 'EVAL']);
          fetchSpy.mockClear();
          expect(await script.exec([key('script')], ['3'])).toBe(5);
          expect(commandsSent(fetchSpy.mock.calls)).toEqual(['EVALSHA']);
        } finally {
          fetchSpy.mockRestore();
        }
      });

      it('returns Lua tables as arrays and Lua nil as null', async () => {
        await redis.set(key('lua'), 'x');
        expect(await redis.eval('return {KEYS[1], ARGV[1], 7, {8}}', [key('lua')], ['y'])).toEqual([
          key('lua'),
          'y',
          7,
          [8],
        ]);
        expect(await redis.eval("return redis.call('GET', KEYS[1])", [key('lua-missing')], [])).toBeNull();
      });

      it('rejects every call when the token is wrong', async () => {
        const intruder = new Redis({
          url: server.url,
          token: 'wrong-token',
          retry: false,
          enableAutoPipelining: autoPipelining,
          enableTelemetry: false,
        });
        await expect(intruder.get(key('string'))).rejects.toThrow(/^WRONGPASS invalid or missing auth token/);
      });
    },
  );
});
