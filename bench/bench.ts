/**
 * `pnpm bench`: throughput, latency, Redis round trips and memory of the auth hot paths, on the
 * Node entry (TCP driver) and on `wrangler dev` (REST driver through apps/redis-http), each
 * against a bare Hono "hello" on the same runtime measured in the same run, and the Node entry's
 * `/me` and login side by side with Better Auth's session check and sign-in (bench/peer/). What is
 * measured and how to read it: bench/README.md. Writes bench/results.json.
 *
 * Needs a real Redis on 127.0.0.1 (REDIS_URL, else :6379). Everything the bench starts or writes
 * is undone at the end, on failure and on Ctrl-C. It exits non-zero only when the bench itself
 * breaks; a missed target is reported, not fatal.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { createClient } from 'redis';
import { keys } from '../apps/api/src/keys/keys.ts';
import { startRedisHttp } from '../apps/redis-http/src/index.ts';
import { ensureDevVars } from '../scripts/lib/dev-vars.ts';
import { freePort } from '../scripts/lib/free-port.ts';
import { root } from '../scripts/lib/paths.ts';
import { run } from '../scripts/lib/run.ts';
import { type ApiClient, apiClient, BENCH_PASSWORD, deviceHeaders, REFRESH_COOKIE } from './lib/api-client.ts';
import { deleteBenchUsers, deleteKeysWithPrefix } from './lib/bench-users.ts';
import { createCleanup } from './lib/cleanup.ts';
import { countHttpRequests, type HttpRequestCounter } from './lib/http-request-counter.ts';
import type { LoadResult, LoadSpec } from './lib/load-spec.ts';
import { BENCH_APP_URL, type BenchPasskey, passkeyLoginBodies, registerBenchPasskey } from './lib/passkey-fixtures.ts';
import { deleteRateLimitKeys, rateLimitOverrides } from './lib/rate-limit-isolation.ts';
import { measureRedisCounting } from './lib/redis-counting.ts';
import { printReport } from './lib/report.ts';
import type {
  BenchResults,
  Operation,
  PeerComparison,
  Phase,
  RuntimeResult,
  SideBySide,
  SideBySideRun,
} from './lib/results.ts';
import { countRoundTrips, type RoundTrips } from './lib/round-trips.ts';
import { runLoad, stopRunningLoad } from './lib/run-load.ts';
import {
  deleteSeeded,
  type RedisCommands,
  type SeededUser,
  type SessionTemplate,
  seedSessions,
} from './lib/seed-sessions.ts';
import { type BenchServer, startNodeServer, startWorkerServer } from './lib/servers.ts';
import { measureCompactCopies, measureSessionMemory } from './lib/session-memory.ts';
import { median } from './lib/stats.ts';
import { type PeerClient, peerClient } from './peer/peer-client.ts';
import { measureWebBundle } from './web-bundle.ts';

const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/** Same for every run. BENCH_* overrides are for trying the bench quickly, not for reporting. */
const SETTINGS = {
  connections: 10,
  warmupSeconds: seconds('BENCH_WARMUP_SECONDS', 2),
  // 6 s of steady state (bench/load.ts counts a window inside one run) keeps the whole bench,
  // Better Auth's runs included, at about five minutes.
  durationSeconds: seconds('BENCH_DURATION_SECONDS', 6),
  // argon2id bounds login at tens of requests per second; a shorter run gives enough samples.
  loginDurationSeconds: seconds('BENCH_LOGIN_DURATION_SECONDS', 4),
  roundTripSamples: 20,
  loginRoundTripSamples: 5,
};
const LIVE_SESSIONS = [1_000, Number(process.env.BENCH_BULK_SESSIONS ?? 100_000)] as const;
/** Seeded keys expire after this even if the bench is killed with SIGKILL before it cleans up. */
const SEED_SAFETY_TTL_MS = 60 * 60 * 1000;

/** Browsers by rough share of traffic; each signs in once so the API parses and stores it. */
const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
];
const BROWSER = USER_AGENTS[0] ?? '';

const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const redisHost = new URL(redisUrl).hostname;
if (!['127.0.0.1', 'localhost', '[::1]'].includes(redisHost)) {
  // The bench writes 100,000 keys and floods the server: never point it at a shared or remote Redis.
  console.error(`bench: REDIS_URL must be a Redis on this machine (127.0.0.1), not ${redisHost}.`);
  process.exit(1);
}

