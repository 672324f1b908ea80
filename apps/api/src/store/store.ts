import { StoreCommandError } from './store-errors.ts';

/** A Redis argument. Numbers are sent as their decimal text. */
export type RedisArg = string | number;
export type Command = readonly [name: string, ...args: RedisArg[]];
/** A raw RESP2 reply as both drivers return it. */
export type Reply = string | number | null | Reply[];

/** One command's outcome in a batch: its reply, or the error Redis answered for it alone. */
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
 * Everything the API asks of Redis. Deliberately small so that another driver (Redis Cluster,
 * a different REST provider) is an afternoon's work: one command, a batch, a script.
 *
 * Every method rejects with `StoreUnavailableError` when Redis cannot be reached in time and with
 * `StoreCommandError` when Redis answered with an error.
 */
export interface Store {
  /** Which driver this is, for logs and benchmarks. */
  readonly driver: 'rest' | 'tcp';
  send(command: Command): Promise<Reply>;
  /**
   * Several commands in one round trip, not atomic, each settled on its own: rejects only when
   * Redis cannot be reached. Use a script when commands must succeed or fail together.
   */
  batch(commands: readonly Command[]): Promise<Settled[]>;
  /** Runs a script atomically in one round trip (after the first call, which may need two). */
  run(script: Script, keys: readonly string[], args: readonly RedisArg[]): Promise<Reply>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A driver's decoded reply as ours: strings (bytes as UTF-8), integers, nulls and arrays of them. */
export function toReply(value: unknown): Reply {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(toReply);
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  throw new StoreCommandError(`unexpected reply of type ${typeof value}`);
}

/** The replies of a batch, or its first command error (after every command ran). */
export function repliesOf(settled: readonly Settled[]): Reply[] {
  return settled.map((outcome) => {
    if (!outcome.ok) throw outcome.error;
    return outcome.reply;
  });
}
