import { afterEach, describe, expect, it, vi } from 'vitest';
import { PASSWORD } from '../../test/auth-client.ts';
import { limitedApp, randomIp } from '../../test/limits-test-app.ts';
import { createArgon2idHasher } from '../password/argon2id-hasher.ts';
import { argon2WasmModule } from '../password/wasm-module.worker.ts';

afterEach(() => {
  vi.useRealTimers();
});

const HOUR = 60 * 60 * 1000;

/**
 * Hundreds of failed logins: argon2id at its smallest parameters (still the real hasher), and
 * lockout limits out of the way so every attempt reaches the password check.
 */
function setup() {
  const app = limitedApp(
    {
      RATE_LIMIT_GLOBAL_MAX: 100_000,
      RATE_LIMIT_LOGIN_MAX: 100_000,
      LOGIN_BACKOFF_AFTER_FAILURES: 100_000,
      LOGIN_LOCKOUT_THRESHOLD: 100_000,
      LOGIN_ACCOUNT_MAX_FAILURES: 100_000,
    },
    {
      hasher: createArgon2idHasher({
        module: argon2WasmModule,
        params: { memoryKiB: 8, iterations: 1, parallelism: 1 },
      }),
    },
  );
  const signIn = async (email: string) => {
    const response = await app.login(email, PASSWORD, randomIp());
    expect(response.status).toBe(200);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };
  /** `count` wrong passwords, from addresses of their own, twenty at a time. */
  const fail = async (email: string, count: number) => {
    for (let done = 0; done < count; done += 20) {
      const batch = Array.from({ length: Math.min(20, count - done) }, () => app.login(email, 'wrong', randomIp()));
      for (const response of await Promise.all(batch)) expect(response.status).toBe(401);
    }
  };
  const eventsOf = async (accessToken: string) => {
    const response = await app.request('/api/auth/events', { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { events: { type: string; at: string; count?: number }[] }).events;
  };
  return { ...app, signIn, fail, eventsOf };
}

describe('security events under a guessing attack', () => {
  // Broke: every failed login pushed an event into the capped list, so 100 of them pushed out the
  // user's whole history, login.succeeded included.
  it('keep the earlier events after 200 failed logins, which show as one entry with their count', async () => {
    const { register, signIn, fail, eventsOf, clock } = setup();
    const email = await register();
    const accessToken = await signIn(email);
    clock.advance(1000);
    await fail(email, 200);

    const events = await eventsOf(accessToken);
    expect(events.map((event) => event.type)).toEqual(['login.failed', 'login.succeeded']);
    expect(events[0]).toMatchObject({ type: 'login.failed', count: 200 });
  }, 60_000);

  // Broke: each failure was an entry of its own, so a slow attack filled the list all the same.
  it('aggregate failures per hour and keep only the latest hours of them', async () => {
    const { register, signIn, fail, eventsOf, clock } = setup();
    const email = await register();
    await signIn(email);
    for (let hour = 0; hour < 30; hour += 1) {
      await fail(email, 2);
      clock.advance(HOUR);
    }
    const events = await eventsOf(await signIn(email));
    const failures = events.filter((event) => event.type === 'login.failed');
    expect(failures).toHaveLength(20);
    expect(failures.every((event) => event.count === 2)).toBe(true);
    expect(events.filter((event) => event.type === 'login.succeeded')).toHaveLength(2);
    // Newest first, failures interleaved with the rest by time.
    const times = events.map((event) => event.at);
    expect(times).toEqual([...times].sort().reverse());
  }, 60_000);
});