const runId = randomBytes(4).toString('hex');
/** In every email the bench registers, so that cleanup can find exactly what it made. */
const marker = `bench-${runId}`;
const cleanup = createCleanup();
/** The rate limiters' window in this run: no one else's, so the bench's limiter keys are its own. */
const rateLimitWindowSeconds = 3_001 + Math.floor(Math.random() * 900);
const benchStart = Date.now();
/** Each line says how long the bench has run: where its minutes go. */
const log = (message: string) => {
  const elapsed = Math.round((Date.now() - benchStart) / 1000);
  console.log(`bench: [${Math.floor(elapsed / 60)}:${String(elapsed % 60).padStart(2, '0')}] ${message}`);
};

/**
 * Ctrl-C stops the work first and cleans up after: clean-up that ran while a step was still
 * seeding would miss the keys written after it. Every step checks this between its requests or
 * batches; a load run in progress is killed. A second Ctrl-C cleans up at once.
 */
const interruption = new AbortController();
function checkpoint(): void {
  interruption.signal.throwIfAborted();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interruption.signal.aborted) {
      console.error('bench: cleaning up now…');
      void cleanup.run().finally(() => process.exit(130));
      return;
    }
    console.error(`\nbench: ${signal}: stopping, then cleaning up (again to clean up at once)…`);
    interruption.abort(new Error('interrupted'));
    stopRunningLoad();
  });
}

// ---------------------------------------------------------------------------------------------

const redis = createClient({ url: redisUrl, RESP: 2 });
redis.on('error', (error: unknown) => console.error('bench: redis:', error));
const commands: RedisCommands = { sendCommand: (args) => redis.sendCommand(args) };

const benchUsers = { ids: [] as string[], emails: [] as string[] };
/** Credential ids of the bench's passkeys: their index keys are global, outside the users' keys. */
const benchCredentials: string[] = [];
let emailCounter = 0;

/** Registers a fresh user through the API; cleanup removes it and everything it accumulates. */
async function registerUser(client: ApiClient, label: string): Promise<{ email: string; userId: string }> {
  const email = `${marker}-${label}-${++emailCounter}@bench.portcullis.test`;
  benchUsers.emails.push(email);
  const userId = await client.register(email, `Bench ${label}`);
  benchUsers.ids.push(userId);
  return { email, userId };
}

