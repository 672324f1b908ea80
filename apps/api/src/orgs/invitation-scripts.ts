import { defineScript } from '../store/define-script.ts';
import { list, recordReply, statusReply, text } from '../store/reply.ts';
import { ACTOR_ARGS, actorContext, actorGuard, bumpedPv, keyFrom, ORG_KEYS } from './org-lua.ts';

/**
 * An invitation is a hash (id email role invitedBy createdAt expiresAt tokenHash) that expires
 * with the link, listed in a sorted set scored by expiresAt. Expired entries are pruned here; the
 * clock checks use the API's time, the key TTL only collects garbage. `existingUser` is the id of
 * the account with that email ('' if none).
 */
export const createInvitationScript = defineScript({
  name: 'invitation-create',
  keys: [...ORG_KEYS, 'invitations', 'invitation'],
  args: [
    ...ACTOR_ARGS,
    'id',
    'email',
    'role',
    'roleDef',
    'hash',
    'expiresAt',
    'maxPending',
    'invitationPrefix',
    'invitationSuffix',
    'existingUser',
  ],
  reply: statusReply({ ok: { replaced: text }, stale: {}, member: {}, limit: {} }),
  lua: `${actorContext}${keyFrom}${actorGuard}
if not roleIs(role, roleDef) then return {'stale'} end
if existingUser ~= '' and redis.call('HEXISTS', membersKey, existingUser) == 1 then return {'member'} end
for _, old in ipairs(redis.call('ZRANGEBYSCORE', invitationsKey, '-inf', nowText)) do
  redis.call('DEL', keyFrom(invitationPrefix, old, invitationSuffix))
  redis.call('ZREM', invitationsKey, old)
end
-- One live link per address: inviting again replaces the pending invitation (a resend).
local replaced = ''
for _, old in ipairs(redis.call('ZRANGE', invitationsKey, 0, -1)) do
  local oldEmail = redis.call('HGET', keyFrom(invitationPrefix, old, invitationSuffix), 'email')
  if not oldEmail then
    redis.call('ZREM', invitationsKey, old)
  elseif oldEmail == email then
    redis.call('DEL', keyFrom(invitationPrefix, old, invitationSuffix))
    redis.call('ZREM', invitationsKey, old)
    replaced = old
    audit('invitation.revoked', old, {'email', email, 'replacedBy', id})
  end
end
if redis.call('ZCARD', invitationsKey) >= tonumber(maxPending) then return {'limit'} end
redis.call('HSET', invitationKey, 'id', id, 'email', email, 'role', role, 'invitedBy', actor, 'createdAt', nowText,
  'expiresAt', expiresAt, 'tokenHash', hash)
-- A duration from the API's clock, not PEXPIREAT: Redis's clock may differ from the API's.
redis.call('PEXPIRE', invitationKey, tonumber(expiresAt) - now)
redis.call('ZADD', invitationsKey, expiresAt, id)
audit('invitation.created', id, {'email', email, 'role', role})
return {'ok', replaced}
`,
});

/** Revokes a pending invitation; 'missing' when there is none by that id (or it expired). */
export const revokeInvitationScript = defineScript({
  name: 'invitation-revoke',
  keys: [...ORG_KEYS, 'invitations', 'invitation'],
  args: [...ACTOR_ARGS, 'id'],
  reply: statusReply({ ok: {}, stale: {}, missing: {} }),
  lua: `${actorContext}${actorGuard}
local inv = redis.call('HMGET', invitationKey, 'email', 'expiresAt')
redis.call('ZREM', invitationsKey, id)
if not inv[1] then return {'missing'} end
redis.call('DEL', invitationKey)
if now >= tonumber(inv[2]) then return {'missing'} end
audit('invitation.revoked', id, {'email', inv[1]})
return {'ok'}
`,
});

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
 * What accepting needs to judge the inviter's authority: their current role ('' if not a member)
 * and the invited one, with the stored definitions (the accept script re-checks them); {} when
 * there is no such invitation.
 */
export const inviterStandingScript = defineScript({
  name: 'invitation-inviter-standing',
  keys: ['invitation', 'members', 'roles'],
  args: [],
  reply: recordReply({ inviterRole: text, inviterDef: text, invitedRole: text, invitedDef: text }),
  lua: `
local inv = redis.call('HMGET', invitationKey, 'invitedBy', 'role')
if not inv[1] then return {} end
local inviterRole = redis.call('HGET', membersKey, inv[1]) or ''
local inviterDef = inviterRole ~= '' and redis.call('HGET', rolesKey, inviterRole) or ''
return {inviterRole, inviterDef, inv[2], redis.call('HGET', rolesKey, inv[2]) or ''}
`,
});

