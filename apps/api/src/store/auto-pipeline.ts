import { runScript } from './run-script.ts';
import type { Command, Reply, Settled, Store } from './store.ts';

/**
 * Runs after the current task's promise chains have settled. setImmediate where there is one (Node,
 * Deno): Node clamps setTimeout(0) to 1 ms, which would add a millisecond to every round trip.
 */
const defer: (run: () => void) => void =
  typeof globalThis.setImmediate === 'function' ? (run) => globalThis.setImmediate(run) : (run) => setTimeout(run, 0);

interface Pending {
  command: Command;
  resolve: (reply: Reply) => void;
  reject: (error: unknown) => void;
}

/**
 * A per-request view of a store in which commands issued together — e.g. the rate limiter's check
 * and the session check, started concurrently — travel in ONE pipeline: one HTTP request to
 * Upstash, one socket write over TCP. Commands are collected until the current task's promise
 * chains settle, then flushed.
 *
 * Per request, never shared: on Workers a promise must be settled from the request that created
 * it, so a queue shared between requests could hang one of them.
 */
export function autoPipeline(store: Store): Store {
  let queue: Pending[] = [];

  async function flush(): Promise<void> {
    const batch = queue;
    queue = [];
    let settled: Settled[];
    try {
      settled = await store.pipeline(batch.map((pending) => pending.command));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = settled[index];
      if (!outcome) pending.reject(new Error('pipeline answered fewer replies than commands'));
      else if (outcome.ok) pending.resolve(outcome.reply);
      else pending.reject(outcome.error);
    });
  }

  const send = (command: Command): Promise<Reply> =>
    new Promise((resolve, reject) => {
      queue.push({ command, resolve, reject });
      if (queue.length === 1) defer(() => void flush());
    });

  return {
    driver: store.driver,
    send,
    batch: async (commands) => {
      const settled = await Promise.allSettled(commands.map(send));
      const failed = settled.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
      return settled.map((result) => (result.status === 'fulfilled' ? result.value : null));
    },
    pipeline: (commands) =>
      Promise.all(
        commands.map((command) =>
          send(command).then(
            (reply): Settled => ({ ok: true, reply }),
            (error: unknown): Settled => {
              if (error instanceof Error && error.name === 'StoreCommandError') return { ok: false, error };
              throw error;
            },
          ),
        ),
      ),
    run: (script, keys, args) => runScript(send, script, keys, args),
    ping: async () => {
      await send(['PING']);
    },
    // The underlying store outlives the request.
    close: async () => {},
  };
}
