import { defineScript } from '../store/store.ts';
import { actorContext, actorGuard, keyFrom } from './org-lua.ts';

/**
 * KEYS: members, roles, audit, org, joined, user orgs, user org names, user.
 * ARGV: actor context (org-lua.ts), orgId, name, max orgs per user.
 * → {'ok', pv} | {'limit'} | {'exists'}
 */
export const createOrgScript = defineScript(
  'org-create',
  `${actorContext}
local orgId, name = ARGV[7], ARGV[8]
if redis.call('HLEN', KEYS[6]) >= tonumber(ARGV[9]) then return {'limit'} end
if redis.call('EXISTS', KEYS[4]) == 1 then return {'exists'} end
redis.call('HSET', KEYS[4], 'id', orgId, 'name', name, 'createdAt', nowText, 'createdBy', actor)
redis.call('HSET', membersKey, actor, 'owner')
redis.call('ZADD', KEYS[5], now, actor)
redis.call('HSET', KEYS[6], orgId, 'owner')
redis.call('HSET', KEYS[7], orgId, name)
local pv = bumpPv(KEYS[8])
audit('org.created', orgId, {'name', name})
return {'ok', pv or 0}
`,
);

/**
 * Renames the org and every member's copy of the name (user org names), so /me stays one read.
 * KEYS: members, roles, audit, org. ARGV: actor context, orgId, name, user-org-names template (2).
 * → {'ok'} | {'stale'}
 */
export const renameOrgScript = defineScript(
  'org-rename',
  `${actorContext}${keyFrom}${actorGuard}
local orgId, name = ARGV[7], ARGV[8]
redis.call('HSET', KEYS[4], 'name', name)
for _, member in ipairs(redis.call('HKEYS', membersKey)) do
  redis.call('HSET', keyFrom(ARGV[9], member, ARGV[10]), orgId, name)
end
audit('org.updated', orgId, {'name', name})
return {'ok'}
`,
);

/**
 * Turns the org's MFA policy on ('1') or off ('0'); audited only when it changes.
 * KEYS: members, roles, audit, org. ARGV: actor context, orgId, value. → {'ok'} | {'stale'}
 */
export const setRequireMfaScript = defineScript(
  'org-require-mfa',
  `${actorContext}${actorGuard}
local orgId, value = ARGV[7], ARGV[8]
if (redis.call('HGET', KEYS[4], 'requireMfa') or '0') == value then return {'ok'} end
redis.call('HSET', KEYS[4], 'requireMfa', value)
audit('org.updated', orgId, {'requireMfa', value == '1' and 'true' or 'false'})
return {'ok'}
`,
);

/**
 * Deletes the org and everything in it, and takes it off every member's list (their permissions
 * version moves on). The audit stream goes with it: nothing could read it any more.
 * KEYS: members, roles, audit, org, joined, role names, invitations, posts.
 * ARGV: actor context, orgId, then templates (2 each): user, user orgs, user org names,
 * invitation, post, posts-by-author.
 * → {'ok', actorPv} | {'stale'}
 */
export const deleteOrgScript = defineScript(
  'org-delete',
  `${actorContext}${keyFrom}${actorGuard}
local orgId = ARGV[7]
local actorPv = 0
for _, member in ipairs(redis.call('HKEYS', membersKey)) do
  redis.call('HDEL', keyFrom(ARGV[10], member, ARGV[11]), orgId)
  redis.call('HDEL', keyFrom(ARGV[12], member, ARGV[13]), orgId)
  local pv = bumpPv(keyFrom(ARGV[8], member, ARGV[9]))
  if member == actor and pv then actorPv = pv end
end
for _, id in ipairs(redis.call('ZRANGE', KEYS[7], 0, -1)) do
  redis.call('DEL', keyFrom(ARGV[14], id, ARGV[15]))
end
local authors = {}
for _, entry in ipairs(redis.call('ZRANGE', KEYS[8], 0, -1)) do
  local postKey = keyFrom(ARGV[16], string.match(entry, ':([^:]+)$'), ARGV[17])
  local author = redis.call('HGET', postKey, 'authorId')
  if author then authors[author] = true end
  redis.call('DEL', postKey)
end
for author in pairs(authors) do
  redis.call('DEL', keyFrom(ARGV[18], author, ARGV[19]))
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8])
return {'ok', actorPv}
`,
);

/**
 * A user's orgs and permissions version in one atomic read (same slot), so /me never pairs a new
 * version with an old list.
 * KEYS: user orgs, user org names, user. → {orgsFlat, namesFlat, stored platform role, pv, verified}
 */
export const membershipsScript = defineScript(
  'user-orgs',
  `
local user = redis.call('HMGET', KEYS[3], 'role', 'pv', 'verified')
return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]), user[1] or '', user[2] or '', user[3] or ''}
`,
);
