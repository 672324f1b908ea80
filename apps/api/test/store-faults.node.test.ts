import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmEmailChange, deleteAccountScript } from '../src/account/profile-scripts.ts';
import { keys } from '../src/keys/keys.ts';
import { declineInvitationScript, resendInvitationScript } from '../src/orgs/invitation-scripts.ts';
import { scriptSha1 } from '../src/store/run-script.ts';
import { formatRefreshToken, importRefreshKey } from '../src/tokens/refresh-token.ts';
import { type ApiProcess, apiTestSettings, startEntryProcess, startWorkerProcess } from './api-process.ts';
import { authClient, json, type LoggedIn, PASSWORD, phone, refreshCookieOf, uniqueEmail } from './auth-client.ts';
import {
  expectWhole,
  FAULTS_ADMIN_EMAIL,
  type NewRouteFixtures,
  newRouteFixtures,
  WORKING_STATUS,
  type WriteFixtures,
  writeEffects,
} from './new-route-fixtures.ts';
import { startRedisHttpProcess, stopRedisHttpProcess } from './redis-http-process.ts';
import { type RedisProcess, startRedisProcess } from './redis-process.ts';
import { type StallProxy, startStallProxy } from './stall-proxy.ts';
import { until } from './until.ts';

/*
 * Store faults end to end: a real API server process on the production path, over a real
 * redis-server of the test's own that is killed, paused (CLIENT PAUSE) and restarted mid-run, and
 * reached through a proxy that can stall one round trip (stall-proxy.ts).
 */

const STORE_TIMEOUT_MS = 300;
/** Far longer than the deadline: a request that waited for Redis instead of giving up shows. */
const PAUSE_MS = 2_500;
/**
 * A failing request may take the deadline plus this. It catches waiting out the pause or a
 * client's own retries (seconds), not scheduling noise.
 */
const SLACK_MS = 1_500;
const THEFT_ALERT = 'We signed you out everywhere';

const settings = {
  ...apiTestSettings(),
  STORE_TIMEOUT_MS: String(STORE_TIMEOUT_MS),
  // The retries below come right after the stalled rotation; with a grace window they would get
  // an access token and no cookie (that branch is tested with a manual clock in auth-refresh.test.ts).
  REFRESH_GRACE_SECONDS: '0',
  ADMIN_EMAILS: FAULTS_ADMIN_EMAIL,
};

interface Stack {
  api: ApiProcess;
  stop(): Promise<void>;
}

/** redis-http over the test's Redis, and the REST settings that point the API at it. */
async function restBridge(redis: RedisProcess) {
  const token = randomBytes(24).toString('hex');
  const bridge = await startRedisHttpProcess(redis.url, token);
  return { vars: { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: token }, bridge };
}

/** The Node entry, and a check that it chose the driver under test (not one from the environment). */
async function nodeEntry(driver: 'rest' | 'tcp', env: Record<string, string | undefined>): Promise<ApiProcess> {
  const api = await startEntryProcess(process.execPath, ['src/node.ts'], { ...settings, ...env });
  await until(`the entry says it uses the ${driver} store`, async () => api.output().includes(`${driver} store`));
  return api;
}

const stacks: { name: string; start: (redis: RedisProcess) => Promise<Stack> }[] = [
  {
    name: 'the Node entry over REST (redis-http)',
    start: async (redis) => {
      const { vars, bridge } = await restBridge(redis);
      const api = await nodeEntry('rest', { ...vars, REDIS_URL: undefined });
      return {
        api,
        stop: async () => {
          await api.stop();
          await stopRedisHttpProcess(bridge.child);
        },
      };
    },
  },
  {
    name: 'the Node entry over TCP (REDIS_URL)',
    start: async (redis) => {
      const api = await nodeEntry('tcp', { REDIS_URL: redis.url });
      return { api, stop: () => api.stop() };
    },
  },
  {
    name: 'the Worker in workerd (wrangler dev) over REST (redis-http)',
    start: async (redis) => {
      const { vars, bridge } = await restBridge(redis);
      const api = await startWorkerProcess({ ...settings, ...vars });
      return {
        api,
        stop: async () => {
          await api.stop();
          await stopRedisHttpProcess(bridge.child);
        },
      };
    },
  },
];

