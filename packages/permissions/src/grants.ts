import { type OrgCatalogue, orgCatalogue } from './catalogue.ts';
import type { GrantOf, OwnGrantOf } from './catalogue-spec.ts';

/**
 * What a role lists. Four forms, all checked against the catalogue at compile time and by
 * `grantSchema` at run time:
 *
 * | grant               | allows                                                        |
 * |---------------------|---------------------------------------------------------------|
 * | `*`                 | every permission, including ones added later                  |
 * | `posts.*`           | every action on posts, including ones added later             |
 * | `posts.update`      | that permission on every post                                 |
 * | `posts.update:own`  | that permission on posts the caller owns (ownable actions only) |
 */
export type Grant = GrantOf<OrgCatalogue>;
/** `"posts.update:own"`-style grants, limited to the caller's own instances. */
export type OwnGrant = OwnGrantOf<OrgCatalogue>;

/**
 * Every valid grant, in catalogue order (`*` first).
 *
 * @example
 * allGrants.includes('posts.update:own') // true
 * allGrants.includes('org.update:own') // false
 */
export const allGrants: readonly Grant[] = orgCatalogue.grants;

/**
 * Whether a runtime value is a valid grant. Use it to drop entries that left the catalogue from a
 * role read back from storage; `can()` ignores them anyway.
 *
 * @example
 * const stored: unknown[] = ['posts.read', 'posts.fly']
 * stored.filter(isGrant) // ['posts.read']
 */
export function isGrant(value: unknown): value is Grant {
  return orgCatalogue.isGrant(value);
}

/**
 * Whether `inner` allows nothing that `outer` does not: for every permission, `inner`'s scope
 * (all > own > none) is at most `outer`'s. Wildcards are compared by what they cover today, so
 * `['*']` is a subset of a list naming every permission explicitly. Invalid grants allow nothing
 * on either side.
 *
 * Use it to stop privilege escalation: an inviter may only hand out, and a role editor may only
 * create, roles whose grants are a subset of their own (see `canAssignRole`).
 *
 * @example
 * isSubset(['posts.update:own'], ['posts.*']) // true
 * isSubset(['posts.*'], ['posts.read', 'posts.update']) // false
 */
export function isSubset(inner: readonly Grant[], outer: readonly Grant[]): boolean {
  return orgCatalogue.isSubset(inner, outer);
}
