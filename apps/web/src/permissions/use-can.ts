import type { Permission, PlatformPermission } from '@portcullis/permissions';
import { useOrgStore } from '../stores/org-store.ts';

export interface Can {
  /** In the active org; pass the owner (e.g. `post.authorId`) for a specific owned item. */
  can(permission: Permission, ownerId?: string | null): boolean;
  /** In the active org, on at least the caller's own items ("show the New post button"). */
  canAny(permission: Permission): boolean;
  canPlatform(permission: PlatformPermission): boolean;
}

/**
 * Permission checks for templates, over the shared `can()`. They read the store, so a template
 * that calls them re-renders when the permissions change.
 *
 * @example
 * const { can } = useCan()
 * // <button v-if="can('posts.delete', post.authorId)">Delete</button>
 */
export function useCan(): Can {
  const orgStore = useOrgStore();
  return {
    can: (permission, ownerId) => orgStore.canIn(orgStore.activeOrgId, permission, ownerId),
    canAny: (permission) => orgStore.canAnyIn(orgStore.activeOrgId, permission),
    canPlatform: (permission) => orgStore.canPlatform(permission),
  };
}
