import { openMonitor } from './monitor-tap.ts';
import type { RedisCommands } from './seed-sessions.ts';

/** What this Redis counts when a client runs a script, measured rather than assumed. */
export interface RedisCounting {
  calls: number;
  /** Per EVALSHA of a script that runs STRLEN and HSTRLEN once each. */
  perCall: {
    commandstatsEvalsha: number;
    commandstatsStrlen: number;
    commandstatsHstrlen: number;
    /** Global and therefore an upper bound: other clients of a shared Redis add to it. */
    totalCommandsProcessed: number;
    monitorTopLevel: number;
    monitorInScript: number;
  };
  conclusion: string;
}

function commandstats(text: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const line of text.split('\r\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (match?.[1] && match[2]) calls.set(match[1], Number(match[2]));
  }
  return calls;
}

const processed = (text: string) => Number(/total_commands_processed:(\d+)/.exec(text)?.[1] ?? Number.NaN);

/**
 * Runs a two-command script `calls` times and reports how INFO and MONITOR count it. STRLEN and
 * HSTRLEN are commands the API never sends, so their commandstats deltas are ours alone even on a
 * Redis shared with running test suites. The key holds nothing and is never written.
 */
export async function measureRedisCounting(
  redis: RedisCommands,
  redisUrl: string,
  key: string,
  calls = 50,
): Promise<RedisCounting> {
  const sha = String(
    await redis.sendCommand([
      'SCRIPT',
      'LOAD',
      "redis.call('STRLEN', KEYS[1]); redis.call('HSTRLEN', KEYS[1], 'f'); return 0",
    ]),
  );
  const before = {
    stats: commandstats(String(await redis.sendCommand(['INFO', 'commandstats']))),
    processed: processed(String(await redis.sendCommand(['INFO', 'stats']))),
  };
  const tap = await openMonitor(redisUrl);
  for (let call = 0; call < calls; call++) await redis.sendCommand(['EVALSHA', sha, '1', key]);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const seen = await tap.stop();
  const after = {
    // INFO stats first: the INFO commandstats call below would count in it.
    processed: processed(String(await redis.sendCommand(['INFO', 'stats']))),
    stats: commandstats(String(await redis.sendCommand(['INFO', 'commandstats']))),
  };
  const delta = (name: string) => ((after.stats.get(name) ?? 0) - (before.stats.get(name) ?? 0)) / calls;

  const ourClients = new Set(seen.filter((c) => c.name === 'EVALSHA' && c.args.includes(sha)).map((c) => c.client));
  let topLevel = 0;
  let inScript = 0;
  let ours = false;
  for (const command of seen) {
    if (command.client === 'lua') {
      if (ours) inScript++;
    } else {
      ours = ourClients.has(command.client) && command.args.includes(sha);
      if (ours) topLevel++;
    }
  }
  const perCall = {
    commandstatsEvalsha: delta('evalsha'),
    commandstatsStrlen: delta('strlen'),
    commandstatsHstrlen: delta('hstrlen'),
    // Minus the INFO stats call that sits inside the window.
    totalCommandsProcessed: (after.processed - before.processed - 2) / calls,
    monitorTopLevel: topLevel / calls,
    monitorInScript: inScript / calls,
  };
  const scriptCommandsCounted = perCall.commandstatsStrlen >= 1 && perCall.commandstatsHstrlen >= 1;
  return {
    calls,
    perCall,
    conclusion: scriptCommandsCounted
      ? 'INFO commandstats (and total_commands_processed) count the commands a script runs like commands a client sends, so their deltas are not round trips; only EVAL/EVALSHA calls or MONITOR lines not tagged "lua" are.'
      : 'This Redis does not count script commands in INFO commandstats; EVALSHA deltas alone would still be the round trips.',
  };
}