async function inBatches<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += concurrency) {
    checkpoint();
    const batch = Array.from({ length: Math.min(concurrency, count - start) }, (_, offset) => task(start + offset));
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

interface Runtime {
  name: RuntimeResult['name'];
  driver: RuntimeResult['driver'];
  description: string;
  api: BenchServer;
  hello: BenchServer;
  client: ApiClient;
  /** REST path: requests arriving at redis-http. */
  http?: HttpRequestCounter;
  /** The user whose one token every /me connection shares, and the user every login run signs in. */
  meUser: { email: string; userId: string; accessToken: string };
  loginUser: { email: string; userId: string };
  /** The user every passkey sign-in signs in, with the passkey the bench's software authenticator holds. */
  passkeyUser: { email: string; userId: string; passkey: BenchPasskey };
}

function loadSpec(server: BenchServer, request: LoadSpec['request'], durationSeconds = SETTINGS.durationSeconds) {
  return {
    url: server.url,
    request,
    connections: SETTINGS.connections,
    warmupSeconds: SETTINGS.warmupSeconds,
    durationSeconds,
    ...(server.pid === undefined ? {} : { cpu: { serverPid: server.pid, redisUrl } }),
  } satisfies LoadSpec;
}

/** 2 × connections fresh sessions (a spare lineage per connection), at most 10 per user. */
async function refreshLineages(runtime: Runtime): Promise<string[]> {
  const perUser = 10;
  const users = await inBatches(Math.ceil((2 * SETTINGS.connections) / perUser), 2, () =>
    registerUser(runtime.client, 'refresh'),
  );
  return inBatches(2 * SETTINGS.connections, 4, async (index) => {
    const user = users[Math.floor(index / perUser)];
    if (!user) throw new Error('no refresh user');
    return (await runtime.client.login(user.email, BROWSER)).refreshToken;
  });
}

/**
 * One prepared answer per passkey sign-in the run could make (warm-up and measured window). The
 * options run, measured just before, bounds the rate: a sign-in's answer costs more than its options.
 */
function passkeyBodies(runtime: Runtime, optionsPerSecond: number): Promise<string[]> {
  const count = Math.ceil(
    Math.max(100, optionsPerSecond) * (SETTINGS.warmupSeconds + SETTINGS.loginDurationSeconds) * 1.2,
  );
  return passkeyLoginBodies(runtime.api.url, runtime.passkeyUser.passkey, count, deviceHeaders(BROWSER));
}

async function measureOperation(
  runtime: Runtime,
  operation: Operation,
  earlier: Partial<Record<Operation, LoadResult>> = {},
): Promise<LoadResult> {
  const device = deviceHeaders(BROWSER);
  switch (operation) {
    case 'me':
      return runLoad(
        loadSpec(runtime.api, {
          method: 'GET',
          path: '/api/auth/me',
          headers: { ...device, Authorization: `Bearer ${runtime.meUser.accessToken}` },
        }),
      );
    case 'refresh':
      return runLoad({
        ...loadSpec(runtime.api, {
          method: 'POST',
          path: '/api/auth/refresh',
          headers: { ...device, 'Content-Type': 'application/json' },
          body: '{}',
        }),
        chain: { cookieName: REFRESH_COOKIE, tokens: await refreshLineages(runtime) },
      });
    case 'login':
      return runLoad(
        loadSpec(
          runtime.api,
          {
            method: 'POST',
            path: '/api/auth/login',
            headers: { ...device, 'Content-Type': 'application/json' },
            body: JSON.stringify({ email: runtime.loginUser.email, password: BENCH_PASSWORD }),
          },
          SETTINGS.loginDurationSeconds,
        ),
      );
    case 'passkey-options':
      return runLoad(
        loadSpec(runtime.api, {
          method: 'POST',
          path: '/api/auth/passkeys/login/options',
          headers: { ...device, 'Content-Type': 'application/json' },
          body: '{}',
        }),
      );
    case 'passkey-login':
      return runLoad({
        ...loadSpec(
          runtime.api,
          {
            method: 'POST',
            path: '/api/auth/passkeys/login',
            headers: { ...device, 'Content-Type': 'application/json' },
            body: '{}', // what a starved request sends: a 400
          },
          SETTINGS.loginDurationSeconds,
        ),
        bodies: await passkeyBodies(runtime, earlier['passkey-options']?.requestsPerSecond ?? 1000),
      });
  }
}

/** null for `passkey-options`: its round trips are counted with its answer's, as one sign-in. */
async function measureRoundTrips(runtime: Runtime, operation: Operation): Promise<RoundTrips | null> {
  const { client, meUser, loginUser, passkeyUser } = runtime;
  const common = { redisUrl, signal: interruption.signal, ...(runtime.http ? { http: runtime.http } : {}) };
  switch (operation) {
    case 'me':
      // One call first so that a never-seen script (NOSCRIPT → EVAL) is not counted as steady state.
      await client.me(meUser.accessToken, BROWSER);
      return countRoundTrips({
        ...common,
        markers: [meUser.userId],
        samples: SETTINGS.roundTripSamples,
        operation: () => client.me(meUser.accessToken, BROWSER),
      });
    case 'refresh': {
      let token = (await client.login(meUser.email, BROWSER)).refreshToken;
      token = await client.refresh(token, BROWSER);
      return countRoundTrips({
        ...common,
        markers: [meUser.userId],
        samples: SETTINGS.roundTripSamples,
        operation: async () => {
          token = await client.refresh(token, BROWSER);
        },
      });
    }
    case 'login':
      await client.login(loginUser.email, BROWSER);
      return countRoundTrips({
        ...common,
        markers: [loginUser.userId, loginUser.email],
        samples: SETTINGS.loginRoundTripSamples,
        operation: async () => {
          await client.login(loginUser.email, BROWSER);
        },
      });
    case 'passkey-options':
      return null;
    case 'passkey-login': {
      const signIn = async () => {
        const [body] = await passkeyLoginBodies(runtime.api.url, passkeyUser.passkey, 1, deviceHeaders(BROWSER));
        const response = await fetch(`${runtime.api.url}/api/auth/passkeys/login`, {
          method: 'POST',
          headers: { ...deviceHeaders(BROWSER), 'Content-Type': 'application/json' },
          body: body ?? '',
        });
        if (response.status !== 200) throw new Error(`passkey login: ${response.status} ${await response.text()}`);
      };
      await signIn();
      return countRoundTrips({
        ...common,
        markers: [passkeyUser.userId],
        samples: SETTINGS.loginRoundTripSamples,
        operation: signIn,
      });
    }
  }
}

/**
 * One runtime at one number of live sessions. Round trips first, while the server is idle: after
 * a load run it is still draining the requests that were in flight (a login backlog lasts
 * seconds), and their commands would land in the count. Then the baseline, the operations, and the
 * baseline again: on a shared machine the capacity drifts, and bracketing the operations with two
 * baselines shows how much (and the ratios divide by their mean).
 *
 * With `peer` (the Node phase with few sessions), each operation Better Auth has a counterpart
 * of runs between two runs of that counterpart, and once more: peer, ours, ours, peer — a drift
 * of the machine's capacity weighs on both sides alike. The first of ours is the phase's own run.
 */
async function measurePhase(
  runtime: Runtime,
  liveSessions: number,
  operations: readonly Operation[],
  peer?: Peer,
): Promise<{ phase: Phase; sideBySide?: SideBySide }> {
  const step = (what: string) => {
    checkpoint();
    log(`${runtime.name}, ${liveSessions.toLocaleString('en-US')} live sessions: ${what}`);
  };
  step('round trips');
  // Access tokens live ten minutes; a fresh one per phase outlives any run of the bench.
  runtime.meUser.accessToken = (await runtime.client.login(runtime.meUser.email, BROWSER)).accessToken;
  const roundTrips: Phase['roundTrips'] = {};
  for (const operation of operations) {
    const trips = await measureRoundTrips(runtime, operation);
    if (trips) roundTrips[operation] = trips;
  }
  const recorder = peer ? await sideBySideRecorder(peer) : undefined;
  const record = (server: SideBySideRun['server'], request: string, result: LoadResult) => {
    recorder?.runs.push({ server, request, result });
    return result;
  };
  const hello = () =>
    runLoad(loadSpec(runtime.hello, { method: 'GET', path: '/hello', headers: deviceHeaders(BROWSER) }));
  step('hello');
  const before = record('hello', 'GET /hello', await hello());
  const peerRun = async (rival: Rival) => {
    step(`Better Auth, ${rival.peer}`);
    record('better-auth', rival.peer, await rival.measure());
  };
  const results: Partial<Record<Operation, LoadResult>> = {};
  for (const operation of operations) {
    const rival = recorder?.rivals[operation];
    if (rival) await peerRun(rival);
    step(operation);
    results[operation] = await measureOperation(runtime, operation, results);
    if (rival) {
      record('portcullis', rival.ours, results[operation]);
      step(`${operation} again`);
      record('portcullis', rival.ours, await measureOperation(runtime, operation));
      await peerRun(rival);
    }
  }
  step('hello again');
  const after = record('hello', 'GET /hello', await hello());
  const baselineRequestsPerSecond = (before.requestsPerSecond + after.requestsPerSecond) / 2;
  const phase: Phase = {
    liveSessions,
    baselines: [before, after],
    baselineRequestsPerSecond,
    operations: {},
    roundTrips,
  };
  for (const operation of operations) {
    const result = results[operation];
    if (result) {
      phase.operations[operation] = {
        ...result,
        ratioToBaseline: result.requestsPerSecond / baselineRequestsPerSecond,
      };
    }
  }
  return { phase, ...(peer && recorder ? { sideBySide: sideBySideOf(peer, recorder, phase) } : {}) };
}

/** Better Auth, started like our servers, and the two users the side-by-side runs use. */
interface Peer {
  server: BenchServer;
  client: PeerClient;
  /** Every key it writes in Redis starts with this. */
  keyPrefix: string;
  version: string;
  /** Whose session every get-session connection shares, and who every sign-in run signs in. */
  meEmail: string;
  loginEmail: string;
}

async function preparePeer(server: BenchServer, keyPrefix: string): Promise<Peer> {
  const client = peerClient(server.url);
  const meEmail = `${marker}-peer-me@bench.portcullis.test`;
  const loginEmail = `${marker}-peer-login@bench.portcullis.test`;
  for (const email of [meEmail, loginEmail]) await client.signUp(email, 'Bench peer');
  await client.checkRevocationBites(meEmail, BROWSER);
  const { version } = JSON.parse(readFileSync(`${root}node_modules/better-auth/package.json`, 'utf8')) as {
    version: string;
  };
  return { server, client, keyPrefix, version, meEmail, loginEmail };
}

/** Better Auth's counterpart of one of our operations. */
interface Rival {
  name: PeerComparison['name'];
  ours: string;
  peer: string;
  roundTrips: RoundTrips;
  measure(): Promise<LoadResult>;
}

/**
 * What the side-by-side runs need: Better Auth's counterparts of `/me` and login, with their
 * Redis round trips counted first (sequentially, on an idle server, as ours are), and a record
 * of the runs in the order they ran.
 */
interface SideBySideRecorder {
  rivals: Partial<Record<Operation, Rival>>;
  runs: SideBySideRun[];
}

async function sideBySideRecorder(peer: Peer): Promise<SideBySideRecorder> {
  const cookie = await peer.client.signIn(peer.meEmail, BROWSER);
  const checkSession = () => peer.client.getSession(cookie, peer.meEmail, BROWSER);
  const signIn = async () => {
    await peer.client.signIn(peer.loginEmail, BROWSER);
  };
  await checkSession();
  const roundTrips = (samples: number, operation: () => Promise<void>) =>
    countRoundTrips({ redisUrl, markers: [peer.keyPrefix], samples, signal: interruption.signal, operation });
  const device = deviceHeaders(BROWSER);
  const me: Rival = {
    name: 'session check',
    ours: 'GET /api/auth/me',
    peer: 'GET /api/auth/get-session',
    roundTrips: await roundTrips(SETTINGS.roundTripSamples, checkSession),
    async measure() {
      const result = await runLoad(
        loadSpec(peer.server, { method: 'GET', path: '/api/auth/get-session', headers: { ...device, Cookie: cookie } }),
      );
      // get-session answers 200 `null` for a refused session: its 2xx count only if the session held.
      await checkSession();
      return result;
    },
  };
  const login: Rival = {
    name: 'sign-in',
    ours: 'POST /api/auth/login',
    peer: 'POST /api/auth/sign-in/email',
    roundTrips: await roundTrips(SETTINGS.loginRoundTripSamples, signIn),
    measure: () =>
      runLoad(
        loadSpec(
          peer.server,
          {
            method: 'POST',
            path: '/api/auth/sign-in/email',
            headers: { ...device, 'Content-Type': 'application/json' },
            body: JSON.stringify({ email: peer.loginEmail, password: BENCH_PASSWORD }),
          },
          SETTINGS.loginDurationSeconds,
        ),
      ),
  };
  return { rivals: { me, login }, runs: [] };
}

/** Ours ÷ Better Auth by the means of each side's two runs, with each side's round trips. */
function sideBySideOf(peer: Peer, recorder: SideBySideRecorder, phase: Phase): SideBySide {
  const runsOf = (server: SideBySideRun['server'], request: string) =>
    recorder.runs.filter((run) => run.server === server && run.request === request).map((run) => run.result);
  const mean = (results: LoadResult[]) =>
    results.reduce((sum, result) => sum + result.requestsPerSecond, 0) / results.length;
  const comparisons = (Object.entries(recorder.rivals) as [Operation, Rival][]).map(([operation, rival]) => {
    const ours = runsOf('portcullis', rival.ours);
    const theirs = runsOf('better-auth', rival.peer);
    const oursRequestsPerSecond = mean(ours);
    const peerRequestsPerSecond = mean(theirs);
    return {
      name: rival.name,
      ours: rival.ours,
      peer: rival.peer,
      oursRequestsPerSecond,
      peerRequestsPerSecond,
      ratio: oursRequestsPerSecond / peerRequestsPerSecond,
      fewestAnswers: Math.min(...[...ours, ...theirs].map((result) => result.ok)),
      roundTrips: {
        ours: phase.roundTrips[operation]?.perOp ?? Number.NaN,
        peer: rival.roundTrips.perOp,
        peerCommands: rival.roundTrips.commandsPerOp,
      },
    };
  });
  return {
    peer: {
      name: 'better-auth',
      version: peer.version,
      setup:
        'Hono on @hono/node-server; sessions in Redis (@better-auth/redis-storage, own key prefix), cookie cache off; ' +
        'users in SQLite (node:sqlite); email + password, scrypt; rate limiting off',
    },
    runs: recorder.runs,
    comparisons,
  };
}

async function prepareRuntime(
  base: Omit<Runtime, 'client' | 'meUser' | 'loginUser' | 'passkeyUser'>,
): Promise<Runtime> {
  const client = apiClient(base.api.url);
  const me = await registerUser(client, `${base.name}-me`);
  const loginUser = await registerUser(client, `${base.name}-login`);
  const passkeyOwner = await registerUser(client, `${base.name}-passkey`);
  const { accessToken } = await client.login(passkeyOwner.email, BROWSER);
  const passkey = await registerBenchPasskey(base.api.url, accessToken);
  benchCredentials.push(passkey.credentialId);
  // measurePhase signs `me` in (a fresh access token per phase).
  return { ...base, client, meUser: { ...me, accessToken: '' }, loginUser, passkeyUser: { ...passkeyOwner, passkey } };
}

/**
 * Sessions the API itself wrote, one per distinct user agent: the templates of the seeded ones,
 * listed as often as their browser appears in USER_AGENTS so that seeding keeps its weights.
 */
async function apiWrittenSessions(client: ApiClient): Promise<{ user: SeededUser; templates: SessionTemplate[] }> {
  const { email, userId } = await registerUser(client, 'devices');
  // Distinct user agents: fewer than the session limit, so none is evicted.
  for (const userAgent of new Set(USER_AGENTS)) await client.login(email, userAgent);
  const sessionIds = (await redis.sendCommand(['ZRANGE', keys.userSessions(userId), '0', '-1'])) as string[];
  const byUserAgent = new Map<string, SessionTemplate>();
  for (const sessionId of sessionIds) {
    const flat = (await redis.sendCommand(['HGETALL', keys.session(userId, sessionId)])) as string[];
    const fields: SessionTemplate = {};
    for (let index = 0; index + 1 < flat.length; index += 2) fields[flat[index] ?? ''] = flat[index + 1] ?? '';
    // The API stores the user agent in 64-byte chunks (ua, ua1, …) to keep the hash compact.
    let userAgent = fields.ua ?? '';
    for (let chunk = 1; fields[`ua${chunk}`] !== undefined; chunk++) userAgent += fields[`ua${chunk}`];
    byUserAgent.set(userAgent, fields);
  }
  const templates = USER_AGENTS.flatMap((userAgent) => {
    const template = byUserAgent.get(userAgent);
    return template ? [template] : [];
  });
  if (templates.length === 0) throw new Error('the API wrote no session with the user agent it was given');
  return { user: { userId, sessionIds }, templates };
}

async function usedMemory(): Promise<number> {
  const info = String(await redis.sendCommand(['INFO', 'memory']));
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

async function configNumber(name: string): Promise<number> {
  const reply = (await redis.sendCommand(['CONFIG', 'GET', name])) as string[];
  return Number(reply[1]);
}

async function main(): Promise<BenchResults> {
  const startedAt = new Date();
  const loadAverageAtStart = loadavg();
  await redis.connect();
  cleanup.add('redis client', () => redis.close());
  const redisVersion = /redis_version:(\S+)/.exec(String(await redis.sendCommand(['INFO', 'server'])))?.[1] ?? '?';
  log(`run ${runId}; Redis ${redisVersion} at ${redisUrl}; ${cpus().length} CPUs; Node ${process.version}`);

  // Registered before the servers, so run after they have stopped: nothing writes behind them.
  cleanup.add('rate-limit keys', async () => {
    const removed = await deleteRateLimitKeys(commands, {
      windowSeconds: rateLimitWindowSeconds,
      emails: benchUsers.emails,
    });
    log(`removed ${removed} rate-limit keys`);
  });
  cleanup.add('bench users', async () => {
    const removed = await deleteBenchUsers(commands, {
      userIds: benchUsers.ids,
      emails: benchUsers.emails,
      marker,
    });
    log(`removed ${removed} keys/members of ${benchUsers.ids.length} users registered through the API`);
  });
  cleanup.add('passkey credential index', async () => {
    for (const credentialId of benchCredentials)
      await redis.sendCommand(['UNLINK', keys.passkeyCredential(credentialId)]);
  });
  const seeded: SeededUser[] = [];
  cleanup.add('seeded sessions', async () => {
    await deleteSeeded(commands, seeded);
    log(
      `removed ${seeded.reduce((sum, user) => sum + user.sessionIds.length, 0).toLocaleString('en-US')} seeded sessions`,
    );
  });

  const redisCounting = await measureRedisCounting(commands, redisUrl, `bench:${runId}:counting`);

  const logDir = mkdtempSync(`${tmpdir()}/portcullis-bench-`);
  let keepLogs = true;
  cleanup.add('log directory', () => {
    if (keepLogs) console.error(`bench: server logs kept in ${logDir}`);
    else rmSync(logDir, { recursive: true, force: true });
  });

  // wrangler.toml serves the SPA's build output too; `pnpm start` builds it the same way.
  if (!existsSync(`${root}apps/web/dist/index.html`)) {
    log('building apps/web (wrangler.toml serves its dist/)');
    const viteBin = `${root}apps/web/node_modules/.bin/vite`;
    if ((await run(viteBin, ['build', '--logLevel', 'warn'], process.env, `${root}apps/web`)) !== 0) {
      throw new Error('the web app did not build');
    }
  }

  const vars = ensureDevVars();
  const secret = (name: string) => {
    const value = vars.get(name);
    if (!value) throw new Error(`.dev.vars lacks ${name}`);
    return value;
  };
  const bridge = await startRedisHttp({ redisUrl, token: secret('UPSTASH_REDIS_REST_TOKEN'), port: 0, quiet: true });
  cleanup.add('redis-http', () => bridge.close());
  if (bridge.backend !== 'redis') throw new Error(`redis-http could not reach ${redisUrl}`);
  const http = countHttpRequests(Number(new URL(bridge.url).port));
  cleanup.add('request counter', () => http.close());

  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(
    readFileSync(`${root}wrangler.toml`, 'utf8'),
  )?.[1];
  const [nodeApiPort, nodeHelloPort, workerApiPort, workerHelloPort, inspectorA, inspectorB, peerPort] =
    await Promise.all(Array.from({ length: 7 }, freePort));
  // Better Auth's keys in the shared Redis: this prefix is the run's own. Registered before the
  // servers, so deleted after they have stopped.
  const peerKeyPrefix = `bench-peer:${runId}:`;
  cleanup.add('better-auth keys', async () => {
    log(`removed ${await deleteKeysWithPrefix(commands, peerKeyPrefix)} Better Auth keys`);
  });
  // Stopped together: a stop can take stopGroup's whole grace period.
  const servers: BenchServer[] = [];
  cleanup.add('servers', async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });
  const register = (server: BenchServer) => servers.push(server);
  const limits = rateLimitOverrides(rateLimitWindowSeconds);
  const nodeEnv = {
    ...limits,
    REDIS_URL: redisUrl,
    ENVIRONMENT: secret('ENVIRONMENT'),
    JWT_PRIVATE_KEYS: secret('JWT_PRIVATE_KEYS'),
    REFRESH_TOKEN_SECRET: secret('REFRESH_TOKEN_SECRET'),
    MFA_ENCRYPTION_KEY: secret('MFA_ENCRYPTION_KEY'),
    // The relying party of passkeys (lib/passkey-fixtures.ts): the same on both runtimes.
    APP_URL: BENCH_APP_URL,
  };
  log('starting the Node API, wrangler dev, the two hello servers and Better Auth');
  const [nodeApi, nodeHello, workerApi, workerHello, peerServer] = await Promise.all([
    startNodeServer(
      {
        name: 'node api',
        script: `${root}apps/api/src/node.ts`,
        port: nodeApiPort ?? 0,
        env: nodeEnv,
        readyPath: '/api/health',
        logFile: `${logDir}/node-api.log`,
      },
      register,
    ),
    startNodeServer(
      {
        name: 'node hello',
        script: `${root}bench/hello-node.ts`,
        port: nodeHelloPort ?? 0,
        env: {},
        readyPath: '/hello',
        logFile: `${logDir}/node-hello.log`,
      },
      register,
    ),
    startWorkerServer(
      {
        name: 'wrangler api',
        config: `${root}wrangler.toml`,
        port: workerApiPort ?? 0,
        inspectorPort: inspectorA ?? 0,
        vars: { ...limits, UPSTASH_REDIS_REST_URL: bridge.url, APP_URL: BENCH_APP_URL },
        persistTo: `${logDir}/state-api`,
        readyPath: '/api/health',
        logFile: `${logDir}/wrangler-api.log`,
      },
      register,
    ),
    startWorkerServer(
      {
        name: 'wrangler hello',
        config: `${root}bench/wrangler-hello.toml`,
        ...(compatibilityDate ? { compatibilityDate } : {}),
        port: workerHelloPort ?? 0,
        inspectorPort: inspectorB ?? 0,
        vars: {},
        persistTo: `${logDir}/state-hello`,
        readyPath: '/hello',
        logFile: `${logDir}/wrangler-hello.log`,
      },
      register,
    ),
    startNodeServer(
      {
        name: 'better-auth',
        script: `${root}bench/peer/better-auth-server.ts`,
        port: peerPort ?? 0,
        env: {
          REDIS_URL: redisUrl,
          BENCH_PEER_KEY_PREFIX: peerKeyPrefix,
          BENCH_PEER_DATABASE: `${logDir}/better-auth.sqlite`,
          BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
        },
        readyPath: '/api/auth/ok',
        logFile: `${logDir}/better-auth.log`,
      },
      register,
    ),
  ]);
  const peer = await preparePeer(peerServer, peerKeyPrefix);

  const runtimes = await Promise.all([
    prepareRuntime({
      name: 'node',
      driver: 'tcp',
      description: 'apps/api/src/node.ts, node-redis over TCP',
      api: nodeApi,
      hello: nodeHello,
    }),
    prepareRuntime({
      name: 'workerd',
      driver: 'rest',
      description: 'wrangler dev, @upstash/redis over HTTP to apps/redis-http',
      api: workerApi,
      hello: workerHello,
      http,
    }),
  ]);
  const devices = await apiWrittenSessions(runtimes[0].client);

  const [few, many] = LIVE_SESSIONS;
  log(`seeding ${few.toLocaleString('en-US')} sessions`);
  const onUser = (user: SeededUser) => seeded.push(user);
  const phaseOneUsers = await seedSessions(
    commands,
    {
      count: few,
      templates: devices.templates,
      now: Date.now(),
      safetyTtlMs: SEED_SAFETY_TTL_MS,
      signal: interruption.signal,
    },
    Math.random,
    onUser,
  );
  const seededMemory = await measureSessionMemory(commands, phaseOneUsers);
  const apiWrittenMemory = await measureSessionMemory(commands, [devices.user]);
  const hashMaxListpackValue = await configNumber('hash-max-listpack-value');
  const compactCopies = await measureCompactCopies(commands, phaseOneUsers, hashMaxListpackValue);

  const results: RuntimeResult[] = [];
  let sideBySide: SideBySide | undefined;
  const usedMemoryPerBulkSession: number[] = [];
  // Each runtime measures few sessions, then many right after, then the bulk goes again: the two
  // sides of each scale comparison are a minute apart rather than the whole bench.
  for (const runtime of runtimes) {
    const { name, driver, description } = runtime;
    const result: RuntimeResult = { name, driver, description, phases: [] };
    results.push(result);
    // Better Auth runs beside the Node entry (its runtime), in the phase with few sessions.
    const fewPhase = await measurePhase(
      runtime,
      few,
      ['me', 'refresh', 'login', 'passkey-options', 'passkey-login'],
      name === 'node' ? peer : undefined,
    );
    result.phases.push(fewPhase.phase);
    sideBySide ??= fewPhase.sideBySide;

    log(`seeding ${(many - few).toLocaleString('en-US')} more sessions`);
    const memoryBefore = await usedMemory();
    const kept = seeded.length;
    const bulk = await seedSessions(
      commands,
      {
        count: many - few,
        templates: devices.templates,
        now: Date.now(),
        safetyTtlMs: SEED_SAFETY_TTL_MS,
        signal: interruption.signal,
      },
      Math.random,
      onUser,
    );
    usedMemoryPerBulkSession.push(((await usedMemory()) - memoryBefore) / (many - few));
    result.phases.push((await measurePhase(runtime, many, ['me', 'refresh'])).phase);
    await deleteSeeded(commands, bulk);
    seeded.length = kept;
  }

  if (!sideBySide) throw new Error('no side-by-side runs');

  keepLogs = false;
  return {
    date: startedAt.toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? '?',
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      totalMemoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      loadAverageAtStart,
      redisVersion,
    },
    settings: SETTINGS,
    redisCounting,
    runtimes: results,
    sideBySide,
    memory: {
      seeded: seededMemory,
      apiWritten: apiWrittenMemory,
      usedMemoryPerBulkSession: median(usedMemoryPerBulkSession),
      compactCopies,
      hashMaxListpackValue,
      hashMaxListpackEntries: await configNumber('hash-max-listpack-entries'),
    },
    scale: [],
    targets: [],
  };
}

