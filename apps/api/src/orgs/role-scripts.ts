import { defineScript } from '../store/store.ts';
import { actorContext, actorGuard, keyFrom } from './org-lua.ts';

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
 * KEYS: members, roles, audit, role names. ARGV: actor context, roleId, definition, name key,
 * name, max custom roles. → {'ok'} | {'stale'} | {'name-taken'} | {'limit'}
 */
export const createRoleScript = defineScript(
  'role-create',
  `${actorContext}${actorGuard}
local roleId, def, nameKey, name = ARGV[7], ARGV[8], ARGV[9], ARGV[10]
if redis.call('HEXISTS', KEYS[4], nameKey) == 1 then return {'name-taken'} end
if redis.call('HLEN', rolesKey) >= tonumber(ARGV[11]) then return {'limit'} end
redis.call('HSET', rolesKey, roleId, def)
redis.call('HSET', KEYS[4], nameKey, roleId)
audit('role.created', roleId, {'name', name})
return {'ok'}
`,
);

/**
 * Replaces a custom role's definition if it is still the one the Worker checked, and moves every
 * holder's permissions version on (their grants just changed).
 * KEYS: members, roles, audit, role names. ARGV: actor context, roleId, expected definition, new
 * definition, new name key, new name, user template (2).
 * → {'ok', actorPv} | {'missing'} | {'stale'} | {'name-taken'}
 */
export const updateRoleScript = defineScript(
  'role-update',
  `${actorContext}${keyFrom}${releaseName}${actorGuard}
local roleId, expected, def, nameKey, name = ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11]
local stored = redis.call('HGET', rolesKey, roleId)
if not stored then return {'missing'} end
if stored ~= expected then return {'stale'} end
local holder = redis.call('HGET', KEYS[4], nameKey)
if holder and holder ~= roleId then return {'name-taken'} end
if not holder then
  releaseName(KEYS[4], roleId)
  redis.call('HSET', KEYS[4], nameKey, roleId)
end
redis.call('HSET', rolesKey, roleId, def)
local actorPv = 0
local members = redis.call('HGETALL', membersKey)
for i = 1, #members, 2 do
  if members[i + 1] == roleId then
    local pv = bumpPv(keyFrom(ARGV[12], members[i], ARGV[13]))
    if members[i] == actor and pv then actorPv = pv end
  end
end
audit('role.updated', roleId, {'name', name})
return {'ok', actorPv}
`,
);

/**
 * Deletes a custom role nobody holds and no pending invitation offers.
 * KEYS: members, roles, audit, role names, invitations. ARGV: actor context, roleId, expected
 * definition, name, invitation template (2).
 * → {'ok'} | {'missing'} | {'stale'} | {'in-use', 'members' | 'invitations'}
 */
export const deleteRoleScript = defineScript(
  'role-delete',
  `${actorContext}${keyFrom}${releaseName}${actorGuard}
local roleId, expected, name = ARGV[7], ARGV[8], ARGV[9]
local stored = redis.call('HGET', rolesKey, roleId)
if not stored then return {'missing'} end
if stored ~= expected then return {'stale'} end
for _, role in ipairs(redis.call('HVALS', membersKey)) do
  if role == roleId then return {'in-use', 'members'} end
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[5], '(' .. nowText, '+inf')) do
  if redis.call('HGET', keyFrom(ARGV[10], id, ARGV[11]), 'role') == roleId then return {'in-use', 'invitations'} end
end
redis.call('HDEL', rolesKey, roleId)
releaseName(KEYS[4], roleId)
audit('role.deleted', roleId, {'name', name})
return {'ok'}
`,
);
