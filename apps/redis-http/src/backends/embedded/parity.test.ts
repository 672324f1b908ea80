import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_REDIS_URL } from '../../../test/bridges.ts';
import type { Backend, Command, Outcome } from '../../backend.ts';
import { encodeReply } from '../../encode.ts';
import { createEmbeddedBackend } from '../embedded.ts';
import { connectRedis } from '../redis.ts';

// Each scenario runs as one pipeline on both backends; `$a`-style placeholders become keys unique
// to the run. Every comment documents a difference of ioredis-mock the bridge smooths over.
const SCENARIOS: Record<string, string[][]> = {
  // ioredis-mock ignored lower-case options: `nx` overwrote, `ex` set no TTL; KEEPTTL dropped the TTL.
  'SET options in any case, KEEPTTL and GET': [
    ['set', '$a', '1', 'ex', '100'],
    ['ttl', '$a'],
    ['set', '$a', '2', 'nx'],
    ['get', '$a'],
    ['set', '$a', '3', 'xx', 'get'],
    ['set', '$a', '4', 'keepttl'],
    ['ttl', '$a'],
    ['set', '$a', '5'],
    ['ttl', '$a'],
  ],
  // ioredis-mock accepted any expiry, 0 and "abc" included, and conflicting options.
  'SET refusing bad expiries and option clashes': [
    ['SET', '$a', 'v', 'EX', '0'],
    ['SET', '$a', 'v', 'EX', 'abc'],
    ['SET', '$a', 'v', 'EX', '10', 'PX', '100'],
    ['SET', '$a', 'v', 'NX', 'XX'],
    ['SET', '$a', 'v', 'BOGUS'],
    ['SETEX', '$a', '0', 'v'],
  ],
  // INCR on "abc" answered NaN and stored "NaN".
  'counters refusing non-numbers': [
    ['SET', '$a', 'abc'],
    ['INCR', '$a'],
    ['GET', '$a'],
    ['INCRBY', '$a', 'x'],
    ['INCRBYFLOAT', '$a', '1.5'],
    ['SET', '$a', '1.5'],
    ['INCR', '$a'],
    ['INCRBYFLOAT', '$a', '1'],
    ['DECRBY', '$b', '3'],
  ],
  // Commands on a key of another type answered null or garbage instead of WRONGTYPE.
  'WRONGTYPE and hash counters': [
    ['HSET', '$h', 'f', 'x'],
    ['HINCRBY', '$h', 'f', '1'],
    ['HINCRBY', '$h', 'g', '2'],
    ['HINCRBYFLOAT', '$h', 'g', '0.5'],
    ['HGETALL', '$h'],
    ['GET', '$h'],
    ['INCR', '$h'],
    ['LPUSH', '$h', 'x'],
    ['ZADD', '$h', '1', 'a'],
  ],
  // ZADD knew neither GT/LT nor lower-case flags, and answered INCR with a count; ZPOP scores were numbers.
  'sorted sets': [
    ['ZADD', '$z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
    ['ZADD', '$z', 'nx', '5', 'a'],
    ['ZADD', '$z', 'xx', 'ch', '7', 'a'],
    ['ZADD', '$z', 'gt', 'ch', '1', 'a'],
    ['ZADD', '$z', 'lt', 'ch', '1', 'a'],
    ['ZADD', '$z', 'incr', '1.5', 'a'],
    ['ZADD', '$z', 'x', 'a'],
    ['ZSCORE', '$z', 'a'],
    ['ZRANGE', '$z', '0', '-1', 'withscores'],
    ['ZRANGE', '$z', '+inf', '-inf', 'byscore', 'rev', 'limit', '0', '2', 'withscores'],
    ['ZRANGEBYSCORE', '$z', '-inf', '+inf', 'WITHSCORES', 'LIMIT', '1', '2'],
    ['ZINCRBY', '$z', '2.5', 'c'],
    ['ZREM', '$z', 'b'],
    ['ZCARD', '$z'],
    ['ZPOPMIN', '$z'],
    ['ZPOPMAX', '$z', '2'],
  ],
  // Emptied sets, lists and sorted sets lingered, so EXISTS still counted them.
  'aggregates vanishing when emptied': [
    ['ZADD', '$z', '1', 'a'],
    ['ZREMRANGEBYSCORE', '$z', '-inf', '+inf'],
    ['SADD', '$s', 'a'],
    ['SPOP', '$s'],
    ['RPUSH', '$l', 'a'],
    ['LREM', '$l', '0', 'a'],
    ['EXISTS', '$z', '$s', '$l'],
  ],
  // EXPIRE's NX/XX/GT/LT were ignored and any amount accepted.
  'conditional expiry': [
    ['SET', '$a', '1'],
    ['EXPIRE', '$a', '100', 'nx'],
    ['EXPIRE', '$a', '50', 'NX'],
    ['EXPIRE', '$a', '200', 'gt'],
    ['TTL', '$a'],
    ['EXPIRE', '$a', '10', 'GT'],
    ['EXPIRE', '$a', '10', 'LT'],
    ['TTL', '$a'],
    ['EXPIRE', '$b', '10'],
    ['EXPIRE', '$a', 'x'],
    ['EXPIRE', '$a', '100', 'NX', 'XX'],
    ['PERSIST', '$a'],
    ['EXPIRE', '$a', '10', 'XX'],
    ['TTL', '$a'],
    ['PEXPIRE', '$a', '-1'],
    ['EXISTS', '$a'],
  ],
  // Lua nil/false/true/floats came back as undefined/false/true/floats; there was no SCRIPT.
  'scripts and their replies': [
    ['EVAL', 'return {KEYS[1], ARGV[1], 3, 4.7, {5}}', '1', '$a', 'x'],
    ['EVAL', 'return nil', '0'],
    // Arrays built one element at a time (the usual way to build a reply), nested, ending at a nil.
    ['EVAL', "local out = {} for i = 1, 3 do out[#out + 1] = {'row', i} end return out", '0'],
    ['EVAL', 'local t = {} t[1] = 1 t[2] = 2 t[4] = 4 return t', '0'],
    ['EVAL', 'return {1, 2, nil, 4}', '0'],
    ['EVAL', 'return false', '0'],
    ['EVAL', 'return true', '0'],
    ['EVAL', 'return 2.9', '0'],
    ['EVAL', "return redis.call('GET', KEYS[1])", '1', '$a'],
    // Missing fields of HMGET and keys of MGET came back as a null that Lua took for true.
    ['HSET', '$h', 'b', 'x'],
    [
      'EVAL',
      "local v = redis.call('HMGET', KEYS[1], 'a', 'b') local m = redis.call('MGET', KEYS[2]) return {type(v[1]), tostring(v[1]), v[2], type(m[1]), (not v[1]) and 'absent' or 'present'}",
      '2',
      '$h',
      '$m',
    ],
    ['EVAL', "local ok = redis.pcall('HMGET', KEYS[1], 'a') return {type(ok[1])}", '1', '$h'],
    ['EVAL', 'return 1', '2', 'x'],
    ['EVALSHA', '0000000000000000000000000000000000000000', '0'],
    ['SCRIPT', 'EXISTS', '0000000000000000000000000000000000000000'],
  ],
  // Missing arguments were answered with null.
  arity: [['GET'], ['HSET', '$h', 'f'], ['ZADD', '$z', '1'], ['SET', '$a']],
  'everyday commands': [
    ['PING'],
    ['ECHO', 'hi'],
    ['MSET', '$a', '1', '$b', '2'],
    ['MGET', '$a', '$b', '$c'],
    ['GETEX', '$a', 'ex', '100'],
    ['TTL', '$a'],
    ['GETDEL', '$b'],
    ['TYPE', '$a'],
    ['HSET', '$h', 'a', '1', 'b', '2'],
    ['HMGET', '$h', 'a', 'c'],
    ['HDEL', '$h', 'a'],
    ['HEXISTS', '$h', 'a'],
    ['HKEYS', '$h'],
    ['SADD', '$s', 'a', 'b'],
    ['SISMEMBER', '$s', 'a'],
    ['SMISMEMBER', '$s', 'a', 'c'],
    ['SCARD', '$s'],
    ['RPUSH', '$l', 'a', 'b', 'c'],
    ['LRANGE', '$l', '0', '-1'],
    ['LPOP', '$l'],
    ['LLEN', '$l'],
    ['DEL', '$a', '$c'],
  ],
};

const PLACEHOLDER = /\$(\w)/g;

describe('the embedded backend answering like Redis', () => {
  let embedded: Backend;
  let redis: Backend;
  const prefix = `redis-http-test:${randomUUID()}:`;
  const used = new Set<string>();

  beforeAll(async () => {
    embedded = createEmbeddedBackend();
    redis = await connectRedis(REAL_REDIS_URL, 1000);
  });

  afterAll(async () => {
    await redis.exec([['DEL', ...used]], 'pipeline');
    await Promise.all([embedded.close(), redis.close()]);
  });

  const comparable = (outcomes: Outcome[]): unknown[] =>
    outcomes.map((outcome) => ('error' in outcome ? outcome : encodeReply(outcome.reply, false)));

  it.each(Object.entries(SCENARIOS))('%s', async (name, scenario) => {
    const scope = `${prefix}${name}:`;
    const commands = scenario.map(
      ([command = '', ...args]): Command => [
        command,
        ...args.map((arg) =>
          arg.replace(PLACEHOLDER, (_, letter: string) => {
            used.add(`${scope}${letter}`);
            return `${scope}${letter}`;
          }),
        ),
      ],
    );
    const [onEmbedded, onRedis] = await Promise.all([
      embedded.exec(commands, 'pipeline'),
      redis.exec(commands, 'pipeline'),
    ]);
    expect(comparable(onEmbedded)).toEqual(comparable(onRedis));
  });
});
