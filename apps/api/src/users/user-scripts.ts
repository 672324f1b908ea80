import { defineScript } from '../store/define-script.ts';
import { integer, list } from '../store/reply.ts';

/**
 * Creates a user only if the email is free: the email index is claimed with SET NX in the same
 * script, so two concurrent registrations cannot both succeed. → 1 created | 0 taken
 */
export const registerUser = defineScript({
  name: 'register-user',
  keys: ['email', 'user', 'usersByEmail', 'usersByName'],
  args: ['id', 'indexMember', 'nameMember'],
  rest: 'fields',
  reply: integer,
  lua: `
if not redis.call('SET', emailKey, id, 'NX') then return 0 end
redis.call('HSET', userKey, 'nx', nameMember, unpack(fields))
redis.call('ZADD', usersByEmailKey, 0, indexMember)
redis.call('ZADD', usersByNameKey, 0, nameMember)
return 1
`,
});

/**
 * Blocks a user and ends every session in the same step, so no request can slip between the two.
 * → 1 | 0 (no such user)
 */
export const blockUser = defineScript({
  name: 'block-user',
  keys: ['user', 'index', 'events'],
  args: ['prefix', 'reason', 'at', 'event', 'eventCap'],
  reply: integer,
  lua: `
if redis.call('EXISTS', userKey) == 0 then return 0 end
redis.call('HSET', userKey, 'blocked', '1', 'blockedReason', reason, 'blockedAt', at)
for _, sid in ipairs(redis.call('ZRANGE', indexKey, 0, -1)) do
  redis.call('DEL', prefix .. sid)
end
redis.call('DEL', indexKey)
redis.call('LPUSH', eventsKey, event)
redis.call('LTRIM', eventsKey, 0, tonumber(eventCap) - 1)
return 1
`,
});

/**
 * Sets a field on an existing user only; never creates a partial record for a deleted one.
 * `event` '' records none. → 1 | 0 (no such user)
 */
export const updateUserField = defineScript({
  name: 'update-user-field',
  keys: ['user', 'events'],
  args: ['field', 'value', 'event', 'eventCap'],
  reply: integer,
  lua: `
if redis.call('EXISTS', userKey) == 0 then return 0 end
redis.call('HSET', userKey, field, value)
if event ~= '' then
  redis.call('LPUSH', eventsKey, event)
  redis.call('LTRIM', eventsKey, 0, tonumber(eventCap) - 1)
end
return 1
`,
});

/**
 * Email → user record in one round trip (login). The user key is derived in Lua from the id the
 * index holds (`userPrefix .. id .. userSuffix`); it is the only script that touches a key it was
 * not given. → {field, value, ...} | {}
 */
export const findUserByEmail = defineScript({
  name: 'find-user-by-email',
  keys: ['email'],
  args: ['userPrefix', 'userSuffix'],
  reply: list,
  lua: `
local id = redis.call('GET', emailKey)
if not id then return {} end
return redis.call('HGETALL', userPrefix .. id .. userSuffix)
`,
});
