import { defineScript } from '../store/store.ts';

/*
 * A user's passkeys live in the user's slot (`{u:<id>}`): an index (a hash, credential id →
 * passkey id, whose HLEN mfa/ reads as the number of passkeys) and one hash per passkey. The credential index (credential id → `<userId>:<passkeyId>`) is global, like
 * the email index: a discoverable sign-in starts from the credential alone. The scripts that keep
 * it in step with the user's keys are therefore cross-slot (see store/README.md).
 */

/**
 * Adds a verified passkey unless its credential is registered already (to anyone) or the user has
 * as many as allowed; the index, the passkey and the credential index change together.
 * KEYS: user, passkeys index, passkey, credential index, events.
 * ARGV: userId, passkeyId, credentialId, max passkeys, event, event cap, then field/value pairs.
 * → 'ok' | 'missing' (no such user) | 'taken' | 'limit'
 */
export const addPasskeyScript = defineScript(
  'add-passkey',
  `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'missing' end
if redis.call('EXISTS', KEYS[4]) == 1 then return 'taken' end
if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[4]) then return 'limit' end
local fields = {}
for i = 7, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[3], unpack(fields))
redis.call('HSET', KEYS[2], ARGV[3], ARGV[2])
redis.call('SET', KEYS[4], ARGV[1] .. ':' .. ARGV[2])
redis.call('LPUSH', KEYS[5], ARGV[5])
redis.call('LTRIM', KEYS[5], 0, tonumber(ARGV[6]) - 1)
return 'ok'
`,
);

/**
 * The user's passkeys, each as its id and its hash (in no particular order).
 * KEYS: passkeys index. ARGV: passkey key prefix. → {id, {field, value, …}, …}
 */
export const listPasskeysScript = defineScript(
  'list-passkeys',
  `
local out = {}
local index = redis.call('HGETALL', KEYS[1])
for i = 2, #index, 2 do
  out[#out + 1] = index[i]
  out[#out + 1] = redis.call('HGETALL', ARGV[1] .. index[i])
end
return out
`,
);

/**
 * Renames a passkey of this user; never creates a partial one.
 * KEYS: passkey. ARGV: name. → {field, value, …} | {} (no such passkey)
 */
export const renamePasskeyScript = defineScript(
  'rename-passkey',
  `
if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
redis.call('HSET', KEYS[1], 'name', ARGV[1])
return redis.call('HGETALL', KEYS[1])
`,
);

/**
 * Removes a passkey of this user with its entries in both indexes (the credential index's derived
 * in Lua from the passkey's credential id, and deleted only if it still points here). The last
 * second factor gone (no passkey left, no TOTP), the recovery codes go too, as when TOTP is turned
 * off: kept, they would come back to life with the next second factor.
 * KEYS: passkeys index, passkey, events, TOTP, recovery codes. ARGV: credential index prefix,
 * `<userId>:<passkeyId>`, event, event cap. → the passkey's name | 0 (no such passkey)
 */
export const removePasskeyScript = defineScript(
  'remove-passkey',
  `
local cid, name = unpack(redis.call('HMGET', KEYS[2], 'cid', 'name'))
if not cid then return 0 end
redis.call('DEL', KEYS[2])
redis.call('HDEL', KEYS[1], cid)
local index = ARGV[1] .. cid
if redis.call('GET', index) == ARGV[2] then redis.call('DEL', index) end
if redis.call('HLEN', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[4]) == 0 then redis.call('DEL', KEYS[5]) end
redis.call('LPUSH', KEYS[3], ARGV[3])
redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[4]) - 1)
return name or ''
`,
);

/**
 * Credential id → its passkey and its user, in one round trip (sign-in). The user's keys are
 * derived in Lua from the id the index holds, as `find-user-by-email` does.
 * KEYS: credential index. ARGV: user key prefix, user key suffix, passkey key infix.
 * → {userId, passkeyId, {passkey field, value, …}, {user field, value, …}} | {}
 */
export const findPasskeyScript = defineScript(
  'find-passkey-by-credential',
  `
local ref = redis.call('GET', KEYS[1])
if not ref then return {} end
local userId, passkeyId = string.match(ref, '^(.+):([^:]+)$')
if not userId then return {} end
local base = ARGV[1] .. userId
return {userId, passkeyId, redis.call('HGETALL', base .. ARGV[3] .. passkeyId), redis.call('HGETALL', base .. ARGV[2])}
`,
);

/**
 * Records a sign-in with a passkey: its new signature counter and last use. The counter check is
 * repeated here, atomically, so that two sign-ins racing with the same counter cannot both pass
 * (the library's check reads a counter that may be stale by then). A counter that does not go up
 * — when the authenticator keeps one at all (non-zero) — means a cloned authenticator or a replay.
 * KEYS: passkey. ARGV: credential id, counter, now. → 'ok' | 'missing' | 'replayed'
 */
export const usePasskeyScript = defineScript(
  'use-passkey',
  `
local fields = redis.call('HMGET', KEYS[1], 'cid', 'ctr')
if fields[1] ~= ARGV[1] then return 'missing' end
local stored, presented = tonumber(fields[2]) or 0, tonumber(ARGV[2])
if (stored > 0 or presented > 0) and presented <= stored then return 'replayed' end
redis.call('HSET', KEYS[1], 'ctr', ARGV[2], 'used', ARGV[3])
return 'ok'
`,
);
