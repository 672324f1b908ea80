import { builtInRoles, isBuiltInRoleId, type Role } from '@portcullis/permissions';

/** What a custom role is called when its name cannot be known (deleted, or not readable). */
export const UNKNOWN_ROLE_NAME = 'a custom role';

/**
 * A role's name for people: a built-in role's capitalised name from the permissions package, a
 * custom role's from `known` (the org's roles as listed), never the opaque id.
 *
 * @example
 * roleName('viewer') // 'Viewer'
 * roleName('l9yvZA…', [{ id: 'l9yvZA…', name: 'Editor', … }]) // 'Editor'
 */
export function roleName(roleId: string, known: readonly Pick<Role, 'id' | 'name'>[] = []): string {
  if (isBuiltInRoleId(roleId)) return builtInRoles[roleId].name;
  return known.find((role) => role.id === roleId)?.name ?? UNKNOWN_ROLE_NAME;
}