/** The distinct roles (with stored definitions) offered by an inviter's pending invitations. → {roleId, def, ...} */
export const sentRolesScript = defineScript({
  name: 'invitation-sent-roles',
  keys: ['invitations', 'roles'],
  args: ['now', 'invitationPrefix', 'invitationSuffix', 'inviter'],
  reply: list,
  lua: `${keyFrom}
local seen, out = {}, {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', invitationsKey, '(' .. now, '+inf')) do
  local inv = redis.call('HMGET', keyFrom(invitationPrefix, id, invitationSuffix), 'invitedBy', 'role')
  if inv[1] == inviter and not seen[inv[2]] then
    seen[inv[2]] = true
    out[#out + 1] = inv[2]
    out[#out + 1] = redis.call('HGET', rolesKey, inv[2]) or ''
  end
end
return {unpack(out)}
`,
});

/**
 * Single use: the invitation is deleted in the same step that adds the member. The accepting
 * account must hold the invited address; a wrong account leaves the invitation untouched. The
 * invitation is worth no more than its inviter's authority now: the Worker judged it (see
 * inviter-authority.ts) on the roles as it read them — `inviterRole` and its `inviterDef`, the
 * invited role's `invitedDef`, and `mayInvite` ('1' if the inviter may send it) — and the script
 * refuses with 'stale' if any of them changed since; an inviter who may no longer send it gets it
 * revoked. The actor's role is '' (not a member yet).
 */
export const acceptInvitationScript = defineScript({
  name: 'invitation-accept',
  keys: [...ORG_KEYS, 'org', 'joined', 'invitations', 'invitation', 'userOrgs', 'userOrgNames', 'user'],
  args: [
    ...ACTOR_ARGS,
    'id',
    'hash',
    'email',
    'maxOrgs',
    'maxMembers',
    'orgId',
    'inviterRole',
    'inviterDef',
    'invitedDef',
    'mayInvite',
  ],
  reply: statusReply({
    ok: { pv: bumpedPv, role: text, orgName: text, orgCreatedAt: text, orgRequireMfa: text },
    missing: {},
    expired: {},
    'wrong-email': {},
    stale: {},
    revoked: {},
    member: {},
    limit: {},
    full: {},
  }),
  lua: `${actorContext}
local inv = redis.call('HMGET', invitationKey, 'tokenHash', 'email', 'role', 'expiresAt', 'invitedBy')
-- Both sides are SHA-256 of 256 random bits: an early-exit comparison reveals nothing usable.
if not inv[1] or inv[1] ~= hash then return {'missing'} end
if now >= tonumber(inv[4]) then
  redis.call('DEL', invitationKey)
  redis.call('ZREM', invitationsKey, id)
  return {'expired'}
end
if inv[2] ~= email then return {'wrong-email'} end
if (redis.call('HGET', membersKey, inv[5]) or '') ~= inviterRole or not roleIs(inviterRole, inviterDef)
  or not roleIs(inv[3], invitedDef) then
  return {'stale'}
end
if mayInvite ~= '1' then
  redis.call('DEL', invitationKey)
  redis.call('ZREM', invitationsKey, id)
  audit('invitation.revoked', id, {'email', inv[2], 'reason', 'inviter-lost-authority', 'invitedBy', inv[5]})
  return {'revoked'}
end
if redis.call('HEXISTS', membersKey, actor) == 1 then return {'member'} end
local org = redis.call('HMGET', orgKey, 'name', 'createdAt', 'requireMfa')
if not org[1] then return {'missing'} end
if redis.call('HLEN', userOrgsKey) >= tonumber(maxOrgs) then return {'limit'} end
if redis.call('HLEN', membersKey) >= tonumber(maxMembers) then return {'full'} end
local role = inv[3]
redis.call('DEL', invitationKey)
redis.call('ZREM', invitationsKey, id)
redis.call('HSET', membersKey, actor, role)
redis.call('ZADD', joinedKey, now, actor)
redis.call('HSET', userOrgsKey, orgId, role)
redis.call('HSET', userOrgNamesKey, orgId, org[1])
local pv = bumpPv(userKey)
audit('member.added', actor, {'role', role, 'invitation', id, 'invitedBy', inv[5]})
return {'ok', pv or 0, role, org[1], org[2], org[3] or '0'}
`,
});

