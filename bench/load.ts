/**
 * The load generator of `pnpm bench`, run as its own process so that it never shares a CPU
 * queue or an event loop with the server it measures. Reads a `LoadSpec` as JSON on stdin, runs
 * a warm-up and then the measured run with autocannon, and prints one `LoadResult` as JSON.
 *
 * Latency percentiles come from our own record of every 2xx response time (float ms):
 * autocannon's histogram keeps whole milliseconds, too coarse for a route that answers in 1 ms.
 */
import { readFileSync } from 'node:fs';
import autocannon, { type Request, type Result } from 'autocannon';
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
 * request in flight per connection (no pipelining) and N tokens for N connections, every token is
 * presented exactly once, one after the other per lineage — never twice, so reuse detection never
 * fires. A lineage whose answer is lost (timeout, reset) simply ends.
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

function run(spec: LoadSpec, seconds: number, tokens: readonly string[] | undefined, bodies?: readonly string[]) {
  const chain: ChainStats = { rotated: 0, grace: 0, failed: 0, starved: 0 };
  const starved = { count: 0 };
  const hooks =
    spec.chain && tokens ? chainHooks(spec.chain.cookieName, tokens, chain) : bodies ? bodyHooks(bodies, starved) : {};
  const latencies: number[] = [];
  return new Promise<{ result: Result; latencies: number[]; chain: ChainStats; starved: number }>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: seconds,
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
      (error, result) => (error ? reject(error) : resolve({ result, latencies, chain, starved: starved.count })),
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
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

/** What Redis reports it has used, in µs (INFO cpu: used_cpu_user + used_cpu_sys). */
async function redisCpuMicros(redis: { info(section: string): Promise<unknown> }): Promise<number> {
  const info = String(await redis.info('cpu'));
  const seconds = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6;
}

const spec = JSON.parse(await readStdin()) as LoadSpec;
if (spec.warmupSeconds > 0) await run(spec, spec.warmupSeconds, spec.chain?.warmupTokens, spec.bodies?.warmup);
const redis = spec.cpu ? await createClient({ url: spec.cpu.redisUrl }).connect() : undefined;
const cpuBefore = spec.cpu && redis ? [processCpuMicros(spec.cpu.serverPid), await redisCpuMicros(redis)] : undefined;
const { result, latencies, chain, starved } = await run(
  spec,
  spec.durationSeconds,
  spec.chain?.tokens,
  spec.bodies?.measured,
);
const cpuAfter = spec.cpu && redis ? [processCpuMicros(spec.cpu.serverPid), await redisCpuMicros(redis)] : undefined;
await redis?.close();
latencies.sort((a, b) => a - b);
const ok = latencies.length;
const output: LoadResult = {
  requestsPerSecond: ok / result.duration,
  p50Ms: percentile(latencies, 50),
  p99Ms: percentile(latencies, 99),
  ok,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  seconds: result.duration,
  statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
  ...(spec.chain ? { chain } : {}),
  ...(spec.bodies ? { bodiesStarved: starved } : {}),
  ...(cpuBefore && cpuAfter && ok > 0
    ? {
        cpuMicrosPerRequest: {
          server: ((cpuAfter[0] ?? 0) - (cpuBefore[0] ?? 0)) / ok,
          redis: ((cpuAfter[1] ?? 0) - (cpuBefore[1] ?? 0)) / ok,
        },
      }
    : {}),
};
process.stdout.write(`${JSON.stringify(output)}\n`);
