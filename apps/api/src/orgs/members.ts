import type { Role } from '@portcullis/permissions';
import type { Config } from '../config/config.ts';
import { keyTemplate } from '../keys/key-template.ts';
import { keys } from '../keys/keys.ts';
import { text } from '../store/reply.ts';
import { type RedisArg, repliesOf, type Store } from '../store/store.ts';
import { hashReply } from '../users/user.ts';
import { type Actor, orgChange } from './actor.ts';
import { changeMemberRoleScript, memberRoleScript, removeMemberScript } from './member-scripts.ts';
import { type RoleSnapshot, roleOf } from './org-access.ts';

/** A member as GET /api/orgs/:orgId/members lists them. */
export interface Member {
  userId: string;
  email: string;
  name: string;
  role: string;
  roleName: string;
  joinedAt: string;
}

/** Every member with their role, oldest first. The org's size is capped (ORG_MAX_MEMBERS). */
export async function listMembers(store: Store, orgId: string): Promise<Member[]> {
  const [rolesByUser, joined, customRoles] = repliesOf(
    await store.batch([
      ['HGETALL', keys.orgMembers(orgId)],
      ['ZRANGE', keys.orgJoined(orgId), 0, -1, 'WITHSCORES'],
      ['HGETALL', keys.orgRoles(orgId)],
    ]),
  );
  const roleByUser = hashReply(rolesByUser ?? null) ?? {};
  const defs = hashReply(customRoles ?? null) ?? {};
  // [member, score, ...] in join order; kept as pairs (object keys would reorder numeric-looking ids).
  const order: { userId: string; joinedAt: number }[] = [];
  const flat = Array.isArray(joined) ? joined : [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const userId = text(flat[i]);
    if (roleByUser[userId] !== undefined) order.push({ userId, joinedAt: Number(text(flat[i + 1])) });
  }
  if (order.length === 0) return [];
  const users = repliesOf(
    await store.batch(order.map(({ userId }) => ['HMGET', keys.user(userId), 'email', 'name'] as const)),
  );
  return order.map(({ userId, joinedAt }, index) => {
    const user = users[index];
    const [email, name] = Array.isArray(user) ? user.map(text) : [];
    const roleId = roleByUser[userId] ?? '';
    return {
      userId,
      email: email ?? '',
      name: name ?? '',
      role: roleId,
      roleName: roleOf(roleId, defs[roleId] ?? '').name,
      joinedAt: new Date(joinedAt).toISOString(),
    };
  });
}

/** One member, with the role the caller just gave them; null when they are not a member. */
export async function findMember(store: Store, orgId: string, userId: string, role: Role): Promise<Member | null> {
  const [joined, user] = repliesOf(
    await store.batch([
      ['ZSCORE', keys.orgJoined(orgId), userId],
      ['HMGET', keys.user(userId), 'email', 'name'],
    ]),
  );
  if (joined === null || joined === undefined) return null;
  const [email = '', name = ''] = Array.isArray(user) ? user.map(text) : [];
  return {
    userId,
    email,
    name,
    role: role.id,
    roleName: role.name,
    joinedAt: new Date(Number(text(joined))).toISOString(),
  };
}

/** The member's current role, or null when the user is not a member of the org. */
export async function memberRole(store: Store, orgId: string, userId: string): Promise<RoleSnapshot | null> {
  const found = await memberRoleScript.run(store, {
    members: keys.orgMembers(orgId),
    roles: keys.orgRoles(orgId),
    userId,
  });
  return found ? { role: roleOf(found.roleId, found.def), def: found.def } : null;
}

export type MemberChangeResult =
  | { status: 'ok'; targetPv: number | null }
  | { status: 'missing' }
  | { status: 'stale' }
  | { status: 'last-owner' };

/**
 * Gives a member another role; refuses to leave the org without an owner. `judgedInvitations`
 * (from judgeSent) says which of the member's pending invitations the new role may no
 * longer send: those are revoked in the same step.
 */
export async function changeMemberRole(
  store: Store,
  config: Config,
  actor: Actor,
  input: {
    orgId: string;
    userId: string;
    current: RoleSnapshot;
    next: RoleSnapshot;
    judgedInvitations: readonly RedisArg[];
  },
): Promise<MemberChangeResult> {
  const { orgId, userId, current, next } = input;
  return changeMemberRoleScript.run(store, {
    userOrgs: keys.userOrgs(userId),
    user: keys.user(userId),
    invitations: keys.orgInvitations(orgId),
    ...orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS),
    target: userId,
    expectedRole: current.role.id,
    expectedDef: current.def,
    newRole: next.role.id,
    newDef: next.def,
    orgId,
    ...keyTemplate('invitation', (id) => keys.orgInvitation(orgId, id)),
    verdicts: input.judgedInvitations,
  });
}

/**
 * Removes a member (or lets one leave), revoking the invitations they sent; refuses to remove the
 * last owner.
 */
export async function removeMember(
  store: Store,
  config: Config,
  actor: Actor,
  input: { orgId: string; userId: string; current: RoleSnapshot },
): Promise<MemberChangeResult> {
  const { orgId, userId, current } = input;
  return removeMemberScript.run(store, {
    joined: keys.orgJoined(orgId),
    userOrgs: keys.userOrgs(userId),
    userOrgNames: keys.userOrgNames(userId),
    user: keys.user(userId),
    invitations: keys.orgInvitations(orgId),
    ...orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS),
    target: userId,
    expectedRole: current.role.id,
    expectedDef: current.def,
    orgId,
    action: userId === actor.userId ? 'member.left' : 'member.removed',
    ...keyTemplate('invitation', (id) => keys.orgInvitation(orgId, id)),
  });
}
