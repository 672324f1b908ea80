/** What the parent asks of the load child (`bench/load.ts`), and what it answers. */
export interface LoadSpec {
  /** Origin of the server under test, always on 127.0.0.1. */
  url: string;
  request: { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };
  connections: number;
  /** One run of warm-up + duration seconds; only answers that arrive in the last `durationSeconds` count. */
  warmupSeconds: number;
  durationSeconds: number;
  /** Refresh runs: single-use tokens chained per lineage, more lineages than connections. */
  chain?: { cookieName: string; tokens: string[] };
  /**
   * Single-use request bodies (passkey sign-ins: each answers its own challenge), one per request
   * of the whole run, prepared before it. A request finding none left is sent with `request.body`
   * (an answer that fails) and counted as starved.
   */
  bodies?: string[];
  /** Read the CPU time the server process and Redis spend during the measured run. */
  cpu?: { serverPid: number; redisUrl: string };
}

export interface LoadResult {
  /** 2xx answers per second of the measured window. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  statusCodes: Record<string, number>;
  /**
   * CPU time (user + system) per 2xx answer during the measured run, in µs: the server process
   * (/proc) and Redis (INFO cpu). Where a request's cost goes, which req/s alone cannot tell on a
   * machine whose processes share two cores.
   */
  cpuMicrosPerRequest?: { server: number; redis: number };
  /** Refresh runs, warm-up included: how the token chains fared (grace, failed and starved should all be 0). */
  chain?: { rotated: number; grace: number; failed: number; starved: number };
  /** Runs with single-use bodies, warm-up included: requests that found none left (0 unless too few were prepared). */
  bodiesStarved?: number;
}
