import { Hono } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { resourceRoutes } from '../../resources/index.ts';
import { auditRoutes } from './audit.ts';
import { invitationRoutes } from './invitations.ts';
import { memberRoutes } from './members.ts';
import { orgRoutes } from './orgs.ts';
import { roleRoutes } from './roles.ts';

export { acceptInvitationRoutes } from './accept-invitation.ts';

/** Everything under /api/orgs; each route carries its own `requirePermission`. */
export const orgs = new Hono<AppEnv>()
  .route('/', orgRoutes)
  .route('/:orgId/members', memberRoutes)
  .route('/:orgId/invitations', invitationRoutes)
  .route('/:orgId/roles', roleRoutes)
  .route('/:orgId/audit', auditRoutes)
  // The generated resources (`pnpm generate`), posts among them.
  .route('/', resourceRoutes);
