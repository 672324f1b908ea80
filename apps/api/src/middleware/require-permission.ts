import { canAny, type Permission } from '@portcullis/permissions';
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';
import { hasMfa, mfaStatusOf } from '../mfa/mfa-status.ts';
import type { Actor } from '../orgs/actor.ts';
import { type OrgAccess, resolveOrgAccess } from '../orgs/org-access.ts';
import { authenticateRequest, exposePermissionsVersion, PERMISSIONS_VERSION_HEADER } from './authenticate.ts';

/** Routes under /api/orgs/:orgId see the caller's standing in that org. */
export interface OrgEnv {
  Variables: AppEnv['Variables'] & {
    access: OrgAccess;
    /** The caller as the org scripts record and re-check them (see orgs/actor.ts). */
    actor: Actor;
  };
}

export interface RequirePermissionOptions {
  /**
   * A path parameter naming a user: when it names the caller, membership is enough. Lets anyone
   * leave an org (`DELETE /members/:userId` on themselves) without `members.remove`.
   */
  orSelf?: string;
}

/**
 * The guard of every org route: authenticates, resolves the caller's role in the org named by
 * `:orgId` — afresh on every request, in the same round trip as the session check, so a role
 * change applies to the very next request — and requires `permission` in at least some scope.
 * Handlers then check ownership for `:own` grants: `can(grants, 'posts.read', { userId, ownerId })`,
 * or, for a change, in the script that makes it (so the check and the write are one step).
 *
 * Not a member (or no such org): 404, never 403, so an org's existence does not leak. A member
 * without MFA in an org that requires it: 403 MFA_REQUIRED, on every route. A member without the
 * permission: 403. A misspelled permission does not compile.
 *
 * @example
 * posts.delete('/:postId', requirePermission('posts.delete'), async (c) => { … })
 */
export function requirePermission(
  permission: Permission,
  options: RequirePermissionOptions = {},
): MiddlewareHandler<OrgEnv> {
  return createMiddleware<OrgEnv>(async (c, next) => {
    const orgId = c.req.param('orgId') ?? '';
    const { store } = c.get('deps');
    // The org, the caller's role in it and the caller's second factors: one round trip with the
    // session check.
    const [access, mfa] = await authenticateRequest(c, (userId) =>
      Promise.all([resolveOrgAccess(store, orgId, userId), mfaStatusOf(store, userId)]),
    );
    // Thrown errors skip the code after next(), so these carry the header themselves.
    const headers = { [PERMISSIONS_VERSION_HEADER]: c.get('auth').user.permissionsVersion };
    if (!access) throw new ApiError('NOT_FOUND', { detail: 'No such organization.', headers });
    // Before the permission: whatever the route, this member must set up a second factor first.
    if (access.org.requireMfa && !hasMfa(mfa)) {
      throw new ApiError('MFA_REQUIRED', {
        detail: 'This organization requires two-factor authentication. Set it up in your security settings.',
        headers,
      });
    }
    const self = options.orSelf !== undefined && c.req.param(options.orSelf) === c.get('auth').userId;
    if (!self && !canAny(access.role.permissions, permission)) {
      throw new ApiError('FORBIDDEN', {
        detail: `Your role in this organization does not allow ${permission}.`,
        headers,
      });
    }
    c.set('access', access);
    c.set('actor', {
      userId: c.get('auth').userId,
      roleId: access.role.id,
      roleDef: access.roleDef,
      ip: c.get('deps').clientIp(c) ?? '',
      now: c.get('deps').now(),
    });
    await next();
    exposePermissionsVersion(c);
  });
}
