import { defineScript } from '../store/store.ts';

/**
 * Creates a user only if the email is free: the email index is claimed with SET NX in the same
 * script, so two concurrent registrations cannot both succeed.
 * KEYS: email index, user, users-by-email. ARGV: id, index member, then field/value pairs.
 * → 1 created | 0 taken
 */
export const registerUser = defineScript(
  'register-user',
  `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
local fields = {}
for i = 3, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[2], unpack(fields))
redis.call('ZADD', KEYS[3], 0, ARGV[2])
return 1
`,
);

/**
 * Blocks a user and ends every session in the same step, so no request can slip between the two.
 * KEYS: user, index, events. ARGV: session prefix, reason, at, event, eventCap. → 1 | 0 (no such user)
 */
export const blockUser = defineScript(
  'block-user',
  `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'blocked', '1', 'blockedReason', ARGV[2], 'blockedAt', ARGV[3])
for _, sid in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  redis.call('DEL', ARGV[1] .. sid)
end
redis.call('DEL', KEYS[2])
redis.call('LPUSH', KEYS[3], ARGV[4])
redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[5]) - 1)
return 1
`,
);

/**
 * Sets a field on an existing user only; never creates a partial record for a deleted one.
 * KEYS: user, events. ARGV: field, value, event ('' for none), eventCap. → 1 | 0 (no such user)
 */
export const updateUserField = defineScript(
  'update-user-field',
  `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] ~= '' then
  redis.call('LPUSH', KEYS[2], ARGV[3])
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[4]) - 1)
end
return 1
`,
);

/**
 * Email → user record in one round trip (login). The user key is derived in Lua from the id the
 * index holds; it is the only script that touches a key it was not given.
 * KEYS: email index. ARGV: user key prefix, user key suffix. → {field, value, ...} | {}
 */
export const findUserByEmail = defineScript(
  'find-user-by-email',
  `
local id = redis.call('GET', KEYS[1])
if not id then return {} end
return redis.call('HGETALL', ARGV[1] .. id .. ARGV[2])
`,
);
