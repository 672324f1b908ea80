import type { LoadResult } from './load-spec.ts';
import type { RedisCounting } from './redis-counting.ts';
import type { RoundTrips } from './round-trips.ts';
import type { SessionMemory } from './session-memory.ts';

/** `passkey-options` and `passkey-login` are the two requests of one passkey sign-in. */
export type Operation = 'me' | 'refresh' | 'login' | 'passkey-options' | 'passkey-login';

export interface OperationResult extends LoadResult {
  /** This operation's 2xx throughput divided by the same phase's mean baseline ("hello") throughput. */
  ratioToBaseline: number;
}

export interface Phase {
  /** Live sessions in Redis that the bench made (seeded plus its own logins). */
  liveSessions: number;
  /** The hello baseline, run before and after the operations: their difference is the drift. */
  baselines: LoadResult[];
  /** Mean 2xx req/s of the baselines: what the ratios divide by. */
  baselineRequestsPerSecond: number;
  operations: Partial<Record<Operation, OperationResult>>;
  roundTrips: Partial<Record<Operation, RoundTrips>>;
}

export interface RuntimeResult {
  name: 'node' | 'workerd';
  /** How the API reached Redis. */
  driver: 'tcp' | 'rest';
  description: string;
  phases: Phase[];
}

/** One load run of the side-by-side phase, in the order they ran. */
export interface SideBySideRun {
  server: 'hello' | 'portcullis' | 'better-auth';
  /** `GET /api/auth/me`, … */
  request: string;
  result: LoadResult;
}

/** Our operation against the peer's, each run twice (peer, ours, ours, peer). */
export interface PeerComparison {
  name: 'session check' | 'sign-in';
  ours: string;
  peer: string;
  /** Mean 2xx req/s of our two runs, and of the peer's two. */
  oursRequestsPerSecond: number;
  peerRequestsPerSecond: number;
  /** ours ÷ peer. */
  ratio: number;
  /** The fewest 2xx answers any of the four runs counted: below 20 the ratio is noise. */
  fewestAnswers: number;
  /** Redis commands per operation from each server's connection (ours: the Node phase's count). */
  roundTrips: { ours: number; peer: number; peerCommands: Record<string, number> };
}

/** Portcullis's Node entry and Better Auth on the same machine, in one stretch of time. */
export interface SideBySide {
  peer: { name: 'better-auth'; version: string; setup: string };
  runs: SideBySideRun[];
  comparisons: PeerComparison[];
}

export interface Target {
  name: string;
  target: string;
  value: number;
  met: boolean;
  /** Why the measurement cannot tell (printed instead of met/MISSED). */
  inconclusive?: string;
  /** Round-trip targets: what the round trips ran. */
  detail?: string;
}

export interface BenchResults {
  date: string;
  machine: {
    cpus: number;
    cpuModel: string;
    node: string;
    platform: string;
    totalMemoryGiB: number;
    loadAverageAtStart: number[];
    redisVersion: string;
  };
  settings: {
    connections: number;
    warmupSeconds: number;
    durationSeconds: number;
    loginDurationSeconds: number;
    roundTripSamples: number;
    loginRoundTripSamples: number;
  };
  redisCounting: RedisCounting;
  runtimes: RuntimeResult[];
  sideBySide: SideBySide;
  memory: {
    /** Seeded sessions (the phase-1 live sessions), shaped on the API-written templates. */
    seeded: SessionMemory;
    /** Sessions the API wrote at login (one per user agent); `loc` is empty and `ip` 127.0.0.1 locally. */
    apiWritten: SessionMemory;
    /** INFO used_memory growth while seeding the bulk sessions, per session: includes TTL entries and table growth. */
    usedMemoryPerBulkSession: number;
    /** The same sessions with every value cut to hash-max-listpack-value: what the hashtable conversion costs. */
    compactCopies: { sessions: number; medianHashBytes: number; encodings: Record<string, number> };
    hashMaxListpackValue: number;
    hashMaxListpackEntries: number;
  };
  scale: {
    runtime: string;
    operation: Operation;
    sessions: [number, number];
    requestsPerSecond: [number, number];
    ratioToBaseline: [number, number];
    /** (ratio to baseline with many sessions) / (ratio with few): 1.0 = no difference. */
    relative: number;
    /** Largest gap between a phase's two baselines, relative to their mean: the machine's drift. */
    drift: number;
    roundTrips: [number, number];
    /** Commands the operation's scripts ran in Redis: its Redis-side work. */
    scriptCommands: [number, number];
    /**
     * `more Redis work`: round trips or script commands differ. Otherwise by throughput, with
     * tolerance max(0.2, drift): `same`, `same (faster: noise)` above it, `slower` below it, or
     * `inconclusive` below it when the machine drifted more than 20 %.
     */
    verdict: 'same' | 'same (faster: noise)' | 'slower' | 'inconclusive' | 'more Redis work';
  }[];
  targets: Target[];
}
