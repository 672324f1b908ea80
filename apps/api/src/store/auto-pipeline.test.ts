import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { autoPipeline } from './auto-pipeline.ts';
import { createRestStore } from './rest-store.ts';
import type { Command, Script, Store } from './store.ts';
import { NotAdmittedError, StoreCommandError, StoreUnavailableError } from './store-errors.ts';

/** The real REST store, counting the round trips (pipeline calls) made through it and their commands. */
function countingStore(base: Store): Store & { roundTrips: number; commands: Command[] } {
  const counting = {
    ...base,
    roundTrips: 0,
    commands: [] as Command[],
    pipeline: (commands: Parameters<Store['pipeline']>[0]) => {
      counting.roundTrips += 1;
      counting.commands.push(...commands);
      return base.pipeline(commands);
    },
  };
  return counting;
}

const live = () =>
  createRestStore({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN, timeoutMs: 1500 });
const prefix = `test:autopipe:${crypto.randomUUID()}:`;

describe('autoPipeline', () => {
  it('sends commands started together as one round trip, each answered in order', async () => {
    const base = countingStore(live());
    const store = autoPipeline(base);
    const script: Script = { name: 'echo-key', lua: `return KEYS[1] .. ARGV[1]` };
    await store.run(script, ['warm'], ['-up']); // loads the script, so the next run is one EVALSHA
    base.roundTrips = 0;
    const [set, value, scripted] = await Promise.all([
      store.send(['SET', `${prefix}a`, '1']),
      store.send(['INCR', `${prefix}b`]),
      store.run(script, [`${prefix}k`], ['!']),
    ]);
    expect([set, value, scripted]).toEqual(['OK', 1, `${prefix}k!`]);
    expect(base.roundTrips).toBe(1);
  });

  it('keeps commands issued one after another in separate round trips', async () => {
    const base = countingStore(live());
    const store = autoPipeline(base);
    await store.send(['SET', `${prefix}c`, 'x']);
    expect(await store.send(['GET', `${prefix}c`])).toBe('x');
    expect(base.roundTrips).toBe(2);
  });

  it('fails only the command Redis refused', async () => {
    const store = autoPipeline(live());
    await store.send(['SET', `${prefix}text`, 'abc']);
    const [bad, good] = await Promise.allSettled([
      store.send(['INCR', `${prefix}text`]),
      store.send(['GET', `${prefix}text`]),
    ]);
    expect(bad.status === 'rejected' && bad.reason).toBeInstanceOf(StoreCommandError);
    expect(good).toEqual({ status: 'fulfilled', value: 'abc' });
  });

  it('fails every waiting command when Redis is unreachable', async () => {
    const store = autoPipeline(createRestStore({ url: 'http://127.0.0.1:1', token: 't', timeoutMs: 500 }));
    const results = await Promise.allSettled([store.send(['GET', 'a']), store.send(['GET', 'b'])]);
    for (const result of results) {
      expect(result.status === 'rejected' && result.reason).toBeInstanceOf(StoreUnavailableError);
    }
  });
});

