import type {
  ActionOf,
  CatalogueEntryOf,
  CatalogueSpec,
  OwnableActionOf,
  OwnedResourceOf,
  PermissionOf,
  ResourceOf,
} from './catalogue-spec.ts';
import { compileCatalogue } from './compile-catalogue.ts';
import { generatedResources } from './resources/index.ts';

/**
 * The org permission catalogue — the single source every type, schema and check derives from.
 *
 * Mapping to the HTTP contract (`/api/orgs/:orgId/...`):
 * - `org.read` GET the org · `org.update` rename it · `org.delete` delete it
 * - `members.read` GET members · `members.update` PATCH a member's role · `members.remove` DELETE a
 *   member · `members.manage-owners` make someone owner, demote or remove an owner (on top of
 *   `members.update` / `members.remove` / `invitations.create`; see `canAssignRole`)
 * - `invitations.read` GET · `invitations.create` POST (inviting is creating an invitation, so there
 *   is no separate `members.invite`) · `invitations.revoke` DELETE
 * - `roles.read|create|update|delete` the roles routes
 * - the generated resources (`resources/<name>.resource.ts` → `resources/<name>.ts` here, written
 *   by `pnpm generate`): `<name>.read|create|update|delete`; an owned one (`posts`, whose records
 *   keep `authorId`) can grant read/update/delete for the caller's own records (`posts.update:own`)
 * - `audit.read` GET the audit log
 *
 * Adding an action here adds it to every type, schema and the roles editor; `owner` gets it through
 * `*`, `admin` through a `resource.*` wildcard where it has one — check `roles.ts`.
 */
export const resources = {
  org: { actions: ['read', 'update', 'delete'] },
  members: { actions: ['read', 'update', 'remove', 'manage-owners'] },
  invitations: { actions: ['read', 'create', 'revoke'] },
  roles: { actions: ['read', 'create', 'update', 'delete'] },
  ...generatedResources,
  audit: { actions: ['read'] },
} as const satisfies CatalogueSpec;

/** The org catalogue's spec type. */
export type OrgCatalogue = typeof resources;
/** `'org' | 'members' | 'invitations' | 'roles' | 'posts' | 'audit'`. */
export type Resource = ResourceOf<OrgCatalogue>;
/** Actions of `R`, e.g. `Action<'audit'>` is `'read'`. */
export type Action<R extends Resource = Resource> = ActionOf<OrgCatalogue, R>;
/** `"posts.create"`-style strings; pass `R` to narrow to one resource. */
export type Permission<R extends Resource = Resource> = PermissionOf<OrgCatalogue, R>;
/** Resources whose instances have an owner (`'posts'`). */
export type OwnedResource = OwnedResourceOf<OrgCatalogue>;
/** Actions of `R` that can be granted for owned instances only. */
export type OwnableAction<R extends Resource = Resource> = OwnableActionOf<OrgCatalogue, R>;
/** One resource of the catalogue as listed for a UI. */
export type CatalogueEntry = CatalogueEntryOf<OrgCatalogue>;

/** @internal The compiled org catalogue; use the typed functions instead. */
export const orgCatalogue = compileCatalogue(resources);

/**
 * Every org permission, in catalogue order.
 *
 * @example
 * allPermissions.includes('posts.delete') // true
 */
export const allPermissions: readonly Permission[] = orgCatalogue.permissions;

/**
 * The catalogue grouped by resource, for a roles editor: one group of checkboxes per resource, an
 * "all" box for `wildcard`, and an "own only" toggle where `ownGrant` is not `null`.
 *
 * @example
 * for (const { resource, wildcard, actions } of catalogue) {
 *   console.log(resource, wildcard, actions.map((a) => a.ownGrant ?? a.permission))
 * }
 */
export const catalogue: readonly CatalogueEntry[] = orgCatalogue.entries;

/**
 * Whether a runtime value is an org permission of this catalogue.
 *
 * @example
 * isPermission('posts.read') // true
 * isPermission('posts.fly') // false
 */
export function isPermission(value: unknown): value is Permission {
  return orgCatalogue.isPermission(value);
}
