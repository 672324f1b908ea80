import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { autoPipeline } from './auto-pipeline.ts';
import { createRestStore } from './rest-store.ts';
import { defineScript, type Store } from './store.ts';
import { StoreCommandError, StoreUnavailableError } from './store-errors.ts';

/** The real REST store, counting the round trips (pipeline calls) made through it. */
function countingStore(base: Store): Store & { roundTrips: number } {
  const counting = {
    ...base,
    roundTrips: 0,
    pipeline: (commands: Parameters<Store['pipeline']>[0]) => {
      counting.roundTrips += 1;
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
    const script = defineScript('echo-key', `return KEYS[1] .. ARGV[1]`);
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

  it('costs one round trip for GET /api/auth/me and two for a refresh', async () => {
    const { testApp } = await import('../../test/test-app.ts');
    const { authClient, refreshCookieOf } = await import('../../test/auth-client.ts');
    const base = countingStore(live());
    const { request } = testApp({ store: base });
    const client = authClient(request);
    const session = await client.login((await client.register()).email);
    expect((await client.me(session.accessToken)).status).toBe(200);
    base.roundTrips = 0;
    expect((await client.me(session.accessToken)).status).toBe(200);
    // Global limit, session check and the caller's orgs together.
    expect(base.roundTrips).toBe(1);

    const rotated = await client.refresh(session.refreshToken);
    base.roundTrips = 0;
    expect((await client.refresh(refreshCookieOf(rotated) ?? '')).status).toBe(200);
    // The limits (global and refresh) together, then the rotation: it may only run once they allow it.
    expect(base.roundTrips).toBe(2);
  });
});
