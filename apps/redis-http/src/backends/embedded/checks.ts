import { ReplyError } from '../../errors.ts';
import type { Mock } from './mock.ts';

type KeyType = 'string' | 'hash' | 'list' | 'set' | 'zset';

const COMMANDS_BY_KEY_TYPE: ReadonlyArray<readonly [KeyType, string]> = [
  ['string', 'GET GETEX GETDEL GETSET APPEND STRLEN GETRANGE SETRANGE SUBSTR INCR INCRBY DECR DECRBY INCRBYFLOAT'],
  [
    'hash',
    'HDEL HEXISTS HGET HGETALL HINCRBY HINCRBYFLOAT HKEYS HLEN HMGET HMSET HRANDFIELD HSCAN HSET HSETNX HSTRLEN HVALS',
  ],
  ['list', 'LINDEX LINSERT LLEN LPOP LPOS LPUSH LPUSHX LRANGE LREM LSET LTRIM RPOP RPUSH RPUSHX'],
  ['set', 'SADD SCARD SISMEMBER SMEMBERS SMISMEMBER SPOP SRANDMEMBER SREM SSCAN'],
  [
    'zset',
    `ZADD ZCARD ZCOUNT ZINCRBY ZMSCORE ZPOPMAX ZPOPMIN ZRANGE ZRANGEBYLEX ZRANGEBYSCORE ZRANK ZREM
    ZREMRANGEBYLEX ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREVRANGE ZREVRANGEBYLEX ZREVRANGEBYSCORE ZREVRANK
    ZSCAN ZSCORE`,
  ],
];

const KEY_TYPE_OF = new Map<string, KeyType>(
  COMMANDS_BY_KEY_TYPE.flatMap(([type, names]) => names.split(/\s+/).map((name) => [name, type] as const)),
);

const INTEGER = /^-?(0|[1-9]\d*)$/;
const NOT_INTEGER = 'ERR value is not an integer or out of range';
const NOT_FLOAT = 'ERR value is not a valid float';

/**
 * Refuses what Redis refuses but ioredis-mock would carry out, usually corrupting data on the way:
 * INCR on "abc" stores "NaN", HGET on a string answers null instead of WRONGTYPE.
 */
export async function checkCommand(mock: Mock, name: string, args: readonly string[]): Promise<void> {
  const [key = '', second = '', third = ''] = args;
  const expected = KEY_TYPE_OF.get(name);
  if (expected) {
    const actual = await mock.command('TYPE', [key]);
    if (actual !== 'none' && actual !== expected) {
      throw new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value');
    }
  }
  switch (name) {
    case 'INCR':
    case 'DECR':
      return requireInteger(await mock.command('GET', [key]), NOT_INTEGER);
    case 'INCRBY':
    case 'DECRBY':
      requireInteger(second, NOT_INTEGER);
      return requireInteger(await mock.command('GET', [key]), NOT_INTEGER);
    case 'INCRBYFLOAT':
      requireFloat(second, NOT_FLOAT);
      return requireFloat(await mock.command('GET', [key]), NOT_FLOAT);
    case 'HINCRBY':
      requireInteger(third, NOT_INTEGER);
      return requireInteger(await mock.command('HGET', [key, second]), 'ERR hash value is not an integer');
    case 'HINCRBYFLOAT':
      requireFloat(third, NOT_FLOAT);
      return requireFloat(await mock.command('HGET', [key, second]), 'ERR hash value is not a float');
    case 'ZINCRBY':
      return requireFloat(second, NOT_FLOAT);
    case 'SETEX':
    case 'PSETEX':
      requireInteger(second, NOT_INTEGER);
      if (Number(second) <= 0) throw new ReplyError(`ERR invalid expire time in '${name.toLowerCase()}' command`);
      return;
  }
}

/** Absent values pass: Redis treats a missing key or field as 0. */
function requireInteger(value: unknown, message: string): void {
  if (value === null || value === undefined) return;
  const text = String(value);
  if (!INTEGER.test(text) || !Number.isSafeInteger(Number(text))) throw new ReplyError(message);
}

function requireFloat(value: unknown, message: string): void {
  if (value === null || value === undefined) return;
  const text = String(value).trim();
  const number = /^[+-]?inf$/i.test(text) ? 0 : Number(text);
  if (text === '' || Number.isNaN(number)) throw new ReplyError(message);
}
