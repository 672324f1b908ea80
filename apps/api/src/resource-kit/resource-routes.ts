import { zValidator } from '@hono/zod-validator';
import { can, type Permission, permissionScope } from '@portcullis/permissions';
import {
  camelName,
  type ListProperty,
  type RecordProperty,
  type ResourceAction,
  type ResourceDefinition,
  type ResourceRecord,
  recordProperty,
} from '@portcullis/permissions/resource';
import { createSchema, updateSchema } from '@portcullis/permissions/resource-schemas';
import { Hono, type ValidationTargets } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app-env.ts';
import { ApiError, type FieldError } from '../errors/index.ts';
import { requirePermission } from '../middleware/require-permission.ts';
import { ID_PATTERN } from '../orgs/org-access.ts';
import { notFoundError, staleRoleError } from '../routes/orgs/org-errors.ts';
import { type ChangeRefusal, decodeCursor, encodeCursor, recordRepository } from './record-repository.ts';
import type { ResourceHooks } from './resource-hooks.ts';

const listQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** zod issues → `errors: [{ path, message }]`; each unknown body property gets its own entry. */
function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: key, message: `Unknown field "${key}"` }))
      : [{ path: issue.path.map(String).join('.'), message: issue.message }],
  );
}

function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw new ApiError('VALIDATION_FAILED', { errors: fieldErrors(result.error.issues) });
  });
}

/**
 * The routes of a generated resource, `/api/orgs/:orgId/<name>` (CONTRACT.md "Resources"):
 * list (newest first, by cursor), create, read, edit, delete. Each route requires its permission
 * (`requirePermission`: 404 for non-members, 403 without it); `:own` grants are checked against
 * the record's author — for a change, inside the script that makes it. A record the caller may not
 * read is 404, like one that does not exist; a change refused only for ownership is 403 when the
 * caller may read the record, else 404.
 *
 * @example
 * export const invoicesRoutes = resourceRoutes(invoices, invoicesHooks);
 */
export function resourceRoutes<const D extends ResourceDefinition>(definition: D, hooks: ResourceHooks<D> = {}) {
  type Item = ResourceRecord<D>;
  type One = { [K in RecordProperty<D['label']>]: Item };
  type Many = { [K in ListProperty<D['name']>]: Item[] } & { nextCursor: string | null };
  const one = recordProperty(definition.label);
  const many = camelName(definition.name);
  // The definition's name is in the catalogue: the generator wrote its entry from the same file.
  const permission = (action: ResourceAction) => `${definition.name}.${action}` as Permission;
  const what = definition.label.toLowerCase();
  const repository = (c: { var: AppEnv['Variables'] }) =>
    recordRepository(definition, c.var.deps.store, c.var.deps.config);

  /** A change the script refused. Saying "not yours" is only safe to a caller who may see the record. */
  const refused = (status: ChangeRefusal, grants: Parameters<typeof permissionScope>[0]): ApiError => {
    if (status === 'stale') return staleRoleError();
    // Only a change a before-hook checked is refused so, and hooks run only for a caller who may make
    // it: telling them the record exists tells them nothing new.
    if (status === 'changed') {
      return new ApiError('CONFLICT', {
        detail: 'This record changed while your change was being checked. Reload and try again.',
      });
    }
    if (status === 'not-own' && permissionScope(grants, permission('read')) === 'all') {
      return new ApiError('FORBIDDEN', { detail: `Your role allows this on your own ${definition.name} only.` });
    }
    return notFoundError(what);
  };

  return new Hono<AppEnv>()
    .get('/', requirePermission(permission('read')), validate('query', listQuery), async (c) => {
      const { access, auth } = c.var;
      const { cursor, limit } = c.req.valid('query');
      // An empty cursor is the first page, as an absent one (CONTRACT.md writes `?cursor=`).
      const after = cursor ? decodeCursor(cursor) : null;
      if (cursor && after === null) {
        throw new ApiError('VALIDATION_FAILED', {
          errors: [{ path: 'cursor', message: 'Not a cursor from this API' }],
        });
      }
      // `read:own` lists the caller's records only.
      const own = permissionScope(access.role.permissions, permission('read')) === 'own';
      const page = await repository(c).list(access.org.id, { authorId: own ? auth.userId : null, after, limit });
      return c.json({ [many]: page.records, nextCursor: page.next ? encodeCursor(page.next) : null } as Many);
    })

    .post('/', requirePermission(permission('create')), validate('json', createSchema(definition)), async (c) => {
      const { access, actor } = c.var;
      const input = c.req.valid('json');
      const context = { orgId: access.org.id, userId: actor.userId };
      await hooks.beforeCreate?.(input, context);
      const result = await repository(c).create(actor, access.org.id, input);
      if (result.status === 'stale') throw staleRoleError();
      await hooks.afterChange?.({ action: 'created', id: result.record.id, record: result.record }, context);
      return c.json({ [one]: result.record } as One, 201);
    })

    .get('/:id', requirePermission(permission('read')), async (c) => {
      const { access, auth } = c.var;
      const id = c.req.param('id');
      const record = ID_PATTERN.test(id) ? await repository(c).get(access.org.id, id) : null;
      if (
        !record ||
        !can(access.role.permissions, permission('read'), { userId: auth.userId, ownerId: record.authorId })
      ) {
        throw notFoundError(what);
      }
      return c.json({ [one]: record } as One);
    })

    .patch('/:id', requirePermission(permission('update')), validate('json', updateSchema(definition)), async (c) => {
      const { access, actor } = c.var;
      const id = c.req.param('id');
      if (!ID_PATTERN.test(id)) throw notFoundError(what);
      const grants = access.role.permissions;
      const changes = c.req.valid('json');
      const context = { orgId: access.org.id, userId: actor.userId };
      // The version of the record a hook checked: the write applies only while it still is that one.
      let expected: string | undefined;
      if (hooks.beforeUpdate) {
        const current = await repository(c).getVersioned(access.org.id, id);
        // Hooks only ever see records the caller may change; the script decides the rest.
        if (current && can(grants, permission('update'), { userId: actor.userId, ownerId: current.record.authorId })) {
          await hooks.beforeUpdate({ current: current.record, changes }, context);
          expected = current.version;
        }
      }
      const result = await repository(c).update(actor, {
        orgId: access.org.id,
        id,
        // The script compares the author, so the ownership check and the write are one step.
        ownOnly: permissionScope(grants, permission('update')) === 'own',
        expected,
        changes,
      });
      if (result.status !== 'ok') throw refused(result.status, grants);
      await hooks.afterChange?.({ action: 'updated', id, record: result.record }, context);
      return c.json({ [one]: result.record } as One);
    })

    .delete('/:id', requirePermission(permission('delete')), async (c) => {
      const { access, actor } = c.var;
      const id = c.req.param('id');
      if (!ID_PATTERN.test(id)) throw notFoundError(what);
      const grants = access.role.permissions;
      const context = { orgId: access.org.id, userId: actor.userId };
      let expected: string | undefined;
      if (hooks.beforeDelete) {
        const current = await repository(c).getVersioned(access.org.id, id);
        if (current && can(grants, permission('delete'), { userId: actor.userId, ownerId: current.record.authorId })) {
          await hooks.beforeDelete(current.record, context);
          expected = current.version;
        }
      }
      const status = await repository(c).delete(actor, {
        orgId: access.org.id,
        id,
        ownOnly: permissionScope(grants, permission('delete')) === 'own',
        expected,
      });
      if (status !== 'ok') throw refused(status, grants);
      await hooks.afterChange?.({ action: 'deleted', id, record: null }, context);
      return c.body(null, 204);
    });
}
