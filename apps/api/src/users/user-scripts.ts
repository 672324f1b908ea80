import { defineScript } from '../store/store.ts';

/**
 * Creates a user only if the email is free: the email index is claimed with SET NX in the same
 * script, so two concurrent registrations cannot both succeed.
 * KEYS: email index, user. ARGV: id, then field/value pairs. → 1 created | 0 taken
 */
export const registerUser = defineScript(
  'register-user',
  `
if redis.call('SET', KEYS[1], ARGV[1], 'NX') == false then return 0 end
local fields = {}
for i = 2, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[2], unpack(fields))
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
