/** A Redis argument. Numbers are sent as their decimal text. */
export type RedisArg = string | number;
export type Command = readonly [name: string, ...args: RedisArg[]];
/** A raw RESP2 reply as both drivers return it. */
export type Reply = string | number | null | Reply[];

/** One command's outcome in a pipeline: its reply, or the error Redis answered for it alone. */
export type Settled = { ok: true; reply: Reply } | { ok: false; error: Error };

/**
 * A Lua script known by name; drivers run it with EVALSHA and fall back to EVAL once. The API's
 * own scripts are declared with `defineScript` (define-script.ts), which names their keys and
 * arguments; a bare `{ name, lua }` is for Lua that is not ours (the rate-limit library's).
 */
export interface Script {
  readonly name: string;
  readonly lua: string;
}

/**
 * Gates: how a write waits for a rate limit's verdict without waiting a round trip for it. Only a
 * request's store (`autoPipeline`) keeps gates; the drivers run every script unconditionally and
 * refuse `onlyIfAdmitted`, which they cannot honour.
 */
export interface RunOptions {
  /**
   * Makes this call a gate: a Lua boolean expression over the script's reply `r` that is true
   * when the call admits the request (a rate limit's verdict, e.g. `tonumber(r[1]) >= 0`).
   */
  admits?: string;
  /**
   * Runs the script only if every gate the request opened before it admitted — decided inside
   * Redis when the gates travel in the same round trip. Otherwise it runs nothing and rejects with
   * `NotAdmittedError`.
   */
  onlyIfAdmitted?: boolean;
}

/**
 * Everything the API asks of Redis. Deliberately small so that another driver (Redis Cluster,
 * a different REST provider) is an afternoon's work: one command, a pipelined batch, a script.
 *
 * Every method rejects with `StoreUnavailableError` when Redis cannot be reached in time and with
 * `StoreCommandError` when Redis answered with an error.
 */
export interface Store {
  /** Which driver this is, for logs and benchmarks. */
  readonly driver: 'rest' | 'tcp';
  send(command: Command): Promise<Reply>;
  /**
   * Several commands in one round trip, not atomic. Rejects with the first command error, after
   * all of them ran — use a script when commands must succeed or fail together.
   */
  batch(commands: readonly Command[]): Promise<Reply[]>;
  /**
   * Several commands in one round trip, each settled on its own. Rejects only when Redis cannot be
   * reached; a command's error reply is its own `{ ok: false }`.
   */
  pipeline(commands: readonly Command[]): Promise<Settled[]>;
  /** Runs a script atomically in one round trip (after the first call, which may need two). */
  run(script: Script, keys: readonly string[], args: readonly RedisArg[], options?: RunOptions): Promise<Reply>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
