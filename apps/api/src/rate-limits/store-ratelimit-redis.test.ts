import { afterEach, describe, expect, it, vi } from 'vitest';
import { testApp } from '../../test/test-app.ts';
import { autoPipeline } from '../store/auto-pipeline.ts';
import { createRestStore } from '../store/rest-store.ts';
import { runScript } from '../store/run-script.ts';
import { type Command, defineScript, type Store } from '../store/store.ts';
import { StoreCommandError, StoreUnavailableError } from '../store/store-errors.ts';
import { createLimiter } from './limiter.ts';
import { wallClock } from './limits-test-app.ts';
import { learnRatelimitScripts, storeRatelimitRedis } from './store-ratelimit-redis.ts';

afterEach(() => {
  vi.useRealTimers();
});

/** The real store, with every round trip it makes written down (scripts run through the same send). */
function recording(store: Store): { store: Store; sent: Command[] } {
  const sent: Command[] = [];
  const send = (command: Command) => {
    sent.push(command);
    return store.send(command);
  };
  return {
    sent,
    store: { ...store, send, run: (script, keys, args, options) => runScript(send, script, keys, args, options) },
  };
}

const prefix = () => `pc:test:rl:${crypto.randomUUID()}`;

describe('@upstash/ratelimit over our Store', () => {
  it('runs the library’s scripts without their Upstash-only shebang, one EVALSHA per call once known', async () => {
    wallClock();
    const { store, sent } = recording(testApp().deps.store);
    const limiter = createLimiter(storeRatelimitRedis(store), {
      prefix: prefix(),
      max: 2,
      windowSeconds: 60,
      algorithm: 'sliding',
    });
    expect(await limiter.limit('a')).toMatchObject({ allowed: true, remaining: 1 });
    // Open-source Redis refuses `#!lua flags=allow-key-locking`: the flagged text never reaches it.
    for (const [name, body] of sent) if (name === 'EVAL') expect(String(body)).not.toMatch(/^#!/);

    sent.length = 0;
    expect(await limiter.limit('a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.[0]).toBe('EVALSHA');
    expect(await limiter.limit('a')).toMatchObject({ allowed: false, remaining: 0 });
  });

  it.each(['sliding', 'fixed'] as const)(
    '%s window: a gate admits exactly when the library says the request is allowed',
    async (algorithm) => {
      wallClock();
      await learnRatelimitScripts();
      const base = testApp().deps.store;
      const keyPrefix = prefix();
      const probe = defineScript('test-probe', `return redis.call('INCR', KEYS[1])`);
      const probeKey = `${keyPrefix}:probe`;
      let ran = 0;
      for (let request = 0; request < 4; request += 1) {
        const store = autoPipeline(base);
        const limiter = createLimiter(storeRatelimitRedis(store), {
          prefix: keyPrefix,
          max: 2,
          windowSeconds: 60,
          algorithm,
          gate: true,
        });
        const verdict = limiter.limit('a');
        const write = store.run(probe, [probeKey], [], { onlyIfAdmitted: true });
        const [counted, wrote] = await Promise.allSettled([verdict, write]);
        if (counted.status !== 'fulfilled') throw counted.reason;
        expect(wrote.status === 'fulfilled').toBe(counted.value.allowed);
        expect(counted.value.allowed).toBe(request < 2);
        if (wrote.status === 'fulfilled') ran += 1;
      }
      expect(ran).toBe(2);
      expect(await base.send(['GET', probeKey])).toBe('2');
    },
  );

  it('refuses to lose a gate: a call that does not reach Redis at once, or a script not learnt yet', async () => {
    const redis = storeRatelimitRedis(testApp().deps.store);
    expect(() => redis.gating('true', () => Promise.resolve())).toThrow(/synchronously/);
    await expect(redis.gating('true', () => redis.evalsha('0'.repeat(40), [], []))).rejects.toThrow(/learnt first/);
  });

  it('gives every key it writes a TTL', async () => {
    wallClock();
    const { store } = testApp().deps;
    const keyPrefix = prefix();
    const redis = storeRatelimitRedis(store);
    for (const algorithm of ['sliding', 'fixed'] as const) {
      const limiter = createLimiter(redis, {
        prefix: `${keyPrefix}:${algorithm}`,
        max: 3,
        windowSeconds: 60,
        algorithm,
      });
      await limiter.limit('a');
      await limiter.limit('a', -1);
    }
    // One SCAN call covers only part of a large keyspace (the Redis is shared): follow the cursor.
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = (await store.send(['SCAN', cursor, 'MATCH', `${keyPrefix}:*`, 'COUNT', 10_000])) as [
        string,
        string[],
      ];
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
    expect(found).toHaveLength(2);
    for (const key of found) expect(Number(await store.send(['PTTL', key]))).toBeGreaterThan(0);
  });

  it('passes Redis errors through, and refuses arguments it does not know', async () => {
    const redis = storeRatelimitRedis(testApp().deps.store);
    await expect(redis.eval('return redis.call("NO-SUCH-COMMAND")', [], [])).rejects.toBeInstanceOf(StoreCommandError);
    await expect(redis.eval('return 1', [], [null])).rejects.toBeInstanceOf(TypeError);
  });

  it('rejects with StoreUnavailableError when Redis cannot be reached, never answering "allowed"', async () => {
    const store = createRestStore({ url: 'http://127.0.0.1:1', token: 't', timeoutMs: 500 });
    const limiter = createLimiter(storeRatelimitRedis(store), {
      prefix: prefix(),
      max: 5,
      windowSeconds: 10,
      algorithm: 'sliding',
    });
    await expect(limiter.limit('a')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(limiter.peek('a')).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
