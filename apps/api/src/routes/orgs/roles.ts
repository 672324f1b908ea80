import {
  customRoleSchema,
  customRoleUpdateSchema,
  type Grant,
  isBuiltInRoleId,
  isSubset,
} from '@portcullis/permissions';
import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { ApiError } from '../../errors/index.ts';
import { requirePermission } from '../../middleware/require-permission.ts';
import { validate } from '../../middleware/validate.ts';
import { createRole, deleteRole, findCustomRole, listRoles, updateRole } from '../../orgs/roles.ts';
import { notFoundError, staleRoleError } from './org-errors.ts';
import { noteOwnPermissionsVersion } from './own-permissions-version.ts';
import { roleView } from './role-view.ts';

const readOnly = () => new ApiError('FORBIDDEN', { detail: 'Built-in roles are read-only.' });

/** Nobody writes, or rewrites, a role stronger than their own. */
function requireWithin(permissions: readonly Grant[], mine: readonly Grant[], what: string): void {
  if (!isSubset(permissions, mine)) {
    throw new ApiError('FORBIDDEN', { detail: `${what} holds permissions you do not have.` });
  }
}

const nameTaken = () =>
  new ApiError('CONFLICT', {
    detail: 'A role with that name, or one that looks the same, exists: built-in roles count too.',
    errors: [{ path: 'name', message: 'A role with this name, or one that looks like it, exists' }],
  });

/** `/api/orgs/:orgId/roles`: built-in roles (ids = names, read-only) and the org's custom roles. */
export const roleRoutes = new Hono<AppEnv>()
  .get('/', requirePermission('roles.read'), async (c) => {
    return c.json({ roles: (await listRoles(c.get('deps').store, c.get('access').org.id)).map(roleView) });
  })

  .post('/', requirePermission('roles.create'), validate('json', customRoleSchema), async (c) => {
    const { deps, access, actor } = c.var;
    const body = c.req.valid('json');
    requireWithin(body.permissions, access.role.permissions, 'This role');
    const result = await createRole(deps.store, deps.config, actor, access.org.id, body);
    switch (result.status) {
      case 'ok':
        return c.json({ role: roleView(result.role) }, 201);
      case 'stale':
        throw staleRoleError();
      case 'name-taken':
        throw nameTaken();
      case 'limit':
        throw new ApiError('CONFLICT', {
          detail: `An organization can have at most ${deps.config.ORG_MAX_CUSTOM_ROLES} custom roles.`,
        });
    }
  })

  .patch('/:roleId', requirePermission('roles.update'), validate('json', customRoleUpdateSchema), async (c) => {
    const { deps, access, actor } = c.var;
    const roleId = c.req.param('roleId');
    if (isBuiltInRoleId(roleId)) throw readOnly();
    const current = await findCustomRole(deps.store, access.org.id, roleId);
    if (!current) throw notFoundError('role');
    const update = c.req.valid('json');
    // Editing a role changes what its holders may do: the editor must cover both versions.
    requireWithin(current.role.permissions, access.role.permissions, 'This role');
    if (update.permissions) requireWithin(update.permissions, access.role.permissions, 'The new version of this role');
    const result = await updateRole(deps.store, deps.config, actor, access.org.id, current, update);
    switch (result.status) {
      case 'ok':
        noteOwnPermissionsVersion(c, result.actorPv);
        return c.json({ role: roleView(result.role) });
      case 'missing':
        throw notFoundError('role');
      case 'stale':
        throw staleRoleError();
      case 'name-taken':
        throw nameTaken();
    }
  })

  .delete('/:roleId', requirePermission('roles.delete'), async (c) => {
    const { deps, access, actor } = c.var;
    const roleId = c.req.param('roleId');
    if (isBuiltInRoleId(roleId)) throw readOnly();
    const current = await findCustomRole(deps.store, access.org.id, roleId);
    if (!current) throw notFoundError('role');
    requireWithin(current.role.permissions, access.role.permissions, 'This role');
    const result = await deleteRole(deps.store, deps.config, actor, access.org.id, current);
    switch (result.status) {
      case 'ok':
        return c.body(null, 204);
      case 'missing':
        throw notFoundError('role');
      case 'stale':
        throw staleRoleError();
      case 'in-use':
        throw new ApiError('CONFLICT', {
          detail:
            result.by === 'members'
              ? 'Members hold this role: give them another role first.'
              : 'A pending invitation offers this role: revoke it first.',
        });
    }
  });
