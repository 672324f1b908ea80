import { singleLineString } from '@portcullis/permissions';
import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../../app-env.ts';
import { ApiError } from '../../errors/index.ts';
import { hasMfa, mfaStatusOf } from '../../mfa/mfa-status.ts';
import { authenticate, authenticateRequest, exposePermissionsVersion } from '../../middleware/authenticate.ts';
import { requirePermission } from '../../middleware/require-permission.ts';
import { requireRecentAuth } from '../../middleware/require-recent-auth.ts';
import { validate } from '../../middleware/validate.ts';
import { createOrg, deleteOrg, membershipsOf, renameOrg, setOrgRequireMfa } from '../../orgs/orgs.ts';
import { permissionsVersionOf } from '../../sessions/sessions.ts';
import { newcomerOf } from './newcomer-of.ts';
import { staleRoleError } from './org-errors.ts';
import { orgView } from './org-view.ts';
import { noteOwnPermissionsVersion } from './own-permissions-version.ts';

const orgName = singleLineString('Name must be a string')
  .trim()
  .min(1, 'Name is required')
  .max(100, 'Use at most 100 characters');
const orgBody = z.object({ name: orgName });
const orgUpdate = z
  .object({ name: orgName.optional(), requireMfa: z.boolean().optional() })
  .refine((body) => body.name !== undefined || body.requireMfa !== undefined, {
    message: 'Send name or requireMfa',
  });

/** `/api/orgs` and `/api/orgs/:orgId`. */
export const orgRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const memberships = await authenticateRequest(c, (userId) => membershipsOf(c.get('deps').store, userId));
    // The version read with the list, so that the two always match (see membershipsOf).
    c.get('auth').user.permissionsVersion = permissionsVersionOf(memberships.platformRole, memberships.pv);
    exposePermissionsVersion(c);
    return c.json({ orgs: memberships.orgs });
  })

  .post('/', authenticate, validate('json', orgBody), async (c) => {
    const deps = c.get('deps');
    const result = await createOrg(deps.store, deps.config, newcomerOf(c), c.req.valid('json').name);
    if (result.status === 'limit') {
      throw new ApiError('CONFLICT', {
        detail: `An account can belong to at most ${deps.config.MAX_ORGS_PER_USER} organizations.`,
      });
    }
    noteOwnPermissionsVersion(c, result.actorPv);
    return c.json({ org: orgView(result.org) }, 201);
  })

  .get('/:orgId', requirePermission('org.read'), (c) => {
    const { org, role } = c.get('access');
    // The caller's own grants, so that a client can show what it may do (custom roles included).
    return c.json({
      org: orgView(org),
      membership: { role: role.id, roleName: role.name, permissions: role.permissions },
    });
  })

  .patch('/:orgId', requirePermission('org.update'), validate('json', orgUpdate), async (c) => {
    const { deps, access, actor, auth } = c.var;
    const { name = access.org.name, requireMfa = access.org.requireMfa } = c.req.valid('json');
    // Whoever turns the policy on must meet it, or the org would lock them out with the answer.
    if (requireMfa && !access.org.requireMfa && !hasMfa(await mfaStatusOf(deps.store, auth.userId))) {
      throw new ApiError('CONFLICT', {
        detail: 'Set up two-factor authentication for your own account first.',
        errors: [{ path: 'requireMfa', message: 'Set up two-factor authentication for your own account first' }],
      });
    }
    if (
      name !== access.org.name &&
      (await renameOrg(deps.store, deps.config, actor, access.org.id, name)) === 'stale'
    ) {
      throw staleRoleError();
    }
    if (
      requireMfa !== access.org.requireMfa &&
      (await setOrgRequireMfa(deps.store, deps.config, actor, access.org.id, requireMfa)) === 'stale'
    ) {
      throw staleRoleError();
    }
    return c.json({ org: orgView({ ...access.org, name, requireMfa }) });
  })

  .delete('/:orgId', requirePermission('org.delete'), requireRecentAuth, async (c) => {
    const { deps, access, actor } = c.var;
    const result = await deleteOrg(deps.store, deps.config, actor, access.org.id);
    if (result.status === 'stale') throw staleRoleError();
    noteOwnPermissionsVersion(c, result.actorPv);
    return c.body(null, 204);
  });
