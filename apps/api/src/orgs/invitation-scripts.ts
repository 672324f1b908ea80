import { defineScript } from '../store/store.ts';
import { actorContext, actorGuard, keyFrom } from './org-lua.ts';

/**
 * An invitation is a hash (id email role invitedBy createdAt expiresAt tokenHash) that expires
 * with the link, listed in a sorted set scored by expiresAt. Expired entries are pruned here; the
 * clock checks use the API's time, the key TTL only collects garbage.
 *
 * KEYS: members, roles, audit, invitations, new invitation.
 * ARGV: actor context, id, email, role, role def, token hash, expiresAt, max pending, invitation
 * template (2), user id of the email ('' if no account).
 * → {'ok', replacedId} | {'stale'} | {'member'} | {'limit'}
 */
export const createInvitationScript = defineScript(
  'invitation-create',
  `${actorContext}${keyFrom}${actorGuard}
local id, email, role, roleDef, hash, expiresAt = ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12]
local prefix, suffix, existingUser = ARGV[14], ARGV[15], ARGV[16]
if not roleIs(role, roleDef) then return {'stale'} end
if existingUser ~= '' and redis.call('HEXISTS', membersKey, existingUser) == 1 then return {'member'} end
for _, old in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', nowText)) do
  redis.call('DEL', keyFrom(prefix, old, suffix))
  redis.call('ZREM', KEYS[4], old)
end
-- One live link per address: inviting again replaces the pending invitation (a resend).
local replaced = ''
for _, old in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
  local oldEmail = redis.call('HGET', keyFrom(prefix, old, suffix), 'email')
  if not oldEmail then
    redis.call('ZREM', KEYS[4], old)
  elseif oldEmail == email then
    redis.call('DEL', keyFrom(prefix, old, suffix))
    redis.call('ZREM', KEYS[4], old)
    replaced = old
    audit('invitation.revoked', old, {'email', email, 'replacedBy', id})
  end
end
if redis.call('ZCARD', KEYS[4]) >= tonumber(ARGV[13]) then return {'limit'} end
redis.call('HSET', KEYS[5], 'id', id, 'email', email, 'role', role, 'invitedBy', actor, 'createdAt', nowText,
  'expiresAt', expiresAt, 'tokenHash', hash)
-- A duration from the API's clock, not PEXPIREAT: Redis's clock may differ from the API's.
redis.call('PEXPIRE', KEYS[5], tonumber(expiresAt) - now)
redis.call('ZADD', KEYS[4], expiresAt, id)
audit('invitation.created', id, {'email', email, 'role', role})
return {'ok', replaced}
`,
);

/**
 * KEYS: members, roles, audit, invitations, invitation. ARGV: actor context, id.
 * → {'ok'} | {'stale'} | {'missing'}
 */
export const revokeInvitationScript = defineScript(
  'invitation-revoke',
  `${actorContext}${actorGuard}
local id = ARGV[7]
local inv = redis.call('HMGET', KEYS[5], 'email', 'expiresAt')
redis.call('ZREM', KEYS[4], id)
if not inv[1] then return {'missing'} end
redis.call('DEL', KEYS[5])
if now >= tonumber(inv[2]) then return {'missing'} end
audit('invitation.revoked', id, {'email', inv[1]})
return {'ok'}
`,
);

/**
 * Single use: the invitation is deleted in the same step that adds the member. The accepting
 * account must hold the invited address; a wrong account leaves the invitation untouched.
 *
 * KEYS: members, roles, audit, org, joined, invitations, invitation, user orgs, user org names, user.
 * ARGV: actor context (role ''), id, token hash, email, max orgs per user, max members, orgId.
 * → {'ok', pv, role, orgName, orgCreatedAt} | {'missing'} | {'expired'} | {'wrong-email'} | {'member'} | {'limit'}
 *   | {'full'}
 */
export const acceptInvitationScript = defineScript(
  'invitation-accept',
  `${actorContext}
local id, hash, email, orgId = ARGV[7], ARGV[8], ARGV[9], ARGV[12]
local inv = redis.call('HMGET', KEYS[7], 'tokenHash', 'email', 'role', 'expiresAt', 'invitedBy')
-- Both sides are SHA-256 of 256 random bits: an early-exit comparison reveals nothing usable.
if not inv[1] or inv[1] ~= hash then return {'missing'} end
if now >= tonumber(inv[4]) then
  redis.call('DEL', KEYS[7])
  redis.call('ZREM', KEYS[6], id)
  return {'expired'}
end
if inv[2] ~= email then return {'wrong-email'} end
if redis.call('HEXISTS', membersKey, actor) == 1 then return {'member'} end
local org = redis.call('HMGET', KEYS[4], 'name', 'createdAt')
if not org[1] then return {'missing'} end
if redis.call('HLEN', KEYS[8]) >= tonumber(ARGV[10]) then return {'limit'} end
if redis.call('HLEN', membersKey) >= tonumber(ARGV[11]) then return {'full'} end
local role = inv[3]
redis.call('DEL', KEYS[7])
redis.call('ZREM', KEYS[6], id)
redis.call('HSET', membersKey, actor, role)
redis.call('ZADD', KEYS[5], now, actor)
redis.call('HSET', KEYS[8], orgId, role)
redis.call('HSET', KEYS[9], orgId, org[1])
local pv = bumpPv(KEYS[10])
audit('member.added', actor, {'role', role, 'invitation', id, 'invitedBy', inv[5]})
return {'ok', pv or 0, role, org[1], org[2]}
`,
);

/**
 * Pending invitations (not yet expired by the API's clock).
 * KEYS: invitations. ARGV: now, invitation template (2). → { {field, value, ...}, ... }
 */
export const listInvitationsScript = defineScript(
  'invitation-list',
  `${keyFrom}
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf')) do
  local row = redis.call('HGETALL', keyFrom(ARGV[2], id, ARGV[3]))
  if #row > 0 then out[#out + 1] = row end
end
-- Rebuilt by a constructor: the embedded backend cannot return a table grown by assignment.
return {unpack(out)}
`,
);
