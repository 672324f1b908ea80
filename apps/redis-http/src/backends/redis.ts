import { createClient, ErrorReply, MultiErrorReply, RESP_TYPES, ReconnectStrategyError } from 'redis';
import type { Backend, Command, Outcome, Reply } from '../backend.ts';
import { ReplyError } from '../errors.ts';
import { redactUrl } from '../redact-url.ts';

/** The configured Redis could not be reached at all (refused, timed out, unknown host). */
export class RedisUnreachableError extends Error {
  override name = 'RedisUnreachableError';
}

/**
 * Connects to a real Redis. Throws `RedisUnreachableError` when nothing answers within
 * `connectTimeoutMs`, and a plain `Error` when Redis answers but refuses us (wrong password…):
 * that is a misconfiguration to fix, not a reason to fall back to the embedded backend.
 */
export async function connectRedis(url: string, connectTimeoutMs: number): Promise<Backend> {
  let connected = false;
  const client = createRedisClient(url, connectTimeoutMs, () => connected);
  // node-redis emits 'error' on every failed reconnect and crashes the process if nobody listens;
  // the failures still reach callers as rejected commands.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    const cause = error instanceof ReconnectStrategyError ? error.socketError : error;
    const message = cause instanceof Error ? cause.message : String(cause);
    if (cause instanceof ErrorReply) throw new Error(`Redis at ${redactUrl(url)} refused the connection: ${message}`);
    throw new RedisUnreachableError(message);
  }
  connected = true;

  return {
    kind: 'redis',
    async exec(commands: readonly Command[], mode: 'pipeline' | 'multi'): Promise<Outcome[]> {
      if (mode === 'multi') return execMulti(client.multi(), commands);
      // Commands sent in the same tick go out as one pipeline on node-redis's connection.
      const settled = await Promise.allSettled(commands.map((command) => client.sendCommand([...command])));
      return settled.map((result) => {
        if (result.status === 'fulfilled') return { reply: toReply(result.value) };
        if (result.reason instanceof ErrorReply) return { error: result.reason.message };
        throw result.reason;
      });
    },
    async close(): Promise<void> {
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  };
}

// Not exported, so the client type stays inferred (spelling it out means five type parameters).
function createRedisClient(url: string, connectTimeoutMs: number, isConnected: () => boolean) {
  try {
    return createClient({
      url,
      // RESP3 turns HGETALL into a map and changes other reply shapes; the REST protocol is RESP2's.
      RESP: 2,
      // Fail commands at once while Redis is away rather than queueing them behind an HTTP request.
      disableOfflineQueue: true,
      // Bulk strings as raw bytes, so that base64 replies are exact even for non-UTF-8 values.
      commandOptions: { typeMapping: { [RESP_TYPES.BLOB_STRING]: Buffer } },
      socket: {
        connectTimeout: connectTimeoutMs,
        // The first connection gets one try (start-up must not hang); once up, ride out restarts.
        reconnectStrategy: (retries, cause) => (isConnected() ? Math.min(50 * 2 ** retries, 2000) : cause),
      },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`REDIS_URL ${redactUrl(url)} is not a usable Redis URL: ${message}`);
  }
}

interface Multi {
  addCommand(args: string[]): unknown;
  exec(): Promise<unknown>;
}

/** MULTI, the commands and EXEC go out back to back, so nothing else on the connection interleaves. */
async function execMulti(multi: Multi, commands: readonly Command[]): Promise<Outcome[]> {
  for (const command of commands) multi.addCommand([...command]);
  let replies: unknown;
  try {
    replies = await multi.exec();
  } catch (error) {
    if (error instanceof MultiErrorReply) {
      replies = error.replies;
    } else if (error instanceof ErrorReply) {
      // A command refused while queueing (unknown, wrong arity): Redis discarded the transaction.
      throw new ReplyError(`EXECABORT Transaction discarded because of previous errors: ${error.message}`);
    } else {
      throw error;
    }
  }
  if (!Array.isArray(replies)) throw new Error('EXEC answered with no replies');
  return replies.map((reply: unknown) =>
    reply instanceof ErrorReply ? { error: reply.message } : { reply: toReply(reply) },
  );
}

function toReply(value: unknown): Reply {
  if (value === null || typeof value === 'string' || typeof value === 'number' || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map(toReply);
  throw new Error(`unexpected reply type from node-redis: ${Object.prototype.toString.call(value)}`);
}