describe.each(stacks)('$name', ({ start }) => {
  let redis: RedisProcess;
  let proxy: StallProxy;
  let stack: Stack;
  let base: string;
  const request = (path: string, init?: RequestInit) => fetch(`${base}${path}`, init);
  const client = authClient(request);
  const newRoutes = newRouteFixtures(request);
  const bearer = (session: LoggedIn) => ({ Authorization: `Bearer ${session.accessToken}` });
  /** A browser's refresh: the cookie, from the app's own origin. */
  const refresh = (token: string, init: RequestInit = {}) =>
    request('/api/auth/refresh', {
      ...json({}, { Cookie: `__Secure-refresh=${token}`, Origin: base, 'Sec-Fetch-Site': 'same-origin' }),
      ...init,
    });

  beforeAll(async () => {
    redis = await startRedisProcess();
    proxy = await startStallProxy(redis.url);
    stack = await start({ ...redis, url: proxy.url });
    base = stack.api.base;
    expect(stack.api.health.status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await proxy?.close();
    await redis?.stop();
  });

  const effects = () => writeEffects(redis.command);
  /** The four multi-key writes of issue 14's routes, each whole: all done, or none of it. */
  async function expectWritesWhole(f: WriteFixtures, done: boolean): Promise<void> {
    const { accountDeleted, emailChanged, invitationDeclined, invitationResent } = effects();
    expectWhole(await accountDeleted(f), done, 'account deleted');
    expectWhole(await emailChanged(f), done, 'email changed');
    expectWhole(await invitationDeclined(f), done, 'invitation declined');
    expectWhole(await invitationResent(f), done, 'invitation resent');
  }

  /**
   * Once Redis is back: nothing of the writes refused during the outage ran, and each of issue
   * 14's routes works again, in the same API process.
   */
  async function expectNewRoutesWorkAgain(f: NewRouteFixtures): Promise<void> {
    await expectWritesWhole(f, false);
    const probes = newRoutes.probes(f);
    for (const [name, status] of Object.entries(WORKING_STATUS)) {
      const response = await probes[name as keyof typeof WORKING_STATUS]();
      expect(response.status, `${name}: ${await response.text()}`).toBe(status);
    }
    await expectWritesWhole(f, true);
  }

  /** Every kind of store-backed request, each timed; `session` is a signed-in user's. */
  async function probeAll(session: LoggedIn, email: string, f: NewRouteFixtures) {
    const probes: Record<string, () => Promise<Response>> = {
      health: () => request('/api/health'),
      me: async () => client.me(session.accessToken),
      sessions: () => request('/api/sessions', { headers: bearer(session) }),
      orgs: () => request('/api/orgs', { headers: bearer(session) }),
      register: () => request('/api/auth/register', json({ email: uniqueEmail(), password: PASSWORD, name: 'N' })),
      login: () => request('/api/auth/login', json({ email, password: PASSWORD })),
      refresh: () => refresh(session.refreshToken),
      logout: () => request('/api/auth/logout', json({ scope: 'others' }, bearer(session))),
      // Issue 12's routes: second factors, passkeys and step-up share the store's outage answer.
      mfa: () => request('/api/auth/mfa', { headers: bearer(session) }),
      totpSetup: () => request('/api/auth/mfa/totp/setup', json({}, bearer(session))),
      mfaVerify: () =>
        request('/api/auth/mfa/verify', json({ mfaToken: 'x'.repeat(43), method: 'totp', code: '123456' })),
      passkeys: () => request('/api/auth/passkeys', { headers: bearer(session) }),
      passkeyLoginOptions: () => request('/api/auth/passkeys/login/options', json({})),
      reauth: () => request('/api/auth/reauth', json({ password: PASSWORD }, bearer(session))),
      // Issue 14's invitation, profile and admin routes, several of them multi-key writes.
      ...newRoutes.probes(f),
    };
    return Promise.all(
      Object.entries(probes).map(async ([name, probe]) => {
        const started = Date.now();
        const response = await probe();
        const elapsed = Date.now() - started;
        const type = response.headers.get('Content-Type');
        return { name, status: response.status, type, body: await response.text(), elapsed };
      }),
    );
  }

  function expectAllUnavailable(results: Awaited<ReturnType<typeof probeAll>>): void {
    for (const { name, status, type, body, elapsed } of results) {
      expect({ name, status, type }).toEqual({ name, status: 503, type: 'application/problem+json' });
      expect(JSON.parse(body), name).toMatchObject({ status: 503, code: 'STORE_UNAVAILABLE' });
      expect(body, name).not.toMatch(/\bat .*:\d+:\d+/); // no stack trace
      expect(elapsed, name).toBeLessThan(STORE_TIMEOUT_MS + SLACK_MS);
    }
  }

  async function expectServing(session: LoggedIn): Promise<void> {
    await until('the API serves again', async () => (await request('/api/health')).status === 200);
    expect((await client.me(session.accessToken)).status).toBe(200);
  }

  // With the REST driver, a dead Redis behind redis-http answered 500 INTERNAL on every route.
  it('answers 503 STORE_UNAVAILABLE on every store-backed path while Redis is down, and serves again once it is restarted, without a restart of its own', async () => {
    const { email } = await client.register();
    const session = await client.login(email);
    const f = await newRoutes.fixtures();

    await redis.kill();
    expectAllUnavailable(await probeAll(session, email, f));

    await redis.restart();
    // The session outlived the crash (Redis's append-only file) and the same API process serves it.
    await expectServing(session);
    expect((await refresh(session.refreshToken)).status).toBe(200);
    expect((await request('/api/auth/login', json({ email, password: PASSWORD }))).status).toBe(200);
    await expectNewRoutesWorkAgain(f);
  });

  it('answers 503 STORE_UNAVAILABLE within STORE_TIMEOUT_MS while Redis is paused, and 200 once the pause ends', async () => {
    const { email } = await client.register();
    const session = await client.login(email);
    const f = await newRoutes.fixtures();

    await redis.pause(PAUSE_MS);
    expectAllUnavailable(await probeAll(session, email, f));

    await expectServing(session);
    await expectNewRoutesWorkAgain(f);
  });

  // Each write is one script; a 503 after Redis took it must leave all of it done, and the retry
  // must be a clear 4xx that changes nothing (the token, session or invitation id is spent).
  it('leaves a multi-key write whose answer was lost whole, and answers its retry 4xx: deleting an account, confirming an email change, declining and resending an invitation', async () => {
    const f = await newRoutes.writeFixtures();
    const probes = newRoutes.writeProbes(f);
    const { accountDeleted, emailChanged, invitationDeclined, invitationResent } = effects();
    // A retry meets what the write spent: the deleted account's session, the confirmation or
    // invitation token, the resent invitation's old id (the list shows its new one).
    const spentToken = { status: 400, code: 'VALIDATION_FAILED', errors: [{ path: 'token' }] };
    const writes = [
      {
        script: deleteAccountScript,
        send: probes.deleteAccount,
        effects: accountDeleted,
        retry: { status: 401, code: 'SESSION_REVOKED' },
      },
      { script: confirmEmailChange, send: probes.emailConfirm, effects: emailChanged, retry: spentToken },
      { script: declineInvitationScript, send: probes.decline, effects: invitationDeclined, retry: spentToken },
      {
        script: resendInvitationScript,
        send: probes.resend,
        effects: invitationResent,
        retry: { status: 404, code: 'NOT_FOUND' },
      },
    ];
    for (const write of writes) {
      const { name } = write.script;
      // Known to Redis, so the held EVALSHA runs once released (a NOSCRIPT would end it there).
      await redis.command(['SCRIPT', 'LOAD', write.script.lua]);
      // Only this script's EVALSHA carries its SHA-1: the request's earlier round trips flow.
      proxy.hold(await scriptSha1(write.script));
      const lost = await write.send();
      expect(lost.status, name).toBe(503);
      expect(await lost.json(), name).toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expectWhole(await write.effects(f), false, name);
      proxy.release();
      await until(`${name} ran`, async () => Object.values(await write.effects(f)).some(Boolean));
      expectWhole(await write.effects(f), true, name);

      const retry = await write.send();
      expect(await retry.json(), name).toMatchObject(write.retry);
      expectWhole(await write.effects(f), true, name);
    }
  });

  describe('a refresh whose answer was lost', () => {
    const generationOf = async (token: string) => {
      const [userId = '', sessionId = ''] = token.split('.');
      return Number(await redis.command(['HGET', keys.session(userId, sessionId), 'gen']));
    };
    /** The cookie the API must set for this session at `generation`: recomputed from the HMAC. */
    const cookieFor = async (token: string, generation: number) => {
      const [userId = '', sessionId = ''] = token.split('.');
      const key = await importRefreshKey(settings.REFRESH_TOKEN_SECRET);
      return formatRefreshToken(key, { userId, sessionId, generation });
    };
    const subjectsFor = async (email: string) => {
      const response = await request(`/api/dev/outbox?to=${encodeURIComponent(email)}`);
      return ((await response.json()) as { messages: { subject: string }[] }).messages.map((m) => m.subject);
    };

    /** A user signed in on a laptop and a phone; the laptop's session has rotated once. */
    async function signedIn() {
      const { email } = await client.register();
      const laptop = await client.login(email);
      const other = await client.login(email, phone);
      // Rotating once also teaches Redis the refresh's script: the stalled call then runs by hash.
      const first = await refresh(laptop.refreshToken);
      expect(first.status).toBe(200);
      return { email, other, current: refreshCookieOf(first) ?? '' };
    }

    async function expectReissued(email: string, current: string, other: LoggedIn): Promise<void> {
      // Redis ran the rotation whose answer never arrived: the session is one generation ahead.
      expect(await generationOf(current)).toBe(2);
      const retry = await refresh(current);
      expect(retry.status).toBe(200);
      expect(refreshCookieOf(retry)).toBe(await cookieFor(current, 2));
      const { accessToken } = (await retry.json()) as { accessToken: string };
      expect((await client.me(accessToken)).status).toBe(200);
      // Not reuse: the user's other session lives and nobody was told of a theft.
      expect((await client.me(other.accessToken)).status).toBe(200);
      expect(await subjectsFor(email)).not.toContain(THEFT_ALERT);
      // Once the re-issued cookie has been used, the old one is what it always was: reuse.
      expect((await refresh(refreshCookieOf(retry) ?? '')).status).toBe(200);
      expect(await (await refresh(current)).json()).toMatchObject({ code: 'REFRESH_REUSED' });
    }

    /** Holds the session's rotation on its way to Redis: of a refresh's commands only it names the session. */
    const holdRotationOf = (token: string) => proxy.hold(`:s:${token.split('.')[1]}`);

    // A rotation that ran after its request had answered 503 made the client's retry "reuse": every session ended.
    it('answers 503 to a refresh whose rotation Redis got past STORE_TIMEOUT_MS, and the retry with the same cookie 200 with the successor cookie', async () => {
      const { email, other, current } = await signedIn();
      holdRotationOf(current);
      const stalled = await refresh(current);
      expect(stalled.status).toBe(503);
      expect(await stalled.json()).toMatchObject({ code: 'STORE_UNAVAILABLE' });
      // The client keeps its cookie: an error that cleared it would sign the user out.
      expect(stalled.headers.get('Set-Cookie')).toBeNull();
      proxy.release();
      await until('the stalled rotation ran', async () => (await generationOf(current)) === 2);
      await expectReissued(email, current, other);
    });

    // The same loss when the client hangs up (tab closed, network gone) after Redis took the rotation.
    it('answers the retry of a refresh the client gave up on, after Redis had taken it, with the successor cookie', async () => {
      const { email, other, current } = await signedIn();
      holdRotationOf(current);
      const abort = new AbortController();
      const gaveUp = refresh(current, { signal: abort.signal }).then(
        () => 'answered',
        () => 'aborted',
      );
      await until('the rotation is on its way to Redis', async () => proxy.holding());
      abort.abort();
      expect(await gaveUp).toBe('aborted');
      proxy.release();
      await until('the rotation ran', async () => (await generationOf(current)) === 2);
      await expectReissued(email, current, other);
    });
  });
});
