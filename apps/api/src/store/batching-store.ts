import { runScript } from './run-script.ts';
import type { Command, Reply, Store } from './store.ts';
import { StoreCommandError } from './store-errors.ts';

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
 * A request's view of a store: the commands it starts in the same tick — the rate limit, the
 * session check, the route's own read — leave as ONE batch (one HTTP request to Upstash, one
 * socket write over TCP), and each is answered on its own, exactly as if it had been sent alone.
 * Nothing else changes: a call that waits for another's answer goes in a later round trip.
 *
 * Per request, never shared: on Workers a promise must be settled from the request that created
 * it, so a queue shared between requests could hang one of them.
 */
export function batchingStore(store: Store): Store {
  let queue: Pending[] = [];

  function flush(): void {
    const sending = queue;
    queue = [];
    store.batch(sending.map((pending) => pending.command)).then(
      (settled) =>
        sending.forEach((pending, index) => {
          const outcome = settled[index];
          if (outcome?.ok) pending.resolve(outcome.reply);
          else pending.reject(outcome?.error ?? new Error('the batch answered fewer replies than commands'));
        }),
      (error: unknown) => {
        for (const pending of sending) pending.reject(error);
      },
    );
  }

  const send = (command: Command): Promise<Reply> =>
    new Promise((resolve, reject) => {
      queue.push({ command, resolve, reject });
      if (queue.length === 1) defer(flush);
    });

  return {
    driver: store.driver,
    send,
    batch: (commands) =>
      Promise.all(commands.map((command) => send(command).then((reply) => ({ ok: true as const, reply }), settleError))),
    run: (script, keys, args) => runScript(send, script, keys, args),
    ping: async () => {
      await send(['PING']);
    },
    // The underlying store outlives the request.
    close: async () => {},
  };
}

/** A command's own error reply settles it; an outage fails the whole batch, as on the drivers. */
function settleError(error: unknown): { ok: false; error: Error } {
  if (error instanceof StoreCommandError) return { ok: false, error };
  throw error;
}