/** Pending invitations (not yet expired by the API's clock). → { {field, value, ...}, ... } */
export const listInvitationsScript = defineScript({
  name: 'invitation-list',
  keys: ['invitations'],
  args: ['now', 'invitationPrefix', 'invitationSuffix'],
  reply: list,
  lua: `${keyFrom}
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', invitationsKey, '(' .. now, '+inf')) do
  local row = redis.call('HGETALL', keyFrom(invitationPrefix, id, invitationSuffix))
  if #row > 0 then out[#out + 1] = row end
end
-- Rebuilt by a constructor: the embedded backend cannot return a table grown by assignment.
return {unpack(out)}
`,
});

/**
 * What the invitation landing page shows, for whoever holds the token: the invitation, its org's
 * name and the invited role's stored definition ('' for a built-in role). {} when the token is
 * not the live one of a pending invitation (unknown, used, withdrawn, replaced or expired).
 */
export const previewInvitationScript = defineScript({
  name: 'invitation-preview',
  keys: ['invitation', 'org', 'roles'],
  args: ['hash', 'now'],
  reply: recordReply({ email: text, role: text, invitedBy: text, expiresAt: text, orgName: text, roleDef: text }),
  lua: `
local inv = redis.call('HMGET', invitationKey, 'tokenHash', 'email', 'role', 'invitedBy', 'expiresAt')
if not inv[1] or inv[1] ~= hash or tonumber(now) >= tonumber(inv[5]) then return {} end
local orgName = redis.call('HGET', orgKey, 'name')
if not orgName then return {} end
return {inv[2], inv[3], inv[4], inv[5], orgName, redis.call('HGET', rolesKey, inv[3]) or ''}
`,
});

/**
 * Declining by the token alone (it proves control of the invited mailbox, as accepting does):
 * the invitation is deleted and the refusal audited, with no actor account ('' — the invitee may
 * have none). → {'ok'} | {'missing'} (not the live token of a pending invitation)
 */
export const declineInvitationScript = defineScript({
  name: 'invitation-decline',
  keys: [...ORG_KEYS, 'invitations', 'invitation'],
  args: [...ACTOR_ARGS, 'id', 'hash'],
  reply: statusReply({ ok: {}, missing: {} }),
  lua: `${actorContext}
local inv = redis.call('HMGET', invitationKey, 'tokenHash', 'email', 'expiresAt', 'role')
if not inv[1] or inv[1] ~= hash then return {'missing'} end
redis.call('DEL', invitationKey)
redis.call('ZREM', invitationsKey, id)
if now >= tonumber(inv[3]) then return {'missing'} end
audit('invitation.declined', id, {'email', inv[2], 'role', inv[4]})
return {'ok'}
`,
});

/**
 * A resend: the pending invitation gets a new id and token (the old link dies in the same step),
 * a new expiry, and the resender as its inviter — their authority is what now vouches for it. The
 * Worker read the invitation's role as `role` and judged it with `roleDef`; a changed invitation
 * or role is 'stale'. → {'ok', email, createdAt} | {'missing'} | {'stale'}
 */
export const resendInvitationScript = defineScript({
  name: 'invitation-resend',
  keys: [...ORG_KEYS, 'invitations', 'invitation', 'replacement'],
  args: [...ACTOR_ARGS, 'id', 'newId', 'role', 'roleDef', 'hash', 'expiresAt'],
  reply: statusReply({ ok: { email: text }, missing: {}, stale: {} }),
  lua: `${actorContext}${actorGuard}
local inv = redis.call('HMGET', invitationKey, 'email', 'role', 'expiresAt')
if not inv[1] or now >= tonumber(inv[3]) then return {'missing'} end
if inv[2] ~= role or not roleIs(role, roleDef) then return {'stale'} end
redis.call('DEL', invitationKey)
redis.call('ZREM', invitationsKey, id)
redis.call('HSET', replacementKey, 'id', newId, 'email', inv[1], 'role', role, 'invitedBy', actor,
  'createdAt', nowText, 'expiresAt', expiresAt, 'tokenHash', hash)
redis.call('PEXPIRE', replacementKey, tonumber(expiresAt) - now)
redis.call('ZADD', invitationsKey, expiresAt, newId)
audit('invitation.resent', newId, {'email', inv[1], 'role', role, 'replaces', id})
return {'ok', inv[1]}
`,
});
