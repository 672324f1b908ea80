import { defineScript } from '../store/define-script.ts';
import { statusReply, text } from '../store/reply.ts';
import { ACTOR_ARGS, actorContext, actorGuard, bumpedPv, keyFrom, ORG_KEYS } from './org-lua.ts';

/*
 * The role-names hash maps each custom role's name key (role-name-key.ts: the confusable skeleton
 * of the case-folded name) to its id, so that checking a name and claiming it are one step.
 */

/** Drops the name key(s) of a role, found by id: keys written by earlier releases included. */
const releaseName = `
local function releaseName(namesKey, roleId)
  local names = redis.call('HGETALL', namesKey)
  for i = 1, #names, 2 do
    if names[i + 1] == roleId then redis.call('HDEL', namesKey, names[i]) end
  end
end
`;

/**
 * Creates a custom role `roleId` with its serialised definition `def`, claiming its name key; at
 * most `maxRoles` per org.
 */
export const createRoleScript = defineScript({
  name: 'role-create',
  keys: [...ORG_KEYS, 'roleNames'],
  args: [...ACTOR_ARGS, 'roleId', 'def', 'nameKey', 'name', 'maxRoles'],
  reply: statusReply({ ok: {}, stale: {}, 'name-taken': {}, limit: {} }),
  lua: `${actorContext}${actorGuard}
if redis.call('HEXISTS', roleNamesKey, nameKey) == 1 then return {'name-taken'} end
if redis.call('HLEN', rolesKey) >= tonumber(maxRoles) then return {'limit'} end
redis.call('HSET', rolesKey, roleId, def)
redis.call('HSET', roleNamesKey, nameKey, roleId)
audit('role.created', roleId, {'name', name})
return {'ok'}
`,
});

/**
 * Replaces a custom role's definition if it is still the one the Worker checked (`expected`), and
 * moves every holder's permissions version on (their grants just changed).
 */
export const updateRoleScript = defineScript({
  name: 'role-update',
  keys: [...ORG_KEYS, 'roleNames'],
  args: [...ACTOR_ARGS, 'roleId', 'expected', 'def', 'nameKey', 'name', 'userPrefix', 'userSuffix'],
  reply: statusReply({ ok: { actorPv: bumpedPv }, missing: {}, stale: {}, 'name-taken': {} }),
  lua: `${actorContext}${keyFrom}${releaseName}${actorGuard}
local stored = redis.call('HGET', rolesKey, roleId)
if not stored then return {'missing'} end
if stored ~= expected then return {'stale'} end
local holder = redis.call('HGET', roleNamesKey, nameKey)
if holder and holder ~= roleId then return {'name-taken'} end
if not holder then
  releaseName(roleNamesKey, roleId)
  redis.call('HSET', roleNamesKey, nameKey, roleId)
end
redis.call('HSET', rolesKey, roleId, def)
local actorPv = 0
local members = redis.call('HGETALL', membersKey)
for i = 1, #members, 2 do
  if members[i + 1] == roleId then
    local pv = bumpPv(keyFrom(userPrefix, members[i], userSuffix))
    if members[i] == actor and pv then actorPv = pv end
  end
end
audit('role.updated', roleId, {'name', name})
return {'ok', actorPv}
`,
});

/** Deletes a custom role nobody holds and no pending invitation offers, if it is still `expected`. */
export const deleteRoleScript = defineScript({
  name: 'role-delete',
  keys: [...ORG_KEYS, 'roleNames', 'invitations'],
  args: [...ACTOR_ARGS, 'roleId', 'expected', 'name', 'invitationPrefix', 'invitationSuffix'],
  reply: statusReply({ ok: {}, missing: {}, stale: {}, 'in-use': { by: text } }),
  lua: `${actorContext}${keyFrom}${releaseName}${actorGuard}
local stored = redis.call('HGET', rolesKey, roleId)
if not stored then return {'missing'} end
if stored ~= expected then return {'stale'} end
for _, role in ipairs(redis.call('HVALS', membersKey)) do
  if role == roleId then return {'in-use', 'members'} end
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', invitationsKey, '(' .. nowText, '+inf')) do
  if redis.call('HGET', keyFrom(invitationPrefix, id, invitationSuffix), 'role') == roleId then return {'in-use', 'invitations'} end
end
redis.call('HDEL', rolesKey, roleId)
releaseName(roleNamesKey, roleId)
audit('role.deleted', roleId, {'name', name})
return {'ok'}
`,
});
