import { positiveInt } from './env-schemas.ts';

const DAY = 24 * 60 * 60;

/**
 * Environment settings of organizations (README.md lists them). Spread into `configSchema` in
 * config.ts. The caps keep every list the API returns without pagination (a user's orgs, an org's
 * members, roles and pending invitations) bounded, and every script that walks them short.
 */
export const orgConfig = {
  /** How long an invitation link works. */
  INVITATION_TTL_SECONDS: positiveInt(2 * DAY),
  /** Organizations one user may belong to (creating or joining one more answers 409). */
  MAX_ORGS_PER_USER: positiveInt(100),
  ORG_MAX_MEMBERS: positiveInt(1000),
  ORG_MAX_PENDING_INVITATIONS: positiveInt(100),
  ORG_MAX_CUSTOM_ROLES: positiveInt(50),
  /** The audit stream of one org keeps about this many events (XADD MAXLEN ~), newest kept. */
  ORG_AUDIT_MAX_EVENTS: positiveInt(10_000),
};
