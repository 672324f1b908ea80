import * as z from 'zod';
import type { CatalogueEntryOf, CatalogueSpec, GrantOf, PermissionOf, ResourceOf } from './catalogue-spec.ts';
import { compileCatalogue } from './compile-catalogue.ts';

/**
 * The platform administration catalogue — separate from the org one: a platform admin is not an
 * owner of every org, and org roles can never grant these.
 *
 * - `users.read` GET /api/admin/users · `users.block` / `users.unblock` POST …/block, …/unblock
 * - `sessions.revoke` DELETE /api/admin/users/:id/sessions
 * - `events.read` GET /api/admin/events (security events of any user)
 */
export const platformResources = {
  users: { actions: ['read', 'block', 'unblock'] },
  sessions: { actions: ['revoke'] },
  events: { actions: ['read'] },
} as const satisfies CatalogueSpec;

/** The platform catalogue's spec type. */
export type PlatformCatalogue = typeof platformResources;
/** `'users' | 'sessions'`. */
export type PlatformResource = ResourceOf<PlatformCatalogue>;
/** `"users.block"`-style strings. */
export type PlatformPermission = PermissionOf<PlatformCatalogue>;
/** `*`, `users.*`, or a platform permission (no resource here has an owner). */
export type PlatformGrant = GrantOf<PlatformCatalogue>;

const platform = compileCatalogue(platformResources);

/**
 * Every platform permission, in catalogue order.
 *
 * @example
 * allPlatformPermissions // ['users.read', 'users.block', 'users.unblock', 'sessions.revoke']
 */
export const allPlatformPermissions: readonly PlatformPermission[] = platform.permissions;

/**
 * The platform catalogue grouped by resource, for an admin UI.
 *
 * @example
 * platformCatalogue.map((entry) => entry.resource) // ['users', 'sessions']
 */
export const platformCatalogue: readonly CatalogueEntryOf<PlatformCatalogue>[] = platform.entries;

/** Platform roles: every account is a `user`; `admin`s come from `ADMIN_EMAILS`. */
export const platformRoleIds = ['admin', 'user'] as const;
/** `'admin' | 'user'`. */
export type PlatformRole = (typeof platformRoleIds)[number];

/**
 * What each platform role grants. `admin` holds `*`, so it gains new platform permissions as they
 * are added; `user` holds none.
 *
 * @example
 * platformRoles.admin // ['*']
 */
export const platformRoles: { readonly [Role in PlatformRole]: readonly PlatformGrant[] } = Object.freeze({
  admin: Object.freeze(['*'] as const),
  user: Object.freeze([] as const),
});

/**
 * Whether a platform role allows a platform permission. A role that is not a platform role (a
 * stale or garbled value) allows nothing.
 *
 * @example
 * canPlatform('admin', 'users.block') // true
 * canPlatform('user', 'users.read') // false
 */
export function canPlatform(role: PlatformRole, permission: PlatformPermission): boolean {
  const grants = Object.hasOwn(platformRoles, role) ? platformRoles[role] : [];
  return platform.scope(grants, permission) === 'all';
}

/**
 * Whether a runtime value is a platform permission.
 *
 * @example
 * isPlatformPermission('users.block') // true
 */
export function isPlatformPermission(value: unknown): value is PlatformPermission {
  return platform.isPermission(value);
}

/**
 * A platform role as stored or returned by `/api/auth/me`.
 *
 * @example
 * platformRoleSchema.parse('admin')
 */
// Pure: a bundle that never validates (the SPA's first screen) leaves zod out.
export const platformRoleSchema = /* @__PURE__ */ z.enum(platformRoleIds, {
  error: (issue) => `Unknown platform role ${JSON.stringify(issue.input)} (known: ${platformRoleIds.join(', ')})`,
});

/**
 * One platform permission.
 *
 * @example
 * platformPermissionSchema.parse('sessions.revoke')
 */
export const platformPermissionSchema = /* @__PURE__ */ z.enum(allPlatformPermissions, {
  error: (issue) => platform.explainInvalidPermission(issue.input),
});
