import { createClient, ErrorReply } from 'redis';
import { runScript } from './run-script.ts';
import { type Command, type Reply, type Settled, type Store, toReply } from './store.ts';
import { replyError, StoreCommandError, StoreUnavailableError } from './store-errors.ts';

export interface TcpStoreOptions {
  url: string;
  /** Per-command deadline, as for the REST driver. */
  timeoutMs: number;
}

/**
 * node-redis over TCP, for self-hosting on Node or Deno. RESP2 on purpose: RESP3 turns HGETALL
 * into a map and would make the two drivers disagree. Commands issued in the same tick share one
 * write, so a batch is one round trip without MULTI.
 */
export async function createTcpStore(options: TcpStoreOptions): Promise<Store> {
  const client = createClient({
    url: options.url,
    RESP: 2,
    // Fail fast rather than queue commands while disconnected: a queued command would answer
    // long after the request that wanted it gave up.
    disableOfflineQueue: true,
    // No per-command timeout of node-redis's own: it arms an AbortSignal.timeout for every command,
    // which fires (and builds a DOMException) long after the reply came — a cost per request seen
    // in profiles of /me. `send` keeps its own deadline instead.
    commandOptions: { timeout: 0 },
    socket: {
      connectTimeout: options.timeoutMs,
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000),
    },
  });
  // Without a listener node-redis throws connection errors as uncaught; each command reports its own.
  client.on('error', () => {});
  // Start even when Redis is down: requests answer 503 until it is back, and node-redis keeps
  // reconnecting in the background. Wait up to one deadline so a healthy Redis serves request one.
  const connecting = client.connect().catch(() => {});
  await Promise.race([connecting, new Promise((resolve) => setTimeout(resolve, options.timeoutMs))]);
  if (!client.isReady) {
    console.warn(`redis at ${redactUrl(options.url)} is not reachable yet; answering 503 until it is`);
  }

  /**
   * node-redis's errors in our vocabulary: a Redis error reply is the command's (unless Redis said
   * "not now", e.g. LOADING after a restart), anything else an outage.
   */
  function storeError(error: unknown): Error {
    if (error instanceof StoreUnavailableError || error instanceof StoreCommandError) return error;
    if (error instanceof ErrorReply) return replyError(error.message, error);
    return new StoreUnavailableError('Redis unreachable', { cause: error });
  }

  function send(command: Command): Promise<Reply> {
    if (!client.isReady) return Promise.reject(new StoreUnavailableError('Redis is not connected'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new StoreUnavailableError('Redis did not answer in time')),
        options.timeoutMs,
      );
      client.sendCommand(command.map(String)).then(
        (value) => {
          clearTimeout(timer);
          try {
            resolve(toReply(value));
          } catch (error) {
            reject(storeError(error));
          }
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(storeError(error));
        },
      );
    });
  }

  return {
    driver: 'tcp',
    send,
    batch: async (commands) => {
      const settled = await Promise.allSettled(commands.map(send));
      return settled.map((result): Settled => {
        if (result.status === 'fulfilled') return { ok: true, reply: result.value };
        // An outage fails the whole batch, as on the REST driver; a command error is its own.
        if (!(result.reason instanceof StoreCommandError)) throw result.reason;
        return { ok: false, error: result.reason };
      });
    },
    run: (script, keys, args) => runScript(send, script, keys, args),
    ping: () => send(['PING']).then(() => {}),
    close: async () => {
      if (client.isReady) await client.close();
      else client.destroy();
    },
  };
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
