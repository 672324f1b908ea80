import { createHash } from 'node:crypto';
import type { Reply } from '../../backend.ts';
import { ReplyError } from '../../errors.ts';
import type { Mock } from './mock.ts';
import { fromMock } from './mock-reply.ts';

export type Handler = (args: readonly string[]) => Promise<Reply>;

/**
 * Runs a script inside a function and rebuilds every array it returns with a table constructor.
 * ioredis-mock reads a Lua table as an array only when fengari iterates its keys in the order a
 * constructor leaves them: `out[#out + 1] = x`, the usual way to build a reply, came back as
 * "cannot convert this Lua table" for two elements or more. Status and error tables pass as they
 * are; an array still ends at its first nil, as Redis converts it.
 *
 * It also gives `redis.call` and `redis.pcall` Redis's nil: a missing element inside an array
 * reply (HMGET of an absent field, MGET of an absent key) reaches the script as a JavaScript null,
 * a userdata that Lua treats as true, where Redis gives `false`. Array replies are JavaScript
 * arrays (userdata with a length) and are copied into Lua tables with the nulls as `false`; the
 * null is the userdata without a length. A script guarding with
 * `if not field then` went on with it, and a revoked session answered 500 instead of 401.
 */
export function withConstructedArrays(script: string): string {
  return `local function __portcullis_arrays(value)
  if type(value) ~= 'table' or value.ok ~= nil or value.err ~= nil then return value end
  local items, n = {}, 0
  while value[n + 1] ~= nil do
    n = n + 1
    items[n] = __portcullis_arrays(value[n])
  end
  return { unpack(items, 1, n) }
end
local function __portcullis_nils(value)
  if type(value) ~= 'userdata' then return value end
  local isArray, length = pcall(function() return #value end)
  if not isArray then return false end
  local items = {}
  for i = 1, length do items[i] = __portcullis_nils(value[i]) end
  return items
end
local __portcullis_call, __portcullis_pcall = redis.call, redis.pcall
redis.call = function(...) return __portcullis_nils(__portcullis_call(...)) end
redis.pcall = function(...) return __portcullis_nils(__portcullis_pcall(...)) end
local function __portcullis_script()
${script}
end
return __portcullis_arrays(__portcullis_script())`;
}

/**
 * EVAL, EVALSHA and SCRIPT for the embedded backend. ioredis-mock has no SCRIPT command and keeps
 * its script table out of reach, so the bridge keeps its own: @upstash/redis sends EVALSHA first
 * and falls back to EVAL on NOSCRIPT, which must work exactly as on Redis.
 */
export function scriptCommands(mock: Mock): Record<string, Handler> {
  const scripts = new Map<string, string>();

  const evaluate = async (script: string, rest: readonly string[]): Promise<Reply> => {
    const [numkeys = '', ...keysAndArgs] = rest;
    if (!/^-?\d+$/.test(numkeys)) throw new ReplyError('ERR value is not an integer or out of range');
    if (Number(numkeys) < 0) throw new ReplyError("ERR Number of keys can't be negative");
    if (Number(numkeys) > keysAndArgs.length)
      throw new ReplyError("ERR Number of keys can't be greater than number of args");
    return fromMock(await mock.command('EVAL', [withConstructedArrays(script), numkeys, ...keysAndArgs]), true);
  };
  const load = (script: string): string => {
    const sha = createHash('sha1').update(script, 'utf8').digest('hex');
    scripts.set(sha, script);
    return sha;
  };
  const evalCommand: Handler = async ([script, ...rest]) => {
    if (script === undefined || rest.length === 0) throw wrongArity('eval');
    load(script);
    return evaluate(script, rest);
  };
  const evalshaCommand: Handler = async ([sha = '', ...rest]) => {
    if (rest.length === 0) throw wrongArity('evalsha');
    const script = scripts.get(sha.toLowerCase());
    if (script === undefined) throw new ReplyError('NOSCRIPT No matching script. Please use EVAL.');
    return evaluate(script, rest);
  };

  return {
    EVAL: evalCommand,
    EVALSHA: evalshaCommand,
    // The mock has no read-only variants; scripts here are trusted not to write.
    EVAL_RO: evalCommand,
    EVALSHA_RO: evalshaCommand,
    SCRIPT: async ([subcommand = '', ...rest]) => {
      if (subcommand === 'LOAD' && rest.length === 1 && rest[0] !== undefined) return load(rest[0]);
      if (subcommand === 'EXISTS' && rest.length > 0)
        return rest.map((sha) => (scripts.has(sha.toLowerCase()) ? 1 : 0));
      if (subcommand === 'FLUSH' && rest.length <= 1) {
        scripts.clear();
        return 'OK';
      }
      throw new ReplyError(
        `ERR unknown subcommand or wrong number of arguments for '${subcommand.toLowerCase()}'. Try SCRIPT HELP.`,
      );
    },
  };
}

export function wrongArity(name: string): ReplyError {
  return new ReplyError(`ERR wrong number of arguments for '${name}' command`);
}
