import { defineScript } from '../store/store.ts';
import { actorContext, actorGuard } from './org-lua.ts';

/**
 * The target's role is re-checked against what the Worker read (it authorised the change against
 * that role), and the owner count is taken in the same step as the change: two owners demoting
 * each other at once leave one owner, never zero.
 */
const targetChecks = `
local target, expectedRole, expectedDef = ARGV[7], ARGV[8], ARGV[9]
local current = redis.call('HGET', membersKey, target)
if not current then return {'missing'} end
if current ~= expectedRole or not roleIs(current, expectedDef) then return {'stale'} end
`;

/**
 * KEYS: members, roles, audit, target user orgs, target user.
 * ARGV: actor context, target, expected role, expected role def, new role, new role def, orgId.
 * → {'ok', targetPv} | {'missing'} | {'stale'} | {'last-owner'}
 */
export const changeMemberRoleScript = defineScript(
  'member-change-role',
  `${actorContext}${actorGuard}${targetChecks}
local newRole, newDef, orgId = ARGV[10], ARGV[11], ARGV[12]
if not roleIs(newRole, newDef) then return {'stale'} end
if current == newRole then return {'ok', 0} end
if current == 'owner' and countOwners() <= 1 then return {'last-owner'} end
redis.call('HSET', membersKey, target, newRole)
redis.call('HSET', KEYS[4], orgId, newRole)
local pv = bumpPv(KEYS[5])
audit('member.updated', target, {'from', current, 'to', newRole})
return {'ok', pv or 0}
`,
);

/**
 * KEYS: members, roles, audit, joined, target user orgs, target user org names, target user.
 * ARGV: actor context, target, expected role, expected role def, orgId, action.
 * → {'ok', targetPv} | {'missing'} | {'stale'} | {'last-owner'}
 */
export const removeMemberScript = defineScript(
  'member-remove',
  `${actorContext}${actorGuard}${targetChecks}
local orgId, action = ARGV[10], ARGV[11]
if current == 'owner' and countOwners() <= 1 then return {'last-owner'} end
redis.call('HDEL', membersKey, target)
redis.call('ZREM', KEYS[4], target)
redis.call('HDEL', KEYS[5], orgId)
redis.call('HDEL', KEYS[6], orgId)
local pv = bumpPv(KEYS[7])
audit(action, target, {'role', current})
return {'ok', pv or 0}
`,
);

/** KEYS: members, roles. ARGV: user id. → {roleId, roleDef} | {} (not a member). */
export const memberRoleScript = defineScript(
  'member-role',
  `
local role = redis.call('HGET', KEYS[1], ARGV[1])
if not role then return {} end
return {role, redis.call('HGET', KEYS[2], role) or ''}
`,
);
