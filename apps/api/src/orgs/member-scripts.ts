import { defineScript } from '../store/define-script.ts';
import { recordReply, statusReply, text } from '../store/reply.ts';
import { sentInvitations } from './invitation-scripts.ts';
import { ACTOR_ARGS, actorContext, actorGuard, bumpedPv, keyFrom, ORG_KEYS } from './org-lua.ts';

/** The member a change is about, with the role (and its definition) the Worker read for them. */
const TARGET_ARGS = ['target', 'expectedRole', 'expectedDef'] as const;

/**
 * The target's role is re-checked against what the Worker read (it authorised the change against
 * that role), and the owner count is taken in the same step as the change: two owners demoting
 * each other at once leave one owner, never zero.
 */
const targetChecks = `
local current = redis.call('HGET', membersKey, target)
if not current then return {'missing'} end
if current ~= expectedRole or not roleIs(current, expectedDef) then return {'stale'} end
`;

const memberChange = statusReply({ ok: { targetPv: bumpedPv }, missing: {}, stale: {}, 'last-owner': {} });

/**
 * Gives the target `newRole`. The target's pending invitations go with the authority that sent
 * them: the Worker judged, for each role they offer, whether the new role may still send it
 * (`verdicts`: triples roleId, def, '1' | '0'); an invitation whose role was not judged, or changed
 * since, makes the change 'stale'.
 */
export const changeMemberRoleScript = defineScript({
  name: 'member-change-role',
  keys: [...ORG_KEYS, 'userOrgs', 'user', 'invitations'],
  args: [...ACTOR_ARGS, ...TARGET_ARGS, 'newRole', 'newDef', 'orgId', 'invitationPrefix', 'invitationSuffix'],
  rest: 'verdicts',
  reply: memberChange,
  lua: `${actorContext}${keyFrom}${sentInvitations}${actorGuard}${targetChecks}
if not roleIs(newRole, newDef) then return {'stale'} end
if current == newRole then return {'ok', 0} end
if current == 'owner' and countOwners() <= 1 then return {'last-owner'} end
local judged, lost = {}, {}
for i = 1, #verdicts, 3 do judged[verdicts[i]] = {verdicts[i + 1], verdicts[i + 2]} end
for _, inv in ipairs(sentBy(target, invitationsKey, invitationPrefix, invitationSuffix)) do
  local verdict = judged[inv[2]]
  if not verdict or not roleIs(inv[2], verdict[1]) then return {'stale'} end
  if verdict[2] ~= '1' then lost[#lost + 1] = inv end
end
redis.call('HSET', membersKey, target, newRole)
redis.call('HSET', userOrgsKey, orgId, newRole)
local pv = bumpPv(userKey)
audit('member.updated', target, {'from', current, 'to', newRole})
revokeSent(lost, invitationsKey, invitationPrefix, invitationSuffix)
return {'ok', pv or 0}
`,
});

/**
 * Removes the target (`action` 'member.removed', or 'member.left'). A member who leaves or is
 * removed can send no invitation: their pending ones are revoked.
 */
export const removeMemberScript = defineScript({
  name: 'member-remove',
  keys: [...ORG_KEYS, 'joined', 'userOrgs', 'userOrgNames', 'user', 'invitations'],
  args: [...ACTOR_ARGS, ...TARGET_ARGS, 'orgId', 'action', 'invitationPrefix', 'invitationSuffix'],
  reply: memberChange,
  lua: `${actorContext}${keyFrom}${sentInvitations}${actorGuard}${targetChecks}
if current == 'owner' and countOwners() <= 1 then return {'last-owner'} end
redis.call('HDEL', membersKey, target)
redis.call('ZREM', joinedKey, target)
redis.call('HDEL', userOrgsKey, orgId)
redis.call('HDEL', userOrgNamesKey, orgId)
local pv = bumpPv(userKey)
audit(action, target, {'role', current})
revokeSent(sentBy(target, invitationsKey, invitationPrefix, invitationSuffix), invitationsKey, invitationPrefix, invitationSuffix)
return {'ok', pv or 0}
`,
});

/** A user's role in the org and its stored definition; {} when they are not a member. */
export const memberRoleScript = defineScript({
  name: 'member-role',
  keys: ['members', 'roles'],
  args: ['userId'],
  reply: recordReply({ roleId: text, def: text }),
  lua: `
local role = redis.call('HGET', membersKey, userId)
if not role then return {} end
return {role, redis.call('HGET', rolesKey, role) or ''}
`,
});
