import { canAssignRole, roleIdSchema } from '@portcullis/permissions';
import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../../app-env.ts';
import { ApiError } from '../../errors/index.ts';
import { requirePermission } from '../../middleware/require-permission.ts';
import { validate } from '../../middleware/validate.ts';
import { judgeSent, rolesSentBy } from '../../orgs/inviter-authority.ts';
import { changeMemberRole, findMember, listMembers, memberRole, removeMember } from '../../orgs/members.ts';
import { ID_PATTERN } from '../../orgs/org-access.ts';
import { findRole } from '../../orgs/roles.ts';

import { lastOwnerError, notFoundError, staleRoleError } from './org-errors.ts';
import { noteOwnPermissionsVersion } from './own-permissions-version.ts';

const ABOVE_YOURS = 'This member holds permissions you do not have (changing owners needs members.manage-owners).';

/** `/api/orgs/:orgId/members`. */
export const memberRoutes = new Hono<AppEnv>()
  .get('/', requirePermission('members.read'), async (c) => {
    return c.json({ members: await listMembers(c.get('deps').store, c.get('access').org.id) });
  })

  .patch(
    '/:userId',
    requirePermission('members.update'),
    validate('json', z.object({ role: roleIdSchema })),
    async (c) => {
      const { deps, access, actor, auth } = c.var;
      const orgId = access.org.id;
      const userId = c.req.param('userId');
      const { role: roleId } = c.req.valid('json');
      if (!ID_PATTERN.test(userId)) throw notFoundError('member');
      const [current, next, sent] = await Promise.all([
        memberRole(deps.store, orgId, userId),
        findRole(deps.store, orgId, roleId),
        rolesSentBy(deps.store, orgId, userId, actor.now),
      ]);
      if (!current) throw notFoundError('member');
      if (!next) {
        throw new ApiError('VALIDATION_FAILED', {
          errors: [{ path: 'role', message: `Unknown role ${JSON.stringify(roleId)} in this organization` }],
        });
      }
      // Nobody takes away, or hands out, more than they hold themselves.
      if (!canAssignRole(access.role.permissions, current.role))
        throw new ApiError('FORBIDDEN', { detail: ABOVE_YOURS });
      if (!canAssignRole(access.role.permissions, next.role)) {
        throw new ApiError('FORBIDDEN', {
          detail:
            'You cannot give a role with permissions you do not have (making owners needs members.manage-owners).',
        });
      }
      const result = await changeMemberRole(deps.store, deps.config, actor, {
        orgId,
        userId,
        current,
        next,
        // Their pending invitations are judged against the new role: what it may not send is revoked.
        judgedInvitations: judgeSent(next.role.permissions, sent),
      });
      if (result.status === 'missing') throw notFoundError('member');
      if (result.status === 'stale') throw staleRoleError();
      if (result.status === 'last-owner') throw lastOwnerError();
      if (userId === auth.userId) noteOwnPermissionsVersion(c, result.targetPv);
      const member = await findMember(deps.store, orgId, userId, next.role);
      if (!member) throw notFoundError('member');
      return c.json({ member });
    },
  )

  // Anyone may leave (DELETE themselves) without members.remove; the last owner may not.
  .delete('/:userId', requirePermission('members.remove', { orSelf: 'userId' }), async (c) => {
    const { deps, access, actor, auth } = c.var;
    const orgId = access.org.id;
    const userId = c.req.param('userId');
    if (!ID_PATTERN.test(userId)) throw notFoundError('member');
    const current = await memberRole(deps.store, orgId, userId);
    if (!current) throw notFoundError('member');
    const self = userId === auth.userId;
    if (!self && !canAssignRole(access.role.permissions, current.role)) {
      throw new ApiError('FORBIDDEN', { detail: ABOVE_YOURS });
    }
    const result = await removeMember(deps.store, deps.config, actor, { orgId, userId, current });
    if (result.status === 'missing') throw notFoundError('member');
    if (result.status === 'stale') throw staleRoleError();
    if (result.status === 'last-owner') throw lastOwnerError();
    if (self) noteOwnPermissionsVersion(c, result.targetPv);
    return c.body(null, 204);
  });
