import { beforeAll, describe, expect, it } from 'vitest';
import { repliesOf, type Script, type Store } from '../src/store/store.ts';
import { StoreCommandError, StoreUnavailableError } from '../src/store/store-errors.ts';

export interface DriverSuiteOptions {
  /** A store on the real test Redis. */
  live: () => Promise<Store>;
  /** A store whose Redis never answers or refuses connections. */
  dead: () => Promise<Store> | Store;
}

/**
 * One behavioural suite every store driver must pass, so the API cannot tell drivers apart.
 * Keys carry a random prefix: other suites share the same Redis concurrently.
 */
export function describeStoreDriver(name: string, options: DriverSuiteOptions): void {
  describe(`store driver: ${name}`, () => {
    let store: Store;
    const prefix = `test:driver:${crypto.randomUUID()}:`;
    beforeAll(async () => {
      store = await options.live();
      return () => store.close();
    });

    it('answers PING', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('returns strings as strings, integers as numbers and missing keys as null', async () => {
      expect(await store.send(['SET', `${prefix}s`, 'héllo ✓', 'EX', 60])).toBe('OK');
      expect(await store.send(['GET', `${prefix}s`])).toBe('héllo ✓');
      expect(await store.send(['INCRBY', `${prefix}n`, 41])).toBe(41);
      expect(await store.send(['GET', `${prefix}missing`])).toBeNull();
    });

    it('returns HGETALL as a flat field/value array, as RESP2 does', async () => {
      await store.send(['HSET', `${prefix}h`, 'a', '1', 'b', 'two']);
      const reply = await store.send(['HGETALL', `${prefix}h`]);
      expect(Array.isArray(reply)).toBe(true);
      expect(reply).toHaveLength(4);
      expect(reply).toEqual(expect.arrayContaining(['a', '1', 'b', 'two']));
    });

    it('runs a batch in order and returns each reply', async () => {
      const settled = await store.batch([
        ['SET', `${prefix}b1`, 'x'],
        ['ZADD', `${prefix}z`, 2, 'two', 1, 'one'],
        ['ZRANGE', `${prefix}z`, 0, -1],
        ['GET', `${prefix}b1`],
      ]);
      expect(repliesOf(settled)).toEqual(['OK', 2, ['one', 'two'], 'x']);
    });

    it('settles each command of a batch on its own, running the ones after a failed one', async () => {
      await store.send(['SET', `${prefix}str`, 'not a number']);
      const settled = await store.batch([
        ['SET', `${prefix}before`, '1'],
        ['INCR', `${prefix}str`],
        ['SET', `${prefix}after`, '1'],
      ]);
      expect(settled[0]).toEqual({ ok: true, reply: 'OK' });
      expect(settled[1]?.ok === false && settled[1].error).toBeInstanceOf(StoreCommandError);
      expect(settled[2]).toEqual({ ok: true, reply: 'OK' });
      expect(() => repliesOf(settled)).toThrow(StoreCommandError);
      expect(await store.send(['MGET', `${prefix}before`, `${prefix}after`])).toEqual(['1', '1']);
    });

    it('reports a command error as StoreCommandError, not as an outage', async () => {
      await store.send(['SET', `${prefix}text`, 'abc']);
      await expect(store.send(['INCR', `${prefix}text`])).rejects.toBeInstanceOf(StoreCommandError);
    });

    it('runs a script Redis has never seen (EVALSHA falls back to EVAL), then by hash', async () => {
      // A unique comment gives a hash no Redis has cached, forcing the NOSCRIPT path.
      const script: Script = {
        name: 'swap',
        lua: `-- ${crypto.randomUUID()}
        local a = redis.call('GET', KEYS[1])
        redis.call('SET', KEYS[1], ARGV[1])
        return { a or false, tonumber(ARGV[2]) + 1 }`,
      };
      expect(await store.run(script, [`${prefix}sw`], ['first', 1])).toEqual([null, 2]);
      expect(await store.run(script, [`${prefix}sw`], ['second', 10])).toEqual(['first', 11]);
    });

    it('reports an unreachable Redis as StoreUnavailableError within the deadline', async () => {
      const dead = await options.dead();
      const started = Date.now();
      await expect(dead.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(dead.run({ name: 'noop', lua: 'return 1' }, [], [])).rejects.toBeInstanceOf(StoreUnavailableError);
      // Generous bound: this guards against client retry loops (seconds), not scheduling noise.
      expect(Date.now() - started).toBeLessThan(5_000);
      await dead.close();
    });
  });
}
