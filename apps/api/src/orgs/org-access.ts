import { builtInRoles, isBuiltInRoleId, type Role } from '@portcullis/permissions';
import { keys } from '../keys/keys.ts';
import { defineScript } from '../store/define-script.ts';
import { recordReply, text } from '../store/reply.ts';
import type { Store } from '../store/store.ts';
import { parseStoredRole } from './custom-role.ts';

/** The org as every org route sees it. */
export interface OrgRecord {
  id: string;
  name: string;
  createdAt: number;
  /** Members without MFA get 403 MFA_REQUIRED on every route of the org (middleware/require-permission.ts). */
  requireMfa: boolean;
}

/** A role as read for an authorisation decision, with the stored definition scripts re-check. */
export interface RoleSnapshot {
  role: Role;
  /** '' for a built-in role. */
  def: string;
}

/** The caller's standing in the org of the path, resolved afresh on every request. */
export interface OrgAccess {
  org: OrgRecord;
  role: Role;
  /** The role's stored definition as read ('' for built-in): scripts re-check it (see actor.ts). */
  roleDef: string;
}

/**
 * The org (with its MFA policy: '1' on) and the user's role in it with its stored definition; {}
 * when either does not exist.
 */
const orgAccessScript = defineScript({
  name: 'org-access',
  keys: ['org', 'members', 'roles'],
  args: ['userId'],
  reply: recordReply({ id: text, name: text, createdAt: text, roleId: text, roleDef: text, requireMfa: text }),
  lua: `
local org = redis.call('HMGET', orgKey, 'id', 'name', 'createdAt', 'requireMfa')
if not org[1] then return {} end
local role = redis.call('HGET', membersKey, userId)
if not role then return {} end
return {org[1], org[2], org[3], role, redis.call('HGET', rolesKey, role) or '', org[4] or '0'}
`,
});

/** Org ids (and every other id we mint) are 22 base64url characters; anything else cannot exist. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/**
 * The caller's membership, role and grants in an org, or null when they are not a member (or the
 * org does not exist — callers answer both with 404, so existence does not leak). One round trip.
 */
export async function resolveOrgAccess(store: Store, orgId: string, userId: string): Promise<OrgAccess | null> {
  if (!ID_PATTERN.test(orgId)) return null;
  const found = await orgAccessScript.run(store, {
    org: keys.org(orgId),
    members: keys.orgMembers(orgId),
    roles: keys.orgRoles(orgId),
    userId,
  });
  if (!found?.id || !found.roleId) return null;
  const { id, name, createdAt, roleId, roleDef, requireMfa } = found;
  return {
    org: { id, name, createdAt: Number(createdAt), requireMfa: requireMfa === '1' },
    role: roleOf(roleId, roleDef),
    roleDef: isBuiltInRoleId(roleId) ? '' : roleDef,
  };
}

/**
 * A role id and its stored definition → the role. A custom role whose definition is missing or
 * unreadable grants nothing (fail closed) but keeps the member a member.
 */
export function roleOf(roleId: string, stored: string): Role {
  if (isBuiltInRoleId(roleId)) return builtInRoles[roleId];
  return parseStoredRole(roleId, stored) ?? { id: roleId, name: roleId, permissions: [], builtIn: false };
}
