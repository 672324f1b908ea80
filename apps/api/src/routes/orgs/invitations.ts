import { canAssignRole, roleIdSchema } from '@portcullis/permissions';
import { Hono } from 'hono';
import * as z from 'zod';
import { afterResponse } from '../../account/after-response.ts';
import { appUrl } from '../../account/app-url.ts';
import type { AppEnv } from '../../app-env.ts';
import { ApiError } from '../../errors/index.ts';
import { rateLimit } from '../../middleware/rate-limit.ts';
import { requirePermission } from '../../middleware/require-permission.ts';
import { validate } from '../../middleware/validate.ts';
import { invitationEmail, invitationLink } from '../../orgs/invitation-email.ts';
import {
  createInvitation,
  listInvitations,
  pendingInvitationRole,
  resendInvitation,
  revokeInvitation,
  userIdByEmail,
} from '../../orgs/invitations.ts';
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

  /*
   * A new link for a pending invitation: new token and expiry, the old link dead in the same step.
   * `notify: false` only makes the link, for the inviter to copy and pass on themselves (the API
   * keeps only token hashes, so a link can never be read back). Either way the answer carries the
   * link: it works only for an account with the invited address, which the inviter could invite
   * anyway.
   */
  .post(
    '/:invitationId/resend',
    rateLimit('invitation'),
    requirePermission('invitations.create'),
    validate('json', z.object({ notify: z.boolean().default(true) }).default({ notify: true })),
    async (c) => {
      const { deps, access, actor, auth } = c.var;
      const invitationId = c.req.param('invitationId');
      if (!ID_PATTERN.test(invitationId)) throw notFoundError('invitation');
      const roleId = await pendingInvitationRole(deps.store, access.org.id, invitationId, actor.now);
      if (!roleId) throw notFoundError('invitation');
      const role = await findRole(deps.store, access.org.id, roleId);
      if (!role) throw staleRoleError();
      if (!canAssignRole(access.role.permissions, role.role)) {
        throw new ApiError('FORBIDDEN', {
          detail: 'This invitation offers a role with permissions you do not have, so you cannot resend it.',
        });
      }
      const result = await resendInvitation(deps.store, deps.config, actor, {
        orgId: access.org.id,
        invitationId,
        role,
      });
      if (result.status === 'missing') throw notFoundError('invitation');
      if (result.status === 'stale') throw staleRoleError();
      const link = invitationLink(appUrl(c), result.token);
      if (c.req.valid('json').notify) {
        const message = invitationEmail({
          to: result.invitation.email,
          inviterName: auth.user.name,
          orgName: access.org.name,
          roleName: role.role.name,
          link,
          ttlSeconds: deps.config.INVITATION_TTL_SECONDS,
        });
        await afterResponse(c, 'invitation email', () => deps.mailer.send(message));
      }
      return c.json({ invitation: result.invitation, link });
    },
  )

  .delete('/:invitationId', requirePermission('invitations.revoke'), async (c) => {
    const { deps, access, actor } = c.var;
    const invitationId = c.req.param('invitationId');
    if (!ID_PATTERN.test(invitationId)) throw notFoundError('invitation');
    const status = await revokeInvitation(deps.store, deps.config, actor, access.org.id, invitationId);
    if (status === 'missing') throw notFoundError('invitation');
    if (status === 'stale') throw staleRoleError();
    return c.body(null, 204);
  });
