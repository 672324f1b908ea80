import { Redis } from '@upstash/redis/cloudflare';
import { runScript } from './run-script.ts';
import { type Command, type Reply, type Settled, type Store, toReply } from './store.ts';
import { isRedisErrorReply, replyError, StoreCommandError, StoreUnavailableError } from './store-errors.ts';

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

/**
 * What a failed request to the REST endpoint means. `@upstash/redis` turns every non-2xx answer
 * into one `UpstashError` and drops the HTTP status, so its text is all there is to tell a
 * command's own error (Upstash and redis-http answer it with 400 and Redis's reply, which starts
 * with an upper-case code: `ERR …`, `WRONGTYPE …`, `NOSCRIPT …`, or `WRONGPASS …` for a wrong
 * token) from an endpoint that cannot serve: a 5xx with any other text — redis-http's "backend
 * unavailable", a gateway's — or with a body that is not JSON (`UpstashJSONParseError`). Network
 * errors and our deadline are outages too.
 */
function restError(error: unknown): Error {
  if (error instanceof StoreCommandError || error instanceof StoreUnavailableError) return error;
  if (error instanceof Error && error.name === 'UpstashError') {
    const text = error.message.replace(/, command was: .*$/s, '');
    if (isRedisErrorReply(text)) return replyError(text, error);
  }
  return new StoreUnavailableError('Redis REST endpoint unavailable', { cause: error });
}

export function createRestStore(options: RestStoreOptions): Store {
  const redis = new RawRedis({
    url: options.url,
    token: options.token,
    // No retries: a script that timed out may still have run, and replaying a refresh-token
    // rotation would look exactly like token reuse. Callers see 503 and may retry themselves.
    // `retry: false` is not "none": the client reads it as one retry (two fetches) on a network
    // error, which replays a request whose connection broke after the endpoint had read it.
    retry: { retries: 0 },
    automaticDeserialization: false,
    enableTelemetry: false,
    signal: () => AbortSignal.timeout(options.timeoutMs),
  });

  async function call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw restError(error);
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
        return entries.map((entry): Settled => {
          if (entry.error === undefined) return { ok: true, reply: toReply(entry.result) };
          const error = replyError(String(entry.error));
          // Redis saying "not now" fails the whole batch, as an unreachable endpoint does.
          if (error instanceof StoreUnavailableError) throw error;
          return { ok: false, error };
        });
      }),
    run: (script, keys, args) => runScript(send, script, keys, args),
    ping: () => send(['PING']).then(() => {}),
    close: async () => {},
  };
}
