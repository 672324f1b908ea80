import { orgCatalogue, type Permission } from './catalogue.ts';
import type { OwnershipContext, PermissionScope } from './catalogue-spec.ts';
import { isOwnedBy } from './compile-catalogue.ts';
import type { Grant } from './grants.ts';

/**
 * Whether `grants` allow `permission`. Pure: resolve the caller's grants per request and pass them.
 *
 * An `:own` grant allows only when `context` proves ownership (`userId === ownerId`, both
 * non-empty); without a context it denies, so a check on a specific instance can never pass by
 * forgetting the owner. To ask "could I do this at all" (show a button, allow listing) use
 * `canAny` or `permissionScope`. Unknown grants or permissions (a typo, a stale value from Redis)
 * never allow anything.
 *
 * @example
 * can(['posts.*'], 'posts.delete') // true
 * can(['posts.update:own'], 'posts.update', { userId: 'u1', ownerId: post.authorId })
 * can(['posts.update:own'], 'posts.update') // false: no proof of ownership
 */
export function can(grants: readonly Grant[], permission: Permission, context?: OwnershipContext): boolean {
  const scope = orgCatalogue.scope(grants, permission);
  return scope === 'all' || (scope === 'own' && isOwnedBy(context));
}

/**
 * Whether `grants` allow `permission` on at least some instances (every instance, or the caller's
 * own). For UI affordances ("New post" button) and for deciding whether a list route is allowed.
 *
 * @example
 * canAny(['posts.update:own'], 'posts.update') // true
 * canAny(['posts.read'], 'posts.update') // false
 */
export function canAny(grants: readonly Grant[], permission: Permission): boolean {
  return orgCatalogue.scope(grants, permission) !== null;
}

/**
 * How far `grants` allow `permission`: `'all'` instances, only the caller's `'own'`, or `null`.
 * A list route uses it to choose between listing everything, filtering by owner, or 403.
 *
 * @example
 * permissionScope(['posts.read:own'], 'posts.read') // 'own' → list only posts by the caller
 * permissionScope(['*'], 'posts.read') // 'all'
 * permissionScope([], 'posts.read') // null → 403
 */
export function permissionScope(grants: readonly Grant[], permission: Permission): PermissionScope {
  return orgCatalogue.scope(grants, permission);
}
