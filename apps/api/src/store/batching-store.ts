import { runScript } from './run-script.ts';
import type { Command, Reply, Settled, Store } from './store.ts';
import { StoreCommandError } from './store-errors.ts';

/**
 * Runs after the current task's promise chains have settled. setImmediate where there is one (Node,
 * Deno): Node clamps setTimeout(0) to 1 ms, which would add a millisecond to every round trip.
 */
const defer: (run: () => void) => void =
  typeof globalThis.setImmediate === 'function' ? (run) => globalThis.setImmediate(run) : (run) => setTimeout(run, 0);

/**
 * A request's view of a store: the commands it starts in the same tick — the rate limits, the
 * session check, the route's own read — leave as ONE batch (one HTTP request to Upstash, one
 * socket write over TCP), and each is answered on its own, exactly as if it had been sent alone.
 * Nothing else changes: a call that waits for another's answer goes in a later round trip.
 *
 * Per request, never shared: on Workers a promise must be settled from the request that created
 * it, so a queue shared between requests could hang one of them.
 */
export function batchingStore(store: Store): Store {
  let queue: { command: Command; settle: (outcome: Settled) => void; fail: (error: unknown) => void }[] = [];

  function flush(): void {
    const sending = queue;
    queue = [];
    store.batch(sending.map(({ command }) => command)).then(
      (settled) => {
        for (const [index, { settle }] of sending.entries()) {
          settle(settled[index] ?? { ok: false, error: new StoreCommandError('the batch lost a reply') });
        }
      },
      (error: unknown) => {
        for (const { fail } of sending) fail(error);
      },
    );
  }

  /** Queues a command; its own error reply settles it, an outage fails the whole batch. */
  const settled = (command: Command): Promise<Settled> =>
    new Promise((settle, fail) => {
      queue.push({ command, settle, fail });
      if (queue.length === 1) defer(flush);
    });

  const send = async (command: Command): Promise<Reply> => {
    const outcome = await settled(command);
    if (!outcome.ok) throw outcome.error;
    return outcome.reply;
  };

  return {
    driver: store.driver,
    send,
    batch: (commands) => Promise.all(commands.map(settled)),
    run: (script, keys, args) => runScript(send, script, keys, args),
    ping: () => send(['PING']).then(() => {}),
    // The underlying store outlives the request.
    close: async () => {},
  };
}
