import { defineScript } from '../store/define-script.ts';
import { list, statusReply, text } from '../store/reply.ts';
import { refuseLastWayIn } from '../users/refuse-last-way-in.ts';

/*
 * A user's identities live in the user's slot (`{u:<id>}`): an index (a hash, identity id →
 * provider) and one hash per identity. The identity index (`<provider>:<subject>` →
 * `<userId>:<identityId>`) is global, like the email index: a sign-in with a provider starts from
 * the identity alone. The scripts that keep it in step with the user's keys are cross-slot, like
 * registration's (see keys/README.md).
 */

/**
 * A sign-in with a provider, in one step: a known identity answers its user's record; otherwise,
 * with `create` = 1, the account and its identity are made together — unless the email belongs to
 * an account already, which is never joined automatically (pre-account hijacking: whoever
 * registered the email first, or controls the provider's claim to it, must not get in). Nothing is
 * written unless everything is.
 */
export const signInWithIdentityScript = defineScript({
  name: 'oauth-sign-in',
  keys: ['identity', 'email', 'user', 'usersByEmail', 'index', 'record', 'events'],
  args: [
    'userPrefix',
    'userSuffix',
    'create',
    'userId',
    'identityId',
    'indexMember',
    'provider',
    'subject',
    'identityEmail',
    'linkedAt',
    'event',
    'eventCap',
  ],
  rest: 'fields',
  reply: statusReply({ known: { userId: text, user: list }, created: {}, new: {}, 'email-taken': {} }),
  lua: `
local ref = redis.call('GET', identityKey)
if ref then
  local owner = string.match(ref, '^(.+):[^:]+$')
  return {'known', owner, redis.call('HGETALL', userPrefix .. owner .. userSuffix)}
end
if create ~= '1' then return {'new'} end
if not redis.call('SET', emailKey, userId, 'NX') then return {'email-taken'} end
redis.call('HSET', userKey, unpack(fields))
redis.call('ZADD', usersByEmailKey, 0, indexMember)
redis.call('SET', identityKey, userId .. ':' .. identityId)
redis.call('HSET', indexKey, identityId, provider)
redis.call('HSET', recordKey, 'provider', provider, 'sub', subject, 'email', identityEmail, 'linkedAt', linkedAt)
redis.call('LPUSH', eventsKey, event)
redis.call('LTRIM', eventsKey, 0, tonumber(eventCap) - 1)
return {'created'}
`,
});

/**
 * Links an identity to the user whose session asked for it — only while that session is live
 * (signed out or revoked since: nothing is linked). An identity belongs to one user.
 */
export const linkIdentityScript = defineScript({
  name: 'link-identity',
  keys: ['identity', 'session', 'user', 'index', 'record', 'events'],
  args: ['userId', 'identityId', 'provider', 'subject', 'identityEmail', 'linkedAt', 'event', 'eventCap'],
  reply: statusReply({ linked: {}, already: {}, taken: {}, 'session-ended': {}, blocked: {} }),
  lua: `
if redis.call('EXISTS', sessionKey) == 0 then return {'session-ended'} end
if redis.call('HGET', userKey, 'blocked') == '1' then return {'blocked'} end
local ref = redis.call('GET', identityKey)
if ref then
  if string.match(ref, '^(.+):[^:]+$') == userId then return {'already'} end
  return {'taken'}
end
redis.call('SET', identityKey, userId .. ':' .. identityId)
redis.call('HSET', indexKey, identityId, provider)
redis.call('HSET', recordKey, 'provider', provider, 'sub', subject, 'email', identityEmail, 'linkedAt', linkedAt)
redis.call('LPUSH', eventsKey, event)
redis.call('LTRIM', eventsKey, 0, tonumber(eventCap) - 1)
return {'linked'}
`,
});

/**
 * Unlinks an identity of this user, unless it is the last way to sign in (refuse-last-way-in.ts).
 * The global index entry goes only if it still points here.
 */
export const unlinkIdentityScript = defineScript({
  name: 'unlink-identity',
  keys: ['user', 'identities', 'record', 'passkeys', 'events'],
  args: ['identityPrefix', 'identitySuffix', 'identityId', 'ref', 'event', 'eventCap'],
  reply: statusReply({ removed: { provider: text }, missing: {}, last: {} }),
  lua: `
local provider, sub = unpack(redis.call('HMGET', recordKey, 'provider', 'sub'))
if not provider then return {'missing'} end
${refuseLastWayIn}
redis.call('DEL', recordKey)
redis.call('HDEL', identitiesKey, identityId)
local globalKey = identityPrefix .. provider .. ':' .. sub .. identitySuffix
if redis.call('GET', globalKey) == ref then redis.call('DEL', globalKey) end
redis.call('LPUSH', eventsKey, event)
redis.call('LTRIM', eventsKey, 0, tonumber(eventCap) - 1)
return {'removed', provider}
`,
});
