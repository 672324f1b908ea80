import type { Reply } from '../../backend.ts';
import { ReplyError } from '../../errors.ts';

/**
 * Brings a value returned by ioredis-mock to the shape Redis would have sent over RESP2. With
 * `lua`, applies Redis's conversion of Lua values: numbers truncate to integers, `false` is nil,
 * `true` is 1.
 */
export function fromMock(value: unknown, lua = false): Reply {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  if (typeof value === 'number') {
    if (lua) return Math.trunc(value);
    // Redis sends non-integers (scores, floats) as bulk strings; the mock sometimes as numbers.
    return Number.isInteger(value) ? value : String(value);
  }
  if (typeof value === 'boolean') return value ? 1 : null;
  // Lua arrays, like Redis's, end at their first nil.
  if (Array.isArray(value)) return value.map((item: unknown) => fromMock(item, lua));
  // HGETALL answers with an object where Redis sends a flat field, value, field, value… array.
  if (isPlainObject(value)) return Object.entries(value).flatMap(([field, item]) => [field, fromMock(item, lua)]);
  // fengari hands back a Lua table with holes or string keys as a proxy function.
  throw new ReplyError(
    'ERR the embedded backend cannot convert this Lua table (nil holes or string keys); return a plain array',
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

const REDIS_ERROR_CODES = /^(ERR|WRONGTYPE|NOSCRIPT|EXECABORT) /;
const LUA_FAILURE = /^Error trying to loading or executing lua code string in VM: /;

/** Turns whatever ioredis-mock threw into the error reply Redis would have sent. */
export function toReplyError(error: unknown): ReplyError {
  if (error instanceof ReplyError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (LUA_FAILURE.test(message)) return new ReplyError(`ERR Error running script: ${message.replace(LUA_FAILURE, '')}`);
  return new ReplyError(REDIS_ERROR_CODES.test(message) ? message : `ERR ${message}`);
}
