import { defineScript } from '../store/store.ts';
import { actorContext, actorGuard, keyFrom } from './org-lua.ts';

/**
 * KEYS: members, roles, audit, role names. ARGV: actor context, roleId, definition, folded name,
 * name, max custom roles. → {'ok'} | {'stale'} | {'name-taken'} | {'limit'}
 */
export const createRoleScript = defineScript(
  'role-create',
  `${actorContext}${actorGuard}
local roleId, def, folded, name = ARGV[7], ARGV[8], ARGV[9], ARGV[10]
if redis.call('HEXISTS', KEYS[4], folded) == 1 then return {'name-taken'} end
if redis.call('HLEN', rolesKey) >= tonumber(ARGV[11]) then return {'limit'} end
redis.call('HSET', rolesKey, roleId, def)
redis.call('HSET', KEYS[4], folded, roleId)
audit('role.created', roleId, {'name', name})
return {'ok'}
`,
);

/**
 * Replaces a custom role's definition if it is still the one the Worker checked, and moves every
 * holder's permissions version on (their grants just changed).
 * KEYS: members, roles, audit, role names. ARGV: actor context, roleId, expected definition, new
 * definition, old folded name, new folded name, new name, user template (2).
 * → {'ok', actorPv} | {'missing'} | {'stale'} | {'name-taken'}
 */
export const updateRoleScript = defineScript(
  'role-update',
  `${actorContext}${keyFrom}${actorGuard}
local roleId, expected, def, oldFolded, folded, name = ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12]
local stored = redis.call('HGET', rolesKey, roleId)
if not stored then return {'missing'} end
if stored ~= expected then return {'stale'} end
if folded ~= oldFolded then
  if redis.call('HEXISTS', KEYS[4], folded) == 1 then return {'name-taken'} end
  redis.call('HDEL', KEYS[4], oldFolded)
  redis.call('HSET', KEYS[4], folded, roleId)
end
redis.call('HSET', rolesKey, roleId, def)
local actorPv = 0
local members = redis.call('HGETALL', membersKey)
for i = 1, #members, 2 do
  if members[i + 1] == roleId then
    local pv = bumpPv(keyFrom(ARGV[13], members[i], ARGV[14]))
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
 * definition, folded name, name, invitation template (2).
 * → {'ok'} | {'missing'} | {'stale'} | {'in-use', 'members' | 'invitations'}
 */
export const deleteRoleScript = defineScript(
  'role-delete',
  `${actorContext}${keyFrom}${actorGuard}
local roleId, expected, folded, name = ARGV[7], ARGV[8], ARGV[9], ARGV[10]
local stored = redis.call('HGET', rolesKey, roleId)
if not stored then return {'missing'} end
if stored ~= expected then return {'stale'} end
for _, role in ipairs(redis.call('HVALS', membersKey)) do
  if role == roleId then return {'in-use', 'members'} end
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[5], '(' .. nowText, '+inf')) do
  if redis.call('HGET', keyFrom(ARGV[11], id, ARGV[12]), 'role') == roleId then return {'in-use', 'invitations'} end
end
redis.call('HDEL', rolesKey, roleId)
redis.call('HDEL', KEYS[4], folded)
audit('role.deleted', roleId, {'name', name})
return {'ok'}
`,
);
