import { type FusedStep, fuseSteps } from './fused-script.ts';
import { scriptSha1 } from './sha1.ts';
import type { Command, RedisArg, Reply, Script, Settled, Store } from './store.ts';
import { isNoScript, NotAdmittedError, StoreCommandError } from './store-errors.ts';

/**
 * Runs after the current task's promise chains have settled. setImmediate where there is one (Node,
 * Deno): Node clamps setTimeout(0) to 1 ms, which would add a millisecond to every round trip.
 */
const defer: (run: () => void) => void =
  typeof globalThis.setImmediate === 'function' ? (run) => globalThis.setImmediate(run) : (run) => setTimeout(run, 0);

/** A rate-limit call's verdict on its request: queued with the next round trip, sent, then decided. */
interface Gate {
  /** Lua boolean expression over the call's reply `r` (`RunOptions.admits`). */
  readonly admits: string;
  state: 'queued' | 'sent' | 'admitted' | 'refused' | 'failed';
}

interface Waiter {
  resolve: (reply: Reply) => void;
  reject: (error: unknown) => void;
}

interface CommandEntry extends Waiter {
  kind: 'command';
  command: Command;
}

interface ScriptEntry extends Waiter {
  kind: 'script';
  script: Script;
  keys: readonly string[];
  args: readonly RedisArg[];
  /** The gate this call is, if it is one. */
  gate?: Gate;
  /** For a guarded call: the gates opened before it. */
  guards?: readonly Gate[];
}

type Entry = CommandEntry | ScriptEntry;

/** True once one of a guarded call's gates has refused (or could not be read): it must not run. */
const refusedBy = (guards: readonly Gate[]): boolean =>
  guards.some((gate) => gate.state === 'refused' || gate.state === 'failed');

/** One command of a round trip and how to hand its reply out. */
interface Outgoing {
  command: Command;
  /** The same call by script text, for when Redis does not know the hash. */
  fallback?: Command;
  settle: (outcome: Settled) => void;
}

/**
 * A per-request view of a store in which calls issued together — e.g. the rate limiter's check
 * and the session check, started concurrently — travel in ONE round trip: one HTTP request to
 * Upstash, one socket write over TCP. Calls are collected until the current task's promise chains
 * settle, then flushed; consecutive script calls go as one fused script (one command for Redis
 * instead of several), and a write may wait on the request's rate limits inside that script (see
 * `RunOptions`) instead of a round trip later.
 *
 * Per request, never shared: on Workers a promise must be settled from the request that created
 * it, so a queue shared between requests could hang one of them.
 */
