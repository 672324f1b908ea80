import { can } from './can.ts';
import { type Grant, isSubset } from './grants.ts';
import { generatedGrants, generatedWildcards } from './resources/index.ts';

/** A role as the API lists it: built-in or custom (custom ids are opaque, made by the API). */
export type Role = {
  readonly id: string;
  readonly name: string;
  readonly permissions: readonly Grant[];
  readonly builtIn: boolean;
};

/** Built-in role ids, most powerful first. The ids are also their names in the contract. */
export const builtInRoleIds = ['owner', 'admin', 'member', 'viewer'] as const;
/** `'owner' | 'admin' | 'member' | 'viewer'`. */
export type BuiltInRoleId = (typeof builtInRoleIds)[number];

/** A built-in role: read-only, the same in every org. */
export type BuiltInRole<Id extends BuiltInRoleId = BuiltInRoleId> = Role & {
  readonly id: Id;
  readonly builtIn: true;
  readonly description: string;
};

const define = <Id extends BuiltInRoleId>(
  id: Id,
  name: string,
  description: string,
  permissions: readonly Grant[],
): BuiltInRole<Id> =>
  Object.freeze({
    id,
    name,
    description,
    permissions: Object.freeze([...permissions]),
    builtIn: true,
  });

/**
 * The built-in org roles.
 *
 * - `owner`: `*` — everything, including permissions added later.
 * - `admin`: everything but `org.delete` and `members.manage-owners`. Listed per action for `org`
 *   and `members` (a `members.*` would include `manage-owners`), by wildcard elsewhere.
 * - `member`: reads the org and members, and gets what each generated resource's definition grants
 *   it (`grants.member`; for posts: read, create, update and delete its own).
 *   (`org.read` is included so a member can open the org it belongs to, and so that `viewer` ⊆
 *   `member` ⊆ `admin` ⊆ `owner` holds.)
 * - `viewer`: `org.read`, `members.read` and the definitions' `grants.viewer` (for posts: read) — the
 *   contract's "read", taken to mean the org's content; invitations, roles and the audit log stay
 *   with admins.
 * - `owner` and `admin` get every action of every generated resource (`*`, `<name>.*`).
 *
 * @example
 * can(builtInRoles.member.permissions, 'posts.create') // true
 */
export const builtInRoles: { readonly [Id in BuiltInRoleId]: BuiltInRole<Id> } = Object.freeze({
  owner: define('owner', 'Owner', 'Everything, including deleting the org and managing owners.', ['*']),
  admin: define('admin', 'Admin', 'Everything except deleting the org and managing owners.', [
    'org.read',
    'org.update',
    'members.read',
    'members.update',
    'members.remove',
    'invitations.*',
    'roles.*',
    ...generatedWildcards,
    'audit.*',
  ]),
  member: define('member', 'Member', 'Reads the org; writes posts, and edits or deletes their own.', [
    'org.read',
    'members.read',
    ...generatedGrants.member,
  ]),
  viewer: define('viewer', 'Viewer', 'Reads the org, its members and posts.', [
    'org.read',
    'members.read',
    ...generatedGrants.viewer,
  ]),
});

/**
 * Whether `value` is a built-in role id.
 *
 * @example
 * isBuiltInRoleId('owner') // true
 * isBuiltInRoleId('role_7f3k') // false — a custom role
 */
export function isBuiltInRoleId(value: unknown): value is BuiltInRoleId {
  return typeof value === 'string' && (builtInRoleIds as readonly string[]).includes(value);
}

/**
 * Whether an actor holding `actorGrants` may give `role` to someone — invite with it, or change a
 * member to it — and, by the same rule, act on a member who holds it (demote or remove them).
 * Check the route's own permission (`invitations.create`, `members.update`, `members.remove`) as
 * well; this adds the rules that stop escalation:
 *
 * 1. The role's grants must be a subset of the actor's (`isSubset`): nobody hands out, or takes
 *    away, more than they have. This is what makes custom roles safe, where a rank would not be.
 * 2. "Managing owners" is the permission `members.manage-owners`: the `owner` role may only be
 *    given or taken by an actor who has it. Only `owner` (`*`) has it among the built-in roles.
 *
 * Keeping the last owner is a different rule (409 `CONFLICT`) and belongs to the API.
 *
 * @example
 * canAssignRole(builtInRoles.admin.permissions, builtInRoles.member) // true
 * canAssignRole(builtInRoles.admin.permissions, builtInRoles.owner) // false
 */
export function canAssignRole(actorGrants: readonly Grant[], role: Pick<Role, 'id' | 'permissions'>): boolean {
  if (role.id === builtInRoles.owner.id && !can(actorGrants, 'members.manage-owners')) return false;
  return isSubset(role.permissions, actorGrants);
}
