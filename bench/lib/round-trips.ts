import type { HttpRequestCounter } from './http-request-counter.ts';
import { commandLabel, type MonitoredCommand, openMonitor } from './monitor-tap.ts';

export interface RoundTrips {
  samples: number;
  /**
   * The round trips one operation costs. REST: HTTP requests that reached redis-http. TCP:
   * commands the API's connection sent (see `commandsPerOp`). On TCP, commands the API issues
   * concurrently (Promise.all) leave in one write yet count once each here; on REST they are
   * separate HTTP requests anyway.
   */
  perOp: number;
  /** Top-level commands from the server's Redis connection(s), per operation, by name and key family. */
  commandsPerOp: Record<string, number>;
  /** Commands run inside scripts, per operation: work, not round trips. */
  scriptCommandsPerOp: number;
  /** REST only: HTTP requests at redis-http per operation, by path. */
  httpPerOp?: Record<string, number>;
  /** Redis connections the operation's commands came from (1 expected). */
  connections: number;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

/**
 * Runs `operation` `samples` times, one after another, while watching Redis MONITOR (and, for the
 * REST path, counting HTTP requests at redis-http), and divides.
 *
 * Why MONITOR and not INFO: Redis counts the commands a script runs in `INFO commandstats` and in
 * `total_commands_processed` exactly like commands clients send (the bench verifies this at start
 * and records it in results.json), so a delta of those mixes round trips with script work — and on
 * a Redis shared with other processes, their traffic too. MONITOR tags script commands `lua` and
 * names the client of every other one, so we count only what the server under test sent. Its
 * connection is found by the keys: the top-level commands that name `markers` (ids and emails
 * unique to this bench run).
 */
export async function countRoundTrips(input: {
  redisUrl: string;
  markers: readonly string[];
  samples: number;
  operation: (index: number) => Promise<void>;
  http?: HttpRequestCounter;
  /** Checked between operations. */
  signal?: AbortSignal;
}): Promise<RoundTrips> {
  const { samples, http } = input;
  // Work a previous request left for after its response (Workers' waitUntil) must not land here.
  await settle();
  const tap = await openMonitor(input.redisUrl);
  const httpBefore = new Map(http?.byPath ?? []);
  let seen: MonitoredCommand[];
  try {
    for (let index = 0; index < samples; index++) {
      input.signal?.throwIfAborted();
      await input.operation(index);
    }
    // MONITOR lines are written before the reply, but reach our socket on their own schedule.
    await settle();
  } finally {
    seen = await tap.stop();
  }

  const ours = new Set(
    seen
      .filter((command) => command.client !== 'lua' && input.markers.some((marker) => command.args.includes(marker)))
      .map((command) => command.client),
  );
  const byName: Record<string, number> = {};
  let topLevel = 0;
  let inScripts = 0;
  // A script's commands follow the line of the EVAL/EVALSHA that ran them (scripts are atomic).
  let ownerIsOurs = false;
  for (const command of seen) {
    if (command.client === 'lua') {
      if (ownerIsOurs) inScripts++;
      continue;
    }
    ownerIsOurs = ours.has(command.client);
    if (!ownerIsOurs) continue;
    topLevel++;
    const label = commandLabel(command);
    byName[label] = (byName[label] ?? 0) + 1;
  }

  const perOp = (count: number) => count / samples;
  let httpPerOp: Record<string, number> | undefined;
  if (http) {
    httpPerOp = {};
    for (const [path, count] of http.byPath) {
      const delta = count - (httpBefore.get(path) ?? 0);
      if (delta > 0) httpPerOp[path] = perOp(delta);
    }
  }
  const httpTotal = httpPerOp ? Object.values(httpPerOp).reduce((sum, value) => sum + value, 0) : undefined;
  return {
    samples,
    perOp: httpTotal ?? perOp(topLevel),
    commandsPerOp: Object.fromEntries(Object.entries(byName).map(([name, count]) => [name, perOp(count)])),
    scriptCommandsPerOp: perOp(inScripts),
    ...(httpPerOp ? { httpPerOp } : {}),
    connections: ours.size,
  };
}
