import { defineScript } from '../store/store.ts';
import { sentInvitations } from './invitation-scripts.ts';
import { actorContext, actorGuard, keyFrom } from './org-lua.ts';

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
 * The target's pending invitations go with the authority that sent them: the Worker judged, for
 * each role they offer, whether the new role may still send it (ARGV triples roleId, def, '1' |
 * '0'); an invitation whose role was not judged, or changed since, makes the change 'stale'.
 * KEYS: members, roles, audit, target user orgs, target user, invitations.
 * ARGV: actor context, target, expected role, expected role def, new role, new role def, orgId,
 * invitation template (2), judged roles (triples).
 * → {'ok', targetPv} | {'missing'} | {'stale'} | {'last-owner'}
 */
export const changeMemberRoleScript = defineScript(
  'member-change-role',
  `${actorContext}${keyFrom}${sentInvitations}${actorGuard}${targetChecks}
local newRole, newDef, orgId, prefix, suffix = ARGV[10], ARGV[11], ARGV[12], ARGV[13], ARGV[14]
if not roleIs(newRole, newDef) then return {'stale'} end
if current == newRole then return {'ok', 0} end
if current == 'owner' and countOwners() <= 1 then return {'last-owner'} end
local judged, lost = {}, {}
for i = 15, #ARGV, 3 do judged[ARGV[i]] = {ARGV[i + 1], ARGV[i + 2]} end
for _, inv in ipairs(sentBy(target, KEYS[6], prefix, suffix)) do
  local verdict = judged[inv[2]]
  if not verdict or not roleIs(inv[2], verdict[1]) then return {'stale'} end
  if verdict[2] ~= '1' then lost[#lost + 1] = inv end
end
redis.call('HSET', membersKey, target, newRole)
redis.call('HSET', KEYS[4], orgId, newRole)
local pv = bumpPv(KEYS[5])
audit('member.updated', target, {'from', current, 'to', newRole})
revokeSent(lost, KEYS[6], prefix, suffix)
return {'ok', pv or 0}
`,
);

/**
 * A member who leaves or is removed can send no invitation: their pending ones are revoked.
 * KEYS: members, roles, audit, joined, target user orgs, target user org names, target user,
 * invitations.
 * ARGV: actor context, target, expected role, expected role def, orgId, action, invitation template (2).
 * → {'ok', targetPv} | {'missing'} | {'stale'} | {'last-owner'}
 */
export const removeMemberScript = defineScript(
  'member-remove',
  `${actorContext}${keyFrom}${sentInvitations}${actorGuard}${targetChecks}
local orgId, action = ARGV[10], ARGV[11]
if current == 'owner' and countOwners() <= 1 then return {'last-owner'} end
redis.call('HDEL', membersKey, target)
redis.call('ZREM', KEYS[4], target)
redis.call('HDEL', KEYS[5], orgId)
redis.call('HDEL', KEYS[6], orgId)
local pv = bumpPv(KEYS[7])
audit(action, target, {'role', current})
revokeSent(sentBy(target, KEYS[8], ARGV[12], ARGV[13]), KEYS[8], ARGV[12], ARGV[13])
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
