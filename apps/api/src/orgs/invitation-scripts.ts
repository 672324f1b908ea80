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
 * Revoking the pending invitations an inviter could no longer send, in the script that took the
 * authority away (see inviter-authority.ts). `sentBy` only reads, so a script may still refuse
 * after calling it; `revokeSent` writes and audits.
 */
export const sentInvitations = `
local function sentBy(inviter, invitationsKey, prefix, suffix)
  local out = {}
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', invitationsKey, '(' .. nowText, '+inf')) do
    local inv = redis.call('HMGET', keyFrom(prefix, id, suffix), 'invitedBy', 'role', 'email')
    if inv[1] == inviter then out[#out + 1] = {id, inv[2], inv[3]} end
  end
  return out
end

local function revokeSent(sent, invitationsKey, prefix, suffix)
  for _, inv in ipairs(sent) do
    redis.call('DEL', keyFrom(prefix, inv[1], suffix))
    redis.call('ZREM', invitationsKey, inv[1])
    audit('invitation.revoked', inv[1], {'email', inv[3], 'reason', 'inviter-lost-authority'})
  end
end
`;

/**
 * What accepting needs to judge the inviter's authority: their current role and the invited one,
 * with the stored definitions (the accept script re-checks them).
 * KEYS: invitation, members, roles. → {} | {inviterRole ('' if not a member), inviterDef, invitedRole, invitedDef}
 */
export const inviterStandingScript = defineScript(
  'invitation-inviter-standing',
  `
local inv = redis.call('HMGET', KEYS[1], 'invitedBy', 'role')
if not inv[1] then return {} end
local inviterRole = redis.call('HGET', KEYS[2], inv[1]) or ''
local inviterDef = inviterRole ~= '' and redis.call('HGET', KEYS[3], inviterRole) or ''
return {inviterRole, inviterDef, inv[2], redis.call('HGET', KEYS[3], inv[2]) or ''}
`,
);

/**
 * The distinct roles (with stored definitions) offered by an inviter's pending invitations.
 * KEYS: invitations, roles. ARGV: now, invitation template (2), inviter. → {roleId, def, ...}
 */
export const sentRolesScript = defineScript(
  'invitation-sent-roles',
  `${keyFrom}
local seen, out = {}, {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[1], '+inf')) do
  local inv = redis.call('HMGET', keyFrom(ARGV[2], id, ARGV[3]), 'invitedBy', 'role')
  if inv[1] == ARGV[4] and not seen[inv[2]] then
    seen[inv[2]] = true
    out[#out + 1] = inv[2]
    out[#out + 1] = redis.call('HGET', KEYS[2], inv[2]) or ''
  end
end
return {unpack(out)}
`,
);

/**
 * Single use: the invitation is deleted in the same step that adds the member. The accepting
 * account must hold the invited address; a wrong account leaves the invitation untouched. The
 * invitation is worth no more than its inviter's authority now: the Worker judged it (see
 * inviter-authority.ts) on the roles as it read them, and the script refuses with 'stale' if
 * any of them changed since; an inviter who may no longer send it gets it revoked.
 *
 * KEYS: members, roles, audit, org, joined, invitations, invitation, user orgs, user org names, user.
 * ARGV: actor context (role ''), id, token hash, email, max orgs per user, max members, orgId,
 * inviter's role as read, its definition, invited role's definition, '1' if the inviter may send it.
 * → {'ok', pv, role, orgName, orgCreatedAt} | {'missing'} | {'expired'} | {'wrong-email'} | {'stale'}
 *   | {'revoked'} | {'member'} | {'limit'} | {'full'}
 */
export const acceptInvitationScript = defineScript(
  'invitation-accept',
  `${actorContext}
local id, hash, email, orgId = ARGV[7], ARGV[8], ARGV[9], ARGV[12]
local inviterRole, inviterDef, invitedDef, mayInvite = ARGV[13], ARGV[14], ARGV[15], ARGV[16]
local inv = redis.call('HMGET', KEYS[7], 'tokenHash', 'email', 'role', 'expiresAt', 'invitedBy')
-- Both sides are SHA-256 of 256 random bits: an early-exit comparison reveals nothing usable.
if not inv[1] or inv[1] ~= hash then return {'missing'} end
if now >= tonumber(inv[4]) then
  redis.call('DEL', KEYS[7])
  redis.call('ZREM', KEYS[6], id)
  return {'expired'}
end
if inv[2] ~= email then return {'wrong-email'} end
if (redis.call('HGET', membersKey, inv[5]) or '') ~= inviterRole or not roleIs(inviterRole, inviterDef)
  or not roleIs(inv[3], invitedDef) then
  return {'stale'}
end
if mayInvite ~= '1' then
  redis.call('DEL', KEYS[7])
  redis.call('ZREM', KEYS[6], id)
  audit('invitation.revoked', id, {'email', inv[2], 'reason', 'inviter-lost-authority', 'invitedBy', inv[5]})
  return {'revoked'}
end
if redis.call('HEXISTS', membersKey, actor) == 1 then return {'member'} end
local org = redis.call('HMGET', KEYS[4], 'name', 'createdAt', 'requireMfa')
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
return {'ok', pv or 0, role, org[1], org[2], org[3] or '0'}
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
