import RedisMock from 'ioredis-mock';

/** The part of ioredis-mock the bridge uses: each command as a method named in lower case. */
export interface Mock {
  command(name: string, args: readonly string[]): Promise<unknown>;
  close(): Promise<void>;
}

// Redis commands ioredis-mock implements and the embedded backend passes on. Server, connection
// and pub/sub commands are left out: they are meaningless for an in-process store, and reaching
// the mock's other methods (disconnect, defineCommand…) by name must be impossible.
const COMMANDS = new Set(
  `append bitcount dbsize decr decrby del echo eval exists expire expireat expiretime flushall
  flushdb get getbit getdel getex getrange getset hdel hexists hget hgetall hincrby hincrbyfloat
  hkeys hlen hmget hmset hrandfield hscan hset hsetnx hstrlen hvals incr incrby incrbyfloat keys
  lindex linsert llen lmove lmpop lpop lpos lpush lpushx lrange lrem lset ltrim mget mset msetnx
  persist pexpire pexpireat pexpiretime ping psetex pttl randomkey rename renamenx rpop rpoplpush
  rpush rpushx sadd scan scard sdiff sdiffstore set setbit setex setnx setrange sinter sinterstore
  sismember smembers smismember smove spop srandmember srem sscan strlen substr sunion sunionstore
  time ttl type unlink xadd xlen xrange xrevrange zadd zcard zcount zdiff zincrby zinterstore
  zmscore zpopmax zpopmin zrange zrangebylex zrangebyscore zrank zrem zremrangebyrank
  zremrangebyscore zrevrange zrevrangebylex zrevrangebyscore zrevrank zscan zscore`.split(/\s+/),
);

/** Whether the mock implements a command (name in upper case). */
export function mockHas(name: string): boolean {
  return COMMANDS.has(name.toLowerCase());
}

/** A fresh, empty in-memory store. */
export function createMock(): Mock {
  // ioredis-mock shares data between instances created with the same host:port/db, as if they
  // were connections to one server; a unique host gives every bridge its own store.
  const mock = new RedisMock({ host: `embedded-${crypto.randomUUID()}`, lazyConnect: false });
  return {
    async command(name, args) {
      if (!mockHas(name)) {
        throw new Error(`ERR unknown command '${name}' (the embedded backend knows a subset of Redis; set REDIS_URL to use a real one)`);
      }
      return await callMethod(mock, name.toLowerCase(), args);
    },
    async close() {
      // The store lives in a module-level registry of ioredis-mock; empty it so it can be collected.
      await callMethod(mock, 'flushall', []);
      await callMethod(mock, 'disconnect', []);
    },
  };
}

function callMethod(mock: RedisMock, name: string, args: readonly unknown[]): unknown {
  const method = mock[name];
  if (typeof method !== 'function') throw new Error(`ioredis-mock has no method ${name}()`);
  const result: unknown = Reflect.apply(method, mock, args);
  return result;
}
