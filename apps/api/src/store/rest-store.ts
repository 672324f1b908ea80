import { Redis } from '@upstash/redis/cloudflare';
import { runScript } from './run-script.ts';
import type { Command, Reply, Settled, Store } from './store.ts';
import { StoreCommandError, StoreUnavailableError } from './store-errors.ts';

export interface RestStoreOptions {
  url: string;
  token: string;
  /** Per-request deadline. A dead endpoint must cost a request this long, not the client's retries. */
  timeoutMs: number;
}

/**
 * `@upstash/redis`'s Redis, reached through its own HTTP client (base64 replies, keep-alive) but
 * with raw commands: the typed command methods would each add their own (de)serialisation.
 * Subclassing is how we reach the protected requester without casting.
 */
class RawRedis extends Redis {
  raw(body: Command | readonly Command[], path: string[] = []): Promise<unknown> {
    return this.client.request({ path, body });
  }
}

interface Entry {
  result?: unknown;
  error?: string;
}

function toReply(value: unknown): Reply {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(toReply);
  throw new StoreCommandError(`unexpected reply of type ${typeof value}`);
}

export function createRestStore(options: RestStoreOptions): Store {
  const redis = new RawRedis({
    url: options.url,
    token: options.token,
    // No retries: a script that timed out may still have run, and replaying a refresh-token
    // rotation would look exactly like token reuse. Callers see 503 and may retry themselves.
    retry: false,
    automaticDeserialization: false,
    enableTelemetry: false,
    signal: () => AbortSignal.timeout(options.timeoutMs),
  });

  async function call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof StoreCommandError) throw error;
      if (error instanceof Error && error.name === 'UpstashError') {
        throw new StoreCommandError(error.message.replace(/, command was: .*$/s, ''), { cause: error });
      }
      throw new StoreUnavailableError('Redis REST endpoint unreachable', { cause: error });
    }
  }

  const send = (command: Command): Promise<Reply> =>
    call(async () => toReply(((await redis.raw(command)) as Entry).result));

  return {
    driver: 'rest',
    send,
    batch: (commands) =>
      call(async () => {
        if (commands.length === 0) return [];
        const entries = (await redis.raw(commands, ['pipeline'])) as Entry[];
        return entries.map(
          (entry): Settled =>
            entry.error !== undefined
              ? { ok: false, error: new StoreCommandError(String(entry.error)) }
              : { ok: true, reply: toReply(entry.result) },
        );
      }),
    run: (script, keys, args) => runScript(send, script, keys, args),
    ping: async () => {
      await send(['PING']);
    },
    close: async () => {},
  };
}