export function autoPipeline(store: Store): Store {
  let queue: Entry[] = [];
  /** Guarded calls whose gates are still in flight: decided when those answer. */
  let waiting: ScriptEntry[] = [];
  const gates: Gate[] = [];

  const enqueue = (entry: Entry) => {
    queue.push(entry);
    if (queue.length === 1) defer(() => void flush());
  };

  /** Queues, rejects or parks a guarded call, by what its gates said. */
  function admit(entry: ScriptEntry): void {
    const guards = entry.guards ?? [];
    if (refusedBy(guards)) entry.reject(new NotAdmittedError());
    else if (guards.some((gate) => gate.state === 'sent')) waiting.push(entry);
    else enqueue(entry);
  }

  function releaseWaiting(): void {
    const parked = waiting;
    waiting = [];
    for (const entry of parked) admit(entry);
  }

  /** Splits a batch into runs of consecutive script calls and single commands, in order. */
  function group(batch: readonly Entry[]): (CommandEntry | ScriptEntry[])[] {
    const groups: (CommandEntry | ScriptEntry[])[] = [];
    for (const entry of batch) {
      const last = groups.at(-1);
      if (entry.kind === 'command') groups.push(entry);
      else if (Array.isArray(last)) last.push(entry);
      else groups.push([entry]);
    }
    return groups;
  }

  /**
   * The calls of a run of scripts that can go now. A guarded call goes when each of its gates has
   * admitted or travels before it in this same fused script (decided inside Redis); it is refused
   * when one has refused, and otherwise waits for its gates' answer (a round trip later).
   */
  function decidable(scripts: ScriptEntry[], sending: ReadonlySet<Gate>): ScriptEntry[] {
    const position = new Map<Gate, number>();
    scripts.forEach((entry, index) => {
      if (entry.gate) position.set(entry.gate, index);
    });
    return scripts.filter((entry, index) => {
      const guards = entry.guards ?? [];
      if (refusedBy(guards)) {
        entry.reject(new NotAdmittedError());
        return false;
      }
      const ready = guards.every(
        (gate) => gate.state === 'admitted' || (sending.has(gate) && (position.get(gate) ?? index) < index),
      );
      if (!ready) waiting.push(entry);
      return ready;
    });
  }

  async function outgoingScripts(scripts: ScriptEntry[]): Promise<Outgoing[]> {
    const needsFusing = scripts.length > 1 || scripts.some((entry) => entry.gate || entry.guards);
    const fused = needsFusing
      ? fuseSteps(
          scripts.map(
            (entry): FusedStep => ({
              script: entry.script,
              keys: entry.keys,
              args: entry.args,
              admits: entry.gate?.admits,
              guarded: entry.guards !== undefined,
            }),
          ),
        )
      : null;
    if (!fused) {
      // One by one. A gate's verdict is then unknown here: it fails closed for its guarded calls.
      return Promise.all(
        scripts.map(async (entry) => ({
          ...(await scriptCommands(entry.script, entry.keys, entry.args)),
          settle: (outcome: Settled) => {
            if (entry.gate) entry.gate.state = 'failed';
            if (outcome.ok) entry.resolve(outcome.reply);
            else entry.reject(outcome.error);
          },
        })),
      );
    }
    return [
      {
        ...(await scriptCommands(fused.script, fused.keys, fused.args)),
        settle: (outcome) => {
          let steps: ReturnType<typeof fused.read>;
          try {
            if (!outcome.ok) throw outcome.error;
            steps = fused.read(outcome.reply);
          } catch (error) {
            for (const entry of scripts) {
              if (entry.gate) entry.gate.state = 'failed';
              entry.reject(error);
            }
            return;
          }
          scripts.forEach((entry, index) => {
            const step = steps[index];
            if (step?.status === 'ok') {
              if (entry.gate) entry.gate.state = step.admitted ? 'admitted' : 'refused';
              entry.resolve(step.reply);
            } else {
              if (entry.gate) entry.gate.state = 'failed';
              entry.reject(step?.status === 'error' ? step.error : new NotAdmittedError());
            }
          });
        },
      },
    ];
  }

  async function flush(): Promise<void> {
    const batch = queue;
    queue = [];
    // Marked before any await: a guarded call made meanwhile must see these gates as in flight.
    const sending = new Set<Gate>();
    for (const entry of batch) {
      if (entry.kind === 'script' && entry.gate) {
        entry.gate.state = 'sent';
        sending.add(entry.gate);
      }
    }
    const outgoing: Outgoing[] = [];
    for (const item of group(batch)) {
      if (!Array.isArray(item)) {
        outgoing.push({
          command: item.command,
          settle: (outcome) => (outcome.ok ? item.resolve(outcome.reply) : item.reject(outcome.error)),
        });
        continue;
      }
      const scripts = decidable(item, sending);
      if (scripts.length > 0) outgoing.push(...(await outgoingScripts(scripts)));
    }

    let settled: Settled[] = [];
    let failure: unknown = null;
    try {
      settled = outgoing.length > 0 ? await store.pipeline(outgoing.map((item) => item.command)) : [];
      // Scripts Redis does not know yet (first use, or after a restart): once more by text.
      const unknown = outgoing.flatMap((item, index) => {
        const outcome = settled[index];
        return item.fallback && outcome && !outcome.ok && isNoScript(outcome.error) ? [index] : [];
      });
      if (unknown.length > 0) {
        const retried = await store.pipeline(unknown.map((index) => outgoing[index]?.fallback as Command));
        unknown.forEach((index, at) => {
          settled[index] = retried[at] as Settled;
        });
      }
    } catch (error) {
      failure = error;
    }
    outgoing.forEach((item, index) => {
      const outcome = settled[index];
      if (failure !== null) item.settle({ ok: false, error: failure as Error });
      else if (!outcome) item.settle({ ok: false, error: new Error('pipeline answered fewer replies than commands') });
      else item.settle(outcome);
    });
    releaseWaiting();
  }

  const send = (command: Command): Promise<Reply> =>
    new Promise((resolve, reject) => enqueue({ kind: 'command', command, resolve, reject }));

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
              if (error instanceof StoreCommandError) return { ok: false, error };
              throw error;
            },
          ),
        ),
      ),
    run: (script, keys, args, options) =>
      new Promise((resolve, reject) => {
        const entry: ScriptEntry = { kind: 'script', script, keys, args, resolve, reject };
        if (options?.onlyIfAdmitted) entry.guards = [...gates];
        if (options?.admits) {
          entry.gate = { admits: options.admits, state: 'queued' };
          gates.push(entry.gate);
        }
        if (entry.guards) admit(entry);
        else enqueue(entry);
      }),
    ping: async () => {
      await send(['PING']);
    },
    // The underlying store outlives the request.
    close: async () => {},
  };
}

/** EVALSHA for a script, and the EVAL to fall back on. */
async function scriptCommands(
  script: Script,
  keys: readonly string[],
  args: readonly RedisArg[],
): Promise<{ command: Command; fallback: Command }> {
  const sha = await scriptSha1(script);
  return {
    command: ['EVALSHA', sha, keys.length, ...keys, ...args],
    fallback: ['EVAL', script.lua, keys.length, ...keys, ...args],
  };
}
