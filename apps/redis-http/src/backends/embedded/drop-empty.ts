import type { Mock } from './mock.ts';

// Commands that can take the last element out of the aggregate at their first key.
const SHRINKING = new Set(
  `HDEL LPOP RPOP LREM LTRIM LMOVE RPOPLPUSH SREM SPOP SMOVE ZREM ZPOPMIN ZPOPMAX ZREMRANGEBYRANK
  ZREMRANGEBYSCORE ZREMRANGEBYLEX`.split(/\s+/),
);

const LENGTH_COMMAND: Readonly<Record<string, string>> = { hash: 'HLEN', list: 'LLEN', set: 'SCARD', zset: 'ZCARD' };

/**
 * Redis deletes a hash, list, set or sorted set the moment it becomes empty; ioredis-mock often
 * keeps it, so EXISTS would still count it and its TTL would linger.
 */
export async function dropIfEmpty(mock: Mock, name: string, args: readonly string[]): Promise<void> {
  const [key] = args;
  if (!SHRINKING.has(name) || key === undefined) return;
  const type = await mock.command('TYPE', [key]);
  const lengthCommand =
    typeof type === 'string' && Object.hasOwn(LENGTH_COMMAND, type) ? LENGTH_COMMAND[type] : undefined;
  if (lengthCommand && Number(await mock.command(lengthCommand, [key])) === 0) await mock.command('DEL', [key]);
}
