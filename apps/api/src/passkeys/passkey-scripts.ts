import { defineScript } from '../store/define-script.ts';
import { list, statusReply, text } from '../store/reply.ts';
import { refuseLastWayIn } from '../users/refuse-last-way-in.ts';

/*
 * A user's passkeys live in the user's slot (`{u:<id>}`): an index (a hash, credential id →
 * passkey id, whose HLEN mfa/ reads as the number of passkeys) and one hash per passkey. The
 * credential index (credential id → `<userId>:<passkeyId>`) is global, like the email index: a
 * discoverable sign-in starts from the credential alone. The scripts that keep it in step with the
 * user's keys are therefore cross-slot (see keys/README.md).
 */

/**
 * Adds a verified passkey unless its credential is registered already (to anyone) or the user has
 * as many as allowed; the index, the passkey and the credential index change together.
 */
export const addPasskeyScript = defineScript({
  name: 'add-passkey',
  keys: ['user', 'index', 'passkey', 'credential', 'events'],
  args: ['userId', 'passkeyId', 'credentialId', 'max', 'event', 'eventCap'],
  rest: 'fields',
  reply: statusReply({ ok: {}, missing: {}, taken: {}, limit: {} }),
  lua: `
if redis.call('EXISTS', userKey) == 0 then return {'missing'} end
if redis.call('EXISTS', credentialKey) == 1 then return {'taken'} end
if redis.call('HLEN', indexKey) >= tonumber(max) then return {'limit'} end
redis.call('HSET', passkeyKey, unpack(fields))
redis.call('HSET', indexKey, credentialId, passkeyId)
redis.call('SET', credentialKey, userId .. ':' .. passkeyId)
redis.call('LPUSH', eventsKey, event)
redis.call('LTRIM', eventsKey, 0, tonumber(eventCap) - 1)
return {'ok'}
`,
});

/** Renames a passkey of this user; never creates a partial one. → its hash, or `{}` for no such passkey. */
export const renamePasskeyScript = defineScript({
  name: 'rename-passkey',
  keys: ['passkey'],
  args: ['name'],
  reply: list,
  lua: `
if redis.call('EXISTS', passkeyKey) == 0 then return {} end
redis.call('HSET', passkeyKey, 'name', name)
return redis.call('HGETALL', passkeyKey)
`,
});

/**
 * Removes a passkey of this user with its entries in both indexes (the credential index's derived
 * in Lua from the passkey's credential id, and deleted only if it still points here). The last
 * second factor gone (no passkey left, no TOTP), the recovery codes go too, as when TOTP is turned
 * off: kept, they would come back to life with the next second factor. Refused ('last') when it is
 * the last way to sign in, as unlinking the last identity is (users/refuse-last-way-in.ts).
 */
export const removePasskeyScript = defineScript({
  name: 'remove-passkey',
  keys: ['passkeys', 'passkey', 'events', 'totp', 'recovery', 'user', 'identities'],
  args: ['credentialPrefix', 'credentialSuffix', 'ref', 'event', 'eventCap'],
  reply: statusReply({ removed: { name: text }, missing: {}, last: {} }),
  lua: `
local cid, passkeyName = unpack(redis.call('HMGET', passkeyKey, 'cid', 'name'))
if not cid then return {'missing'} end
${refuseLastWayIn}
redis.call('DEL', passkeyKey)
redis.call('HDEL', passkeysKey, cid)
local credentialKey = credentialPrefix .. cid .. credentialSuffix
if redis.call('GET', credentialKey) == ref then redis.call('DEL', credentialKey) end
if redis.call('HLEN', passkeysKey) == 0 and redis.call('EXISTS', totpKey) == 0 then redis.call('DEL', recoveryKey) end
redis.call('LPUSH', eventsKey, event)
redis.call('LTRIM', eventsKey, 0, tonumber(eventCap) - 1)
return {'removed', passkeyName or ''}
`,
});

/**
 * Credential id → its passkey and its user, in one round trip (sign-in). The user's keys are
 * rebuilt in Lua from the ids the index holds, as `find-user-by-email` does.
 * → `{userId, passkeyId, {passkey field, value, …}, {user field, value, …}}` | `{}`
 */
export const findPasskeyScript = defineScript({
  name: 'find-passkey-by-credential',
  keys: ['credential'],
  args: ['userPrefix', 'userSuffix', 'userPasskeyPrefix', 'userPasskeySuffix'],
  reply: list,
  lua: `
local ref = redis.call('GET', credentialKey)
if not ref then return {} end
local userId, passkeyId = string.match(ref, '^(.+):([^:]+)$')
if not userId then return {} end
return {
  userId,
  passkeyId,
  redis.call('HGETALL', userPasskeyPrefix .. userId .. userPasskeySuffix .. passkeyId),
  redis.call('HGETALL', userPrefix .. userId .. userSuffix),
}
`,
});

/**
 * Records a sign-in with a passkey: its new signature counter and last use. The counter check is
 * repeated here, atomically, so that two sign-ins racing with the same counter cannot both pass
 * (the library's check reads a counter that may be stale by then). A counter that does not go up
 * — when the authenticator keeps one at all (non-zero) — means a cloned authenticator or a replay.
 */
export const usePasskeyScript = defineScript({
  name: 'use-passkey',
  keys: ['passkey'],
  args: ['credentialId', 'counter', 'now'],
  reply: statusReply({ ok: {}, missing: {}, replayed: {} }),
  lua: `
local fields = redis.call('HMGET', passkeyKey, 'cid', 'ctr')
if fields[1] ~= credentialId then return {'missing'} end
local stored, presented = tonumber(fields[2]) or 0, tonumber(counter)
if (stored > 0 or presented > 0) and presented <= stored then return {'replayed'} end
redis.call('HSET', passkeyKey, 'ctr', counter, 'used', now)
return {'ok'}
`,
});
