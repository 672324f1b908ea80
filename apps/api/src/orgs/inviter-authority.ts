import { can, canAssignRole, type Grant, isBuiltInRoleId, type Role } from '@portcullis/permissions';
import { keyTemplate } from '../keys/key-template.ts';
import { keys } from '../keys/keys.ts';
import { text } from '../store/reply.ts';
import type { RedisArg, Store } from '../store/store.ts';
import { inviterStandingScript, sentRolesScript } from './invitation-scripts.ts';
import { type RoleSnapshot, roleOf } from './org-access.ts';

/*
 * An invitation is worth no more than its inviter's authority: it is judged again when accepted,
 * and when its inviter is removed or given another role. The rule (the permission catalogue's) is
 * evaluated here, in the Worker, on roles as read; the script that acts passes the verdict on only
 * if those roles are still as read, so the decision is atomic with the change without Lua having
 * to understand grants.
 */

/** Whether `grants` may send an invitation offering `role`: the route's own rule. */
export function mayInviteWith(grants: readonly Grant[], role: Pick<Role, 'id' | 'permissions'>): boolean {
  return can(grants, 'invitations.create') && canAssignRole(grants, role);
}

const snapshot = (roleId: string, def: string): RoleSnapshot => ({
  role: roleOf(roleId, def),
  def: isBuiltInRoleId(roleId) ? '' : def,
});

/** The accept script's arguments about the inviter: their role as read, and the verdict. */
export async function judgeInviter(
  store: Store,
  orgId: string,
  invitationId: string,
): Promise<{ inviterRole: string; inviterDef: string; invitedDef: string; mayInvite: '1' | '0' }> {
  const standing = await inviterStandingScript.run(store, {
    invitation: keys.orgInvitation(orgId, invitationId),
    members: keys.orgMembers(orgId),
    roles: keys.orgRoles(orgId),
  });
  const { inviterRole = '', inviterDef = '', invitedRole = '', invitedDef = '' } = standing ?? {};
  const inviter = snapshot(inviterRole, inviterDef);
  const invited = snapshot(invitedRole, invitedDef);
  // Not a member (any more): no authority at all.
  const may = inviterRole !== '' && mayInviteWith(inviter.role.permissions, invited.role);
  return { inviterRole, inviterDef: inviter.def, invitedDef: invited.def, mayInvite: may ? '1' : '0' };
}

/** The distinct roles, as read, that `inviter`'s pending invitations offer. */
export async function rolesSentBy(store: Store, orgId: string, inviter: string, now: number): Promise<RoleSnapshot[]> {
  const reply = await sentRolesScript.run(store, {
    invitations: keys.orgInvitations(orgId),
    roles: keys.orgRoles(orgId),
    now,
    ...keyTemplate('invitation', (id) => keys.orgInvitation(orgId, id)),
    inviter,
  });
  const flat = reply.map(text);
  const roles: RoleSnapshot[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) roles.push(snapshot(flat[i] ?? '', flat[i + 1] ?? ''));
  return roles;
}

/**
 * The change-role script's verdicts on an inviter's pending invitations: for each role they offer
 * (from rolesSentBy), its definition as read and whether `grants` (the new role's) may still send it.
 */
export function judgeSent(grants: readonly Grant[], offered: readonly RoleSnapshot[]): RedisArg[] {
  return offered.flatMap(({ role, def }) => [role.id, def, mayInviteWith(grants, role) ? '1' : '0']);
}
