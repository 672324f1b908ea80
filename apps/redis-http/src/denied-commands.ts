import type { Command } from './backend.ts';

// The bridge shares one Redis connection between all requests: these would block it for everyone
// or change its state (subscriber mode, selected db, an open MULTI) under other requests' feet.
// Transactions go through POST /multi-exec instead.
const DENIED = new Set(
  `AUTH BLMOVE BLMPOP BLPOP BRPOP BRPOPLPUSH BZMPOP BZPOPMAX BZPOPMIN CLIENT DISCARD EXEC HELLO MONITOR
  MULTI PSUBSCRIBE PSYNC PUNSUBSCRIBE QUIT RESET SELECT SSUBSCRIBE SUBSCRIBE SUNSUBSCRIBE SYNC
  UNSUBSCRIBE UNWATCH WAIT WAITAOF WATCH`.split(/\s+/),
);

const BLOCKING_WITH_OPTION = new Set(['XREAD', 'XREADGROUP']);

/** The Redis error a command is refused with, or null when the bridge lets it through. */
export function refusal(command: Command): string | null {
  const name = command[0].toUpperCase();
  const blocks = BLOCKING_WITH_OPTION.has(name) && command.some((arg) => arg.toUpperCase() === 'BLOCK');
  if (!DENIED.has(name) && !blocks) return null;
  return `ERR '${command[0]}' is not available over the REST bridge: it would block or change the state of the connection all requests share`;
}
