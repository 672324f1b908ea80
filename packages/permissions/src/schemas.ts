import * as z from 'zod';
import { allPermissions, orgCatalogue } from './catalogue.ts';
import { allGrants, type Grant, isGrant } from './grants.ts';
import { builtInRoleIds } from './roles.ts';
import { singleLineString } from './single-line-text.ts';

/**
 * One org permission, e.g. `"posts.create"`. The issue message names the bad value and says what
 * is wrong with it.
 *
 * @example
 * permissionSchema.parse('posts.create') // 'posts.create'
 * permissionSchema.safeParse('posts.fly').error?.issues[0]?.message
 * // 'Unknown permission "posts.fly": posts has no action "fly" (known: read, create, update, delete)'
 */
export const permissionSchema = z.enum(allPermissions, {
  error: (issue) => orgCatalogue.explainInvalidPermission(issue.input),
});

/**
 * One grant: `*`, `resource.*`, `resource.action`, or `resource.action:own` for ownable actions.
 *
 * @example
 * grantSchema.parse('posts.update:own') // 'posts.update:own'
 * grantSchema.safeParse('org.update:own').success // false
 */
export const grantSchema = z.enum(allGrants, {
  error: (issue) => orgCatalogue.explainInvalidGrant(issue.input),
});

/**
 * A non-empty list of distinct grants, as a custom role holds. Each bad entry gets its own issue
 * at its index, so `["posts.read", "posts.fly"]` fails at `[1]`.
 *
 * @example
 * grantListSchema.parse(['posts.read', 'posts.create'])
 */
export const grantListSchema = z
  .array(grantSchema, { error: 'Expected a list of permissions' })
  .min(1, 'A role needs at least one permission')
  .max(allGrants.length, `A role holds at most ${allGrants.length} permissions`)
  .superRefine((grants, ctx) => {
    const seen = new Set<Grant>();
    grants.forEach((grant, index) => {
      if (seen.has(grant)) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          input: grant,
          message: `Duplicate permission "${grant}"`,
        });
      }
      seen.add(grant);
    });
  });

/**
 * Grants read back from storage (Redis). Entries that are no longer in the catalogue are dropped
 * rather than failing the whole role: a permission removed in a release should stop granting,
 * not lock an org out of its roles. Anything that is not a list of strings still fails.
 *
 * @example
 * storedGrantsSchema.parse(['posts.read', 'posts.publish']) // ['posts.read']
 */
export const storedGrantsSchema = z
  .array(z.string())
  .transform((grants): Grant[] => [...new Set(grants.filter(isGrant))]);

/** Zero-width and other invisible characters: format characters (Cf) and default-ignorables. */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * A role's display name: one line of printable text, NFKC-normalised (fullwidth `Ｏｗｎｅｒ` becomes
 * `Owner`), stripped of invisible characters (`Own\u200Ber` becomes `Owner`), trimmed, 1–64
 * characters. Whether the name is free — not a built-in role's, nor another role's of the org, nor
 * confusable with one — is the API's question (409), asked atomically with the write.
 *
 * @example
 * roleNameSchema.parse('  Editors ') // 'Editors'
 * roleNameSchema.parse('Ｅｄｉｔｏｒ\u200B') // 'Editor'
 */
export const roleNameSchema = singleLineString('Name must be a string')
  .overwrite((name) => name.normalize('NFKC').replace(INVISIBLE, ''))
  .trim()
  .min(1, 'Name is required')
  .max(64, 'Name must be at most 64 characters');

/**
 * Body of `POST /api/orgs/:orgId/roles`.
 *
 * @example
 * customRoleSchema.parse({ name: 'Editor', permissions: ['posts.*', 'members.read'] })
 */
export const customRoleSchema = z.object({
  name: roleNameSchema,
  permissions: grantListSchema,
});
/** A valid custom role body. */
export type CustomRoleInput = z.infer<typeof customRoleSchema>;

/**
 * Body of `PATCH /api/orgs/:orgId/roles/:roleId`: either field, at least one.
 *
 * @example
 * customRoleUpdateSchema.parse({ permissions: ['posts.read'] })
 */
export const customRoleUpdateSchema = customRoleSchema
  .partial()
  .refine((body) => body.name !== undefined || body.permissions !== undefined, {
    error: 'Send a name, permissions, or both',
  });
/** A valid custom role update. */
export type CustomRoleUpdate = z.infer<typeof customRoleUpdateSchema>;

/**
 * A built-in role id: `owner`, `admin`, `member` or `viewer`.
 *
 * @example
 * builtInRoleIdSchema.parse('admin')
 */
export const builtInRoleIdSchema = z.enum(builtInRoleIds, {
  error: (issue) => `Unknown built-in role ${JSON.stringify(issue.input)} (known: ${builtInRoleIds.join(', ')})`,
});

/**
 * A role id as it appears in a path or body (`{ email, role }`): a built-in id or a custom role's
 * opaque id — 1–64 letters, digits, `_` or `-`, which covers UUIDs, ULIDs and nanoids. Whether the
 * id exists in the org is the API's question (404 / 400).
 *
 * @example
 * roleIdSchema.parse('member')
 * roleIdSchema.parse('01JD3W5Q4Z8K1V2N3M4P5R6S7T')
 */
export const roleIdSchema = z
  .string({ error: 'Role id must be a string' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Role id must be 1–64 letters, digits, "_" or "-"');
