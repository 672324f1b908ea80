/**
 * The load generator of `pnpm bench`, run as its own process so that it never shares a CPU
 * queue or an event loop with the server it measures. Reads a `LoadSpec` as JSON on stdin, runs
 * autocannon for warm-up + duration seconds without a break, and prints one `LoadResult` as JSON
 * for the answers that arrived in the measured window (the last `durationSeconds`).
 *
 * One run, not a warm-up run and then a measured one: stopping a run abandons the requests in
 * flight, and the server goes on working on them. A measured run started right after would
 * share the CPU with that backlog — for a route that answers in a millisecond nothing, for a
 * password check that takes a second under load a large part of a short window. Counting by
 * arrival time inside one steady run, the window sees steady state on both sides. Likewise, the
 * process waits out the requests it abandons at the end before it exits, so the next run does
 * not start against this one's backlog: until the server process idles (Node servers, whose pid
 * the bench knows), else for as long as the slowest answer took.
 *
 * Latency percentiles come from our own record of every 2xx response time (float ms):
 * autocannon's histogram keeps whole milliseconds, too coarse for a route that answers in 1 ms.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon, { type Request } from 'autocannon';
import { createClient } from 'redis';
import type { LoadResult, LoadSpec } from './lib/load-spec.ts';
import { percentile } from './lib/stats.ts';

interface ChainStats {
  rotated: number;
  grace: number;
  failed: number;
  starved: number;
}

/**
 * Refresh tokens are single-use, so a refresh run must chain them: each request presents the
 * token the previous answer of the same lineage set. autocannon gives hooks no stable
 * per-connection state (its `context` is reset after every pass over `requests`), so the lineages
 * live in a pool instead: a request takes a token out, its 200 puts the successor back. With one
 * request in flight per connection (no pipelining), every token is presented exactly once, one
 * after the other per lineage — never twice, so reuse detection never fires. A lineage whose
 * answer is lost (timeout, reset) simply ends; the bench gives twice as many lineages as
 * connections, so the pool does not run dry when one does.
 */
function chainHooks(
  cookieName: string,
  tokens: readonly string[],
  stats: ChainStats,
): Pick<Request, 'setupRequest' | 'onResponse'> {
  const pool = [...tokens];
  const cookiePattern = new RegExp(`^${cookieName}=([^;]+)`);
  return {
    setupRequest: (request) => {
      const token = pool.shift();
      // autocannon cannot skip a request; an empty pool sends one without a cookie (a cheap 401,
      // excluded from the 2xx throughput and reported as starved).
      if (token === undefined) {
        stats.starved++;
        return request;
      }
      return { ...request, headers: { ...request.headers, Cookie: `${cookieName}=${token}` } };
    },
    onResponse: (status, _body, _context, headers) => {
      const setCookie = Object.entries(headers).find(([name]) => name.toLowerCase() === 'set-cookie')?.[1];
      const cookies = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
      const next = cookies.map((cookie) => cookiePattern.exec(cookie)?.[1]).find((token) => token !== undefined);
      if (status === 200 && next) {
        stats.rotated++;
        pool.push(next);
      } else if (status === 200) {
        // A grace answer: the token was already rotated. Presenting it again later would be reuse.
        stats.grace++;
      } else {
        stats.failed++;
      }
    },
  };
}

/** Single-use bodies (see `LoadSpec.bodies`): each request takes the next one. */
function bodyHooks(bodies: readonly string[], starved: { count: number }): Pick<Request, 'setupRequest'> {
  const pool = [...bodies];
  return {
    setupRequest: (request) => {
      const body = pool.shift();
      if (body === undefined) {
        starved.count++;
        return request;
      }
      return { ...request, body };
    },
  };
}

interface Window {
  latencies: number[];
  statusCodes: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  cpuMicrosPerRequest?: LoadResult['cpuMicrosPerRequest'];
}

/** The CPU time the server and Redis have used so far, when the spec asks for it. */
type CpuReader = () => Promise<[server: number, redis: number]>;

