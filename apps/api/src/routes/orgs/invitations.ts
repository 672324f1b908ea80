import { canAssignRole, roleIdSchema } from '@portcullis/permissions';
import { Hono } from 'hono';
import * as z from 'zod';
import { afterResponse } from '../../account/after-response.ts';
import { appUrl } from '../../account/app-url.ts';
import type { AppEnv } from '../../app-env.ts';
import { ApiError } from '../../errors/index.ts';
import { requirePermission } from '../../middleware/require-permission.ts';
import { validate } from '../../middleware/validate.ts';
import { invitationEmail, invitationLink } from '../../orgs/invitation-email.ts';
import { createInvitation, listInvitations, revokeInvitation, userIdByEmail } from '../../orgs/invitations.ts';
import { ID_PATTERN } from '../../orgs/org-access.ts';
import { findRole } from '../../orgs/roles.ts';
import { emailSchema } from '../../users/user.ts';

import { notFoundError, staleRoleError } from './org-errors.ts';

const invitationBody = z.object({ email: emailSchema, role: roleIdSchema });

/** `/api/orgs/:orgId/invitations`. */
export const invitationRoutes = new Hono<AppEnv>()
  .get('/', requirePermission('invitations.read'), async (c) => {
    const { deps, access } = c.var;
    return c.json({ invitations: await listInvitations(deps.store, access.org.id, deps.now()) });
  })

  .post('/', requirePermission('invitations.create'), validate('json', invitationBody), async (c) => {
    const { deps, access, actor, auth } = c.var;
    const { email, role: roleId } = c.req.valid('json');
    const [role, existingUserId] = await Promise.all([
      findRole(deps.store, access.org.id, roleId),
      userIdByEmail(deps.store, email),
    ]);
    if (!role) {
      throw new ApiError('VALIDATION_FAILED', {
        errors: [{ path: 'role', message: `Unknown role ${JSON.stringify(roleId)} in this organization` }],
      });
    }
    if (!canAssignRole(access.role.permissions, role.role)) {
      throw new ApiError('FORBIDDEN', {
        detail:
          'You cannot invite with a role that has permissions you do not have (owners need members.manage-owners).',
      });
    }
    const result = await createInvitation(deps.store, deps.config, actor, {
      orgId: access.org.id,
      email,
      role,
      existingUserId,
    });
    switch (result.status) {
      case 'stale':
        throw staleRoleError();
      case 'member':
        throw new ApiError('CONFLICT', {
          detail: 'This person is already a member of the organization.',
          errors: [{ path: 'email', message: 'Already a member' }],
        });
      case 'limit':
        throw new ApiError('CONFLICT', {
          detail: `At most ${deps.config.ORG_MAX_PENDING_INVITATIONS} invitations may be pending; revoke some first.`,
        });
      case 'ok':
        break;
    }
    const message = invitationEmail({
      to: email,
      inviterName: auth.user.name,
      orgName: access.org.name,
      roleName: role.role.name,
      link: invitationLink(appUrl(c), result.token),
      ttlSeconds: deps.config.INVITATION_TTL_SECONDS,
    });
    await afterResponse(c, 'invitation email', () => deps.mailer.send(message));
    return c.json({ invitation: result.invitation }, 201);
  })

  .delete('/:invitationId', requirePermission('invitations.revoke'), async (c) => {
    const { deps, access, actor } = c.var;
    const invitationId = c.req.param('invitationId');
    if (!ID_PATTERN.test(invitationId)) throw notFoundError('invitation');
    const status = await revokeInvitation(deps.store, deps.config, actor, access.org.id, invitationId);
    if (status === 'missing') throw notFoundError('invitation');
    if (status === 'stale') throw staleRoleError();
    return c.body(null, 204);
  });