let exitCode = 0;
try {
  const results = printReport(await main());
  // printReport adds the scale comparison and the target verdicts.
  const webBundle = await measureWebBundle();
  console.log(
    `\nWeb app, first screen (${webBundle.route}): ${(webBundle.totalGzipBytes / 1024).toFixed(1)} KiB gzip ` +
      `(${(webBundle.jsGzipBytes / 1024).toFixed(1)} KiB of it JavaScript) over ${webBundle.files.length} files; ` +
      `budget ${webBundle.jsGzipBudgetBytes / 1000} KB gzip JavaScript: ${webBundle.withinBudget ? 'met' : 'MISSED'} ` +
      `(${(webBundle.jsGzipBytes / 1000).toFixed(1)} KB)\n` +
      `Largest route chunk: ${webBundle.largestRoute.source} ${(webBundle.largestRoute.gzipBytes / 1024).toFixed(1)} KiB gzip JavaScript`,
  );
  mkdirSync(`${root}bench`, { recursive: true });
  writeFileSync(`${root}bench/results.json`, `${JSON.stringify({ ...results, webBundle }, null, 2)}\n`);
  log('wrote bench/results.json');
} catch (error) {
  if (interruption.signal.aborted) {
    exitCode = 130;
  } else {
    console.error('bench: failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    exitCode = 1;
  }
} finally {
  await cleanup.run();
}
process.exit(exitCode);