function run(spec: LoadSpec, chain: ChainStats, starved: { count: number }, readCpu: CpuReader | undefined) {
  const hooks = spec.chain
    ? chainHooks(spec.chain.cookieName, spec.chain.tokens, chain)
    : spec.bodies
      ? bodyHooks(spec.bodies, starved)
      : {};
  const window: Window = { latencies: [], statusCodes: {}, non2xx: 0, errors: 0, timeouts: 0, seconds: 0 };
  let measuring = false;
  let longestMs = 0;
  let cpuAtStart: [number, number] | undefined;
  let startedAt = 0;
  // Set before autocannon's own timer, so they fire first: the window closes while it still runs.
  setTimeout(async () => {
    measuring = true;
    startedAt = performance.now();
    cpuAtStart = await readCpu?.();
  }, spec.warmupSeconds * 1000);
  const windowClosed = new Promise<void>((resolve) => {
    setTimeout(
      async () => {
        measuring = false;
        window.seconds = (performance.now() - startedAt) / 1000;
        const cpuAtEnd = await readCpu?.();
        const ok = window.latencies.length;
        if (cpuAtStart && cpuAtEnd && ok > 0) {
          window.cpuMicrosPerRequest = {
            server: (cpuAtEnd[0] - cpuAtStart[0]) / ok,
            redis: (cpuAtEnd[1] - cpuAtStart[1]) / ok,
          };
        }
        resolve();
      },
      (spec.warmupSeconds + spec.durationSeconds) * 1000,
    );
  });
  return new Promise<{ window: Window; longestMs: number }>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.warmupSeconds + spec.durationSeconds,
        // The server's own deadlines (STORE_TIMEOUT_MS) are far below this.
        timeout: 10,
        requests: [
          {
            method: spec.request.method,
            path: spec.request.path,
            headers: spec.request.headers,
            ...(spec.request.body === undefined ? {} : { body: spec.request.body }),
            ...hooks,
          },
        ],
      },
      (error) => (error ? reject(error) : void windowClosed.then(() => resolve({ window, longestMs }))),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      longestMs = Math.max(longestMs, ms);
      if (!measuring) return;
      window.statusCodes[status] = (window.statusCodes[status] ?? 0) + 1;
      if (status >= 200 && status < 300) window.latencies.push(ms);
      else window.non2xx++;
    });
    instance.on('reqError', (error) => {
      if (!measuring) return;
      window.errors++;
      if (error.message === 'request timed out') window.timeouts++;
    });
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Microseconds of CPU (user + system) a process has used: fields 14 and 15 of /proc/PID/stat, in clock ticks. */
function processCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ on Linux
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / ticksPerSecond;
}

/**
 * Resolves once the server process has worked off its backlog — it used less than a tenth of a
 * core over 200 ms — or after 15 s.
 */
async function serverIdle(pid: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  let before = processCpuMicros(pid);
  while (Date.now() < deadline) {
    await sleep(200);
    const now = processCpuMicros(pid);
    if (now - before < 20_000) return;
    before = now;
  }
}

/** What Redis reports it has used, in µs (INFO cpu: used_cpu_user + used_cpu_sys). */
async function redisCpuMicros(redis: { info(section: string): Promise<unknown> }): Promise<number> {
  const info = String(await redis.info('cpu'));
  const seconds = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6;
}

const spec = JSON.parse(await readStdin()) as LoadSpec;
const { cpu } = spec;
const redis = cpu ? await createClient({ url: cpu.redisUrl }).connect() : undefined;
const readCpu: CpuReader | undefined =
  cpu && redis ? async () => [processCpuMicros(cpu.serverPid), await redisCpuMicros(redis)] : undefined;
const chain: ChainStats = { rotated: 0, grace: 0, failed: 0, starved: 0 };
const starved = { count: 0 };
const { window, longestMs } = await run(spec, chain, starved, readCpu);
await redis?.close();
// The requests abandoned at the end are still being served: let the server finish them.
if (cpu) await serverIdle(cpu.serverPid);
else await sleep(Math.min(longestMs, 10_000));
const latencies = window.latencies.sort((a, b) => a - b);
const ok = latencies.length;
const output: LoadResult = {
  requestsPerSecond: ok / window.seconds,
  p50Ms: percentile(latencies, 50),
  p99Ms: percentile(latencies, 99),
  ok,
  non2xx: window.non2xx,
  errors: window.errors,
  timeouts: window.timeouts,
  seconds: window.seconds,
  statusCodes: window.statusCodes,
  ...(spec.chain ? { chain } : {}),
  ...(spec.bodies ? { bodiesStarved: starved.count } : {}),
  ...(window.cpuMicrosPerRequest ? { cpuMicrosPerRequest: window.cpuMicrosPerRequest } : {}),
};
process.stdout.write(`${JSON.stringify(output)}\n`);
