import { ReplyError } from '../../errors.ts';

// The commands the embedded backend serves, with their arity as Redis 7's COMMAND INFO gives it
// (the name counts; negative means "at least"). ioredis-mock answers a call with missing
// arguments with null rather than an error, so the bridge checks. Server, connection and pub/sub
// commands are left out: they mean nothing for an in-process store, and the mock's other methods
// (disconnect, defineCommand…) must never be reachable by name.
const ARITY = new Map(
  `APPEND:3 BITCOUNT:-2 DBSIZE:1 DECR:2 DECRBY:3 DEL:-2 ECHO:2 EVAL:-3 EVALSHA:-3 EVAL_RO:-3
  EVALSHA_RO:-3 EXISTS:-2 EXPIRE:-3 EXPIREAT:-3 EXPIRETIME:2 FLUSHALL:-1 FLUSHDB:-1 GET:2 GETBIT:3
  GETDEL:2 GETEX:-2 GETRANGE:4 GETSET:3 HDEL:-3 HEXISTS:3 HGET:3 HGETALL:2 HINCRBY:4 HINCRBYFLOAT:4
  HKEYS:2 HLEN:2 HMGET:-3 HMSET:-4 HRANDFIELD:-2 HSCAN:-3 HSET:-4 HSETNX:4 HSTRLEN:3 HVALS:2 INCR:2
  INCRBY:3 INCRBYFLOAT:3 KEYS:2 LINDEX:3 LINSERT:5 LLEN:2 LMOVE:5 LMPOP:-4 LPOP:-2 LPOS:-3 LPUSH:-3
  LPUSHX:-3 LRANGE:4 LREM:4 LSET:4 LTRIM:4 MGET:-2 MSET:-3 MSETNX:-3 PERSIST:2 PEXPIRE:-3
  PEXPIREAT:-3 PEXPIRETIME:2 PING:-1 PSETEX:4 PTTL:2 RANDOMKEY:1 RENAME:3 RENAMENX:3 RPOP:-2
  RPOPLPUSH:3 RPUSH:-3 RPUSHX:-3 SADD:-3 SCAN:-2 SCARD:2 SCRIPT:-2 SDIFF:-2 SDIFFSTORE:-3 SET:-3
  SETBIT:4 SETEX:4 SETNX:3 SETRANGE:4 SINTER:-2 SINTERSTORE:-3 SISMEMBER:3 SMEMBERS:2 SMISMEMBER:-3
  SMOVE:4 SPOP:-2 SRANDMEMBER:-2 SREM:-3 SSCAN:-3 STRLEN:2 SUBSTR:4 SUNION:-2 SUNIONSTORE:-3 TIME:1
  TTL:2 TYPE:2 UNLINK:-2 XADD:-5 XLEN:2 XRANGE:-4 XREVRANGE:-4 ZADD:-4 ZCARD:2 ZCOUNT:4 ZDIFF:-3
  ZINCRBY:4 ZINTERSTORE:-4 ZMSCORE:-3 ZPOPMAX:-2 ZPOPMIN:-2 ZRANGE:-4 ZRANGEBYLEX:-4
  ZRANGEBYSCORE:-4 ZRANK:3 ZREM:-3 ZREMRANGEBYRANK:4 ZREMRANGEBYSCORE:4 ZREVRANGE:-4
  ZREVRANGEBYLEX:-4 ZREVRANGEBYSCORE:-4 ZREVRANK:3 ZSCAN:-3 ZSCORE:3`
    .split(/\s+/)
    .map((entry) => {
      const [name = '', arity = ''] = entry.split(':');
      return [name, Number(arity)] as const;
    }),
);

/** Whether the embedded backend serves a command (name in upper case). */
export function isServed(name: string): boolean {
  return ARITY.has(name);
}

/** Refuses, as Redis would, an unknown command or one with the wrong number of arguments. */
export function checkArity(name: string, args: readonly string[]): void {
  const arity = ARITY.get(name);
  if (arity === undefined) {
    const start = args
      .slice(0, 3)
      .map((arg) => `'${arg}' `)
      .join('');
    throw new ReplyError(
      `ERR unknown command '${name}', with args beginning with: ${start}(the embedded backend serves a subset of Redis; set REDIS_URL to use a real one)`,
    );
  }
  const count = args.length + 1;
  if (arity >= 0 ? count !== arity : count < -arity) {
    throw new ReplyError(`ERR wrong number of arguments for '${name.toLowerCase()}' command`);
  }
}
