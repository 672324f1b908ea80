import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { authClient, refreshCookieOf } from '../../test/auth-client.ts';
import { testApp } from '../../test/test-app.ts';
import { batchingStore } from './batching-store.ts';
import { createRestStore } from './rest-store.ts';
import type { Command, Script, Store } from './store.ts';
import { StoreCommandError, StoreUnavailableError } from './store-errors.ts';

/** The real REST store, counting its round trips (every call reaches Redis once) and their commands. */
function countingStore(base: Store): Store & { roundTrips: number; commands: Command[] } {
  const counting = {
    ...base,
    roundTrips: 0,
    commands: [] as Command[],
    send: (command: Command) => {
      counting.roundTrips += 1;
      counting.commands.push(command);
      return base.send(command);
    },
    batch: (commands: readonly Command[]) => {
      counting.roundTrips += 1;
      counting.commands.push(...commands);
      return base.batch(commands);
    },
  };
  return counting;
}

const live = () =>
  createRestStore({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN, timeoutMs: 1500 });
const prefix = `test:batching:${crypto.randomUUID()}:`;

describe('batchingStore', () => {
  it('sends commands and scripts started together as one round trip, each answered in order', async () => {
    const base = countingStore(live());
    const store = batchingStore(base);
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

  it('keeps calls that wait for one another in separate round trips', async () => {
    const base = countingStore(live());
    const store = batchingStore(base);
    await store.send(['SET', `${prefix}c`, 'x']);
    expect(await store.send(['GET', `${prefix}c`])).toBe('x');
    expect(base.roundTrips).toBe(2);
  });

  it('runs a script Redis does not know yet by its text, a round trip later', async () => {
    const store = batchingStore(live());
    const script: Script = { name: 'fresh', lua: `-- ${crypto.randomUUID()}\nreturn ARGV[1]` };
    expect(await store.run(script, [], ['hello'])).toBe('hello');
  });

  it('fails only the command Redis refused', async () => {
    const store = batchingStore(live());
    await store.send(['SET', `${prefix}text`, 'abc']);
    const [bad, good] = await Promise.allSettled([
      store.send(['INCR', `${prefix}text`]),
      store.send(['GET', `${prefix}text`]),
    ]);
    expect(bad.status === 'rejected' && bad.reason).toBeInstanceOf(StoreCommandError);
    expect(good).toEqual({ status: 'fulfilled', value: 'abc' });
  });

  it('fails every waiting command when Redis is unreachable', async () => {
    const store = batchingStore(createRestStore({ url: 'http://127.0.0.1:1', token: 't', timeoutMs: 500 }));
    const results = await Promise.allSettled([store.send(['GET', 'a']), store.batch([['GET', 'b']])]);
    for (const result of results) {
      expect(result.status === 'rejected' && result.reason).toBeInstanceOf(StoreUnavailableError);
    }
  });
});

describe('Redis round trips of a request, against the real Redis', () => {
  const signedIn = async () => {
    const base = countingStore(live());
    const { request } = testApp({ store: base });
    const client = authClient(request);
    const session = await client.login((await client.register()).email);
    return { base, request, client, session };
  };

  it('GET /api/auth/me: one — the global limit, the session check and the caller’s orgs together', async () => {
    const { base, client, session } = await signedIn();
    expect((await client.me(session.accessToken)).status).toBe(200); // every script known to Redis now
    base.roundTrips = 0;
    base.commands = [];
    expect((await client.me(session.accessToken)).status).toBe(200);
    expect(base.roundTrips).toBe(1);
    expect(base.commands.map(([name]) => name)).toEqual(['EVALSHA', 'EVALSHA', 'EVALSHA']);
  });

  it('POST /api/auth/refresh: two — its limits (global and refresh), then the rotation', async () => {
    const { base, client, session } = await signedIn();
    const rotated = await client.refresh(session.refreshToken); // every script known to Redis now
    base.roundTrips = 0;
    const again = await client.refresh(refreshCookieOf(rotated) ?? '');
    expect(again.status).toBe(200);
    expect(refreshCookieOf(again)).toBeTruthy();
    expect(base.roundTrips).toBe(2);
  });

  it('an org route: the session check and the caller’s role there together', async () => {
    const { base, request, session } = await signedIn();
    const headers = { Authorization: `Bearer ${session.accessToken}`, 'Content-Type': 'application/json' };
    const created = await request('/api/orgs', { method: 'POST', headers, body: JSON.stringify({ name: 'RT' }) });
    const { org } = (await created.json()) as { org: { id: string } };
    const rename = () =>
      request(`/api/orgs/${org.id}`, { method: 'PATCH', headers, body: JSON.stringify({ name: 'RT 2' }) });
    await request(`/api/orgs/${org.id}`, { headers });
    await rename(); // every script known to Redis now

    base.roundTrips = 0;
    expect((await request(`/api/orgs/${org.id}`, { headers })).status).toBe(200);
    // A read runs alongside its limit: limit, session and role (with the org) in one.
    expect(base.roundTrips).toBe(1);
    base.roundTrips = 0;
    expect((await rename()).status).toBe(200);
    // A write waits for its limit; then session and role in one; then the change.
    expect(base.roundTrips).toBe(3);
  });
});