describe('autoPipeline: fused scripts and gates', () => {
  const incr: Script = { name: 'test-incr', lua: `return redis.call('INCRBY', KEYS[1], ARGV[1])` };
  const nothing: Script = { name: 'test-nothing', lua: `return false` };
  const wrongType: Script = { name: 'test-wrong-type', lua: `return redis.call('INCR', KEYS[1])` };
  /** A stand-in rate limit: counts, and admits while the count is within ARGV[1]. */
  const limit: Script = { name: 'test-limit', lua: `return { tonumber(ARGV[1]) - redis.call('INCR', KEYS[1]) }` };
  const admits = 'tonumber(r[1]) >= 0';
  const key = (name: string) => `${prefix}${name}:${crypto.randomUUID()}`;

  it('sends scripts started together as ONE script call, each answered as if it ran alone', async () => {
    const base = countingStore(live());
    const text = key('text');
    await base.send(['SET', text, 'abc']);
    const together = (store: Store, counter: string) =>
      Promise.allSettled([
        store.run(incr, [counter], [2]),
        store.run(nothing, [], []),
        store.run(wrongType, [text], []),
      ]);
    await together(autoPipeline(base), key('warm')); // Redis learns the fused script
    base.roundTrips = 0;
    base.commands = [];
    const counter = key('counter');
    const [counted, empty, refused] = await together(autoPipeline(base), counter);
    expect(counted).toEqual({ status: 'fulfilled', value: 2 });
    expect(empty).toEqual({ status: 'fulfilled', value: null });
    expect(refused.status === 'rejected' && refused.reason).toBeInstanceOf(StoreCommandError);
    expect(base.roundTrips).toBe(1);
    expect(base.commands.map(([name]) => name)).toEqual(['EVALSHA']);
    expect(await base.send(['GET', counter])).toBe('2');
  });

  it('runs a guarded write only when the gates opened before it admitted, in the same round trip', async () => {
    const base = countingStore(live());
    const [limited, written] = [key('limit'), key('written')];
    const request = () => {
      const store = autoPipeline(base);
      const gate = store.run(limit, [limited], [1], { admits });
      const write = store.run(incr, [written], [1], { onlyIfAdmitted: true });
      return Promise.allSettled([gate, write]);
    };
    await request();
    expect(await base.send(['GET', written])).toBe('1');
    base.roundTrips = 0;
    const [gate, write] = await request(); // the limit (1) is used up now
    expect(gate).toEqual({ status: 'fulfilled', value: [-1] });
    expect(write.status === 'rejected' && write.reason).toBeInstanceOf(NotAdmittedError);
    expect(await base.send(['GET', written])).toBe('1');
    expect(base.roundTrips).toBe(1); // (`send` on the base store is not counted)
  });

  it('is not guarded by a gate opened after it', async () => {
    const store = autoPipeline(live());
    const [limited, written] = [key('limit'), key('written')];
    const write = store.run(incr, [written], [1], { onlyIfAdmitted: true });
    const gate = store.run(limit, [limited], [0], { admits });
    expect(await Promise.all([write, gate])).toEqual([1, [-1]]);
  });

  it('waits for a gate already in flight, then runs the write or refuses it unsent', async () => {
    const warm = autoPipeline(live()); // Redis learns the gate alone and the write alone
    await warm.run(limit, [key('limit')], [1], { admits });
    await warm.run(incr, [key('written')], [1], { onlyIfAdmitted: true });
    for (const max of [1, 0]) {
      const base = countingStore(live());
      const store = autoPipeline(base);
      const [limited, written] = [key('limit'), key('written')];
      const gate = store.run(limit, [limited], [max], { admits });
      await new Promise((resolve) => setTimeout(resolve, 0)); // the gate's round trip is under way
      const write = store.run(incr, [written], [1], { onlyIfAdmitted: true });
      const [, wrote] = await Promise.allSettled([gate, write]);
      if (max === 1) {
        expect(wrote).toEqual({ status: 'fulfilled', value: 1 });
        expect(base.roundTrips).toBe(2);
      } else {
        expect(wrote.status === 'rejected' && wrote.reason).toBeInstanceOf(NotAdmittedError);
        expect(base.roundTrips).toBe(1);
        expect(await base.send(['EXISTS', written])).toBe(0);
      }
    }
  });

  it('counts a gate whose verdict cannot be read as refusing (fails closed)', async () => {
    const store = autoPipeline(live());
    const written = key('written');
    const gate = store.run(limit, [key('limit')], [5], { admits: 'r.no.such.field' });
    const write = store.run(incr, [written], [1], { onlyIfAdmitted: true });
    const [opened, wrote] = await Promise.allSettled([gate, write]);
    expect(opened).toEqual({ status: 'fulfilled', value: [4] });
    expect(wrote.status === 'rejected' && wrote.reason).toBeInstanceOf(NotAdmittedError);
    expect(await store.send(['EXISTS', written])).toBe(0);
  });

  it('is the only store that takes a guarded call: a driver refuses it rather than run it unguarded', async () => {
    await expect(live().run(incr, [key('written')], [1], { onlyIfAdmitted: true })).rejects.toBeInstanceOf(TypeError);
  });
});

describe('an authenticated request', () => {
  it('checks its rate limit and its session in the same round trip', async () => {
    const { testApp } = await import('../../test/test-app.ts');
    const { authClient } = await import('../../test/auth-client.ts');
    const base = countingStore(live());
    const { request } = testApp({ store: base });
    const client = authClient(request);
    const session = await client.login((await client.register()).email);
    await request('/api/sessions', { headers: { Authorization: `Bearer ${session.accessToken}` } });
    base.roundTrips = 0;
    const response = await request('/api/sessions', { headers: { Authorization: `Bearer ${session.accessToken}` } });
    expect(response.status).toBe(200);
    // Round trip 1: global limit + session check; 2: the list itself (it needs the session's user).
    expect(base.roundTrips).toBe(2);
  });

  it('costs one round trip and one Redis command for GET /api/auth/me and for a refresh', async () => {
    const { testApp } = await import('../../test/test-app.ts');
    const { authClient, refreshCookieOf } = await import('../../test/auth-client.ts');
    const base = countingStore(live());
    const { request } = testApp({ store: base });
    const client = authClient(request);
    const session = await client.login((await client.register()).email);
    expect((await client.me(session.accessToken)).status).toBe(200);
    base.roundTrips = 0;
    base.commands = [];
    expect((await client.me(session.accessToken)).status).toBe(200);
    // Global limit, session check and the caller's orgs: one fused script.
    expect(base.roundTrips).toBe(1);
    expect(base.commands.map(([name]) => name)).toEqual(['EVALSHA']);

    const rotated = await client.refresh(session.refreshToken);
    base.roundTrips = 0;
    base.commands = [];
    const again = await client.refresh(refreshCookieOf(rotated) ?? '');
    expect(again.status).toBe(200);
    expect(refreshCookieOf(again)).toBeTruthy();
    // The limits (global and refresh) and the rotation, which runs only if they allow it.
    expect(base.roundTrips).toBe(1);
    expect(base.commands.map(([name]) => name)).toEqual(['EVALSHA']);
  });
});
