import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../../app-env.ts';
import { ApiError } from '../../errors/index.ts';
import { authenticate } from '../../middleware/authenticate.ts';
import { rateLimit } from '../../middleware/rate-limit.ts';
import { validate } from '../../middleware/validate.ts';
import { parseInvitationToken } from '../../orgs/invitation-token.ts';
import { acceptInvitation, declineInvitation, previewInvitation } from '../../orgs/invitations.ts';
import { newcomerOf } from './newcomer-of.ts';
import { staleRoleError } from './org-errors.ts';
import { orgView } from './org-view.ts';
import { noteOwnPermissionsVersion } from './own-permissions-version.ts';

// As for the other emailed tokens (verification, reset): 400 on the `token` field. Unknown,
// tampered, revoked and already used tokens answer alike.
const badToken = (message: 'Expired' | 'Invalid or already used') =>
  new ApiError('VALIDATION_FAILED', {
    detail: 'This invitation link does not work any more; ask for a new one.',
    errors: [{ path: 'token', message }],
  });

const tokenBody = z.object({ token: z.string({ error: 'Send the token from the invitation' }).max(256) });

/**
 * `/api/invitations`: what the emailed token opens. Reading and declining need only the token (it
 * proves control of the invited mailbox, and the invitee may have no account yet); accepting needs
 * the account that holds the invited address.
 */
export const acceptInvitationRoutes = new Hono<AppEnv>()
  // POST, not GET with the token in the path: tokens stay out of URLs that logs keep.
  .post('/preview', rateLimit('invitation'), validate('json', tokenBody), async (c) => {
    const deps = c.get('deps');
    const token = parseInvitationToken(c.req.valid('json').token);
    const invitation = token ? await previewInvitation(deps.store, token, deps.now()) : null;
    // Expired, used, withdrawn and made-up tokens answer alike.
    if (!invitation) throw badToken('Invalid or already used');
    return c.json({ invitation });
  })

  .post('/decline', rateLimit('invitation'), validate('json', tokenBody), async (c) => {
    const deps = c.get('deps');
    const token = parseInvitationToken(c.req.valid('json').token);
    const status = token
      ? await declineInvitation(deps.store, deps.config, { token, ip: deps.clientIp(c) ?? '', now: deps.now() })
      : 'missing';
    if (status === 'missing') throw badToken('Invalid or already used');
    return c.body(null, 204);
  })

  .post('/accept', authenticate, validate('json', tokenBody), async (c) => {
    const { deps, auth } = c.var;
    const token = parseInvitationToken(c.req.valid('json').token);
    if (!token) throw badToken('Invalid or already used');
    const result = await acceptInvitation(deps.store, deps.config, newcomerOf(c), { token, email: auth.user.email });
    switch (result.status) {
      case 'ok':
        noteOwnPermissionsVersion(c, result.actorPv);
        return c.json({ org: orgView(result.org), role: result.role });
      case 'missing':
        throw badToken('Invalid or already used');
      case 'expired':
        throw badToken('Expired');
      case 'wrong-email':
        // The token proves control of the invited mailbox only together with an account that
        // holds the same address; the invitation stays valid for that account.
        throw new ApiError('FORBIDDEN', {
          detail: 'This invitation was sent to a different email address. Sign in with that address to accept it.',
        });
      case 'revoked':
        throw new ApiError('CONFLICT', {
          detail:
            'Whoever invited you may no longer grant this role, so the invitation was withdrawn. Ask for a new one.',
        });
      case 'stale':
        throw staleRoleError();
      case 'member':
        throw new ApiError('CONFLICT', { detail: 'You are already a member of this organization.' });
      case 'limit':
        throw new ApiError('CONFLICT', {
          detail: `An account can belong to at most ${deps.config.MAX_ORGS_PER_USER} organizations.`,
        });
      case 'full':
        throw new ApiError('CONFLICT', { detail: 'This organization has reached its member limit.' });
    }
  });
