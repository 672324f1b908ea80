import * as z from 'zod';
import { tokenHash } from '../account/one-time-token.ts';
import type { Config } from '../config/config.ts';
import { randomId } from '../ids.ts';
import { keys } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import { hashReply } from '../users/user.ts';
import { type Actor, actorArgs } from './actor.ts';
import {
  acceptInvitationScript,
  createInvitationScript,
  listInvitationsScript,
  revokeInvitationScript,
} from './invitation-scripts.ts';
import { type InvitationToken, newInvitationToken } from './invitation-token.ts';
import { judgeInviter } from './inviter-authority.ts';
import { keyTemplate } from './key-template.ts';
import type { OrgRecord, RoleSnapshot } from './org-access.ts';
import { pvOf, statusReply, text } from './script-reply.ts';

/** An invitation as the API returns it; never its token. */
export interface Invitation {
  id: string;
  email: string;
  role: string;
  invitedBy: string;
  createdAt: string;
  expiresAt: string;
}

const storedInvitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.string(),
  invitedBy: z.string(),
  createdAt: z.coerce.number(),
  expiresAt: z.coerce.number(),
});

function toInvitation(stored: z.output<typeof storedInvitationSchema>): Invitation {
  return {
    id: stored.id,
    email: stored.email,
    role: stored.role,
    invitedBy: stored.invitedBy,
    createdAt: new Date(stored.createdAt).toISOString(),
    expiresAt: new Date(stored.expiresAt).toISOString(),
  };
}

export type CreateInvitationResult =
  | { status: 'ok'; invitation: Invitation; token: string; replaced: string | null }
  | { status: 'stale' | 'member' | 'limit' };

/**
 * Stores an invitation (only the token's hash) and returns the token for the email. An earlier
 * pending invitation to the same address is replaced.
 */
export async function createInvitation(
  store: Store,
  config: Config,
  actor: Actor,
  input: { orgId: string; email: string; role: RoleSnapshot; existingUserId: string | null },
): Promise<CreateInvitationResult> {
  const { orgId, email, role } = input;
  const id = randomId();
  const { token } = newInvitationToken(orgId, id);
  const expiresAt = actor.now + config.INVITATION_TTL_SECONDS * 1000;
  const reply = await store.run(
    createInvitationScript,
    [
      keys.orgMembers(orgId),
      keys.orgRoles(orgId),
      keys.orgAudit(orgId),
      keys.orgInvitations(orgId),
      keys.orgInvitation(orgId, id),
    ],
    [
      ...actorArgs(actor, config.ORG_AUDIT_MAX_EVENTS),
      id,
      email,
      role.role.id,
      role.def,
      await tokenHash(token),
      expiresAt,
      config.ORG_MAX_PENDING_INVITATIONS,
      ...keyTemplate((invitationId) => keys.orgInvitation(orgId, invitationId)),
      input.existingUserId ?? '',
    ],
  );
  const [status, values] = statusReply(reply, 'invitation-create');
  if (status === 'ok') {
    const invitation = toInvitation({
      id,
      email,
      role: role.role.id,
      invitedBy: actor.userId,
      createdAt: actor.now,
      expiresAt,
    });
    return { status, invitation, token, replaced: text(values[0]) || null };
  }
  if (status === 'stale' || status === 'member' || status === 'limit') return { status };
  throw new Error(`invitation-create: unexpected status ${status}`);
}

/** The org's pending invitations, newest first (their number is capped per org). */
export async function listInvitations(store: Store, orgId: string, now: number): Promise<Invitation[]> {
  const reply = await store.run(
    listInvitationsScript,
    [keys.orgInvitations(orgId)],
    [now, ...keyTemplate((id) => keys.orgInvitation(orgId, id))],
  );
  const rows = Array.isArray(reply) ? reply : [];
  return rows
    .flatMap((row) => {
      const parsed = storedInvitationSchema.safeParse(hashReply(row));
      return parsed.success && parsed.data.expiresAt > now ? [parsed.data] : [];
    })
    .sort((a, b) => b.createdAt - a.createdAt)
    .map(toInvitation);
}

/** Revokes a pending invitation; 'missing' when there is none by that id (or it expired). */
export async function revokeInvitation(
  store: Store,
  config: Config,
  actor: Actor,
  orgId: string,
  invitationId: string,
): Promise<'ok' | 'stale' | 'missing'> {
  const reply = await store.run(
    revokeInvitationScript,
    [
      keys.orgMembers(orgId),
      keys.orgRoles(orgId),
      keys.orgAudit(orgId),
      keys.orgInvitations(orgId),
      keys.orgInvitation(orgId, invitationId),
    ],
    [...actorArgs(actor, config.ORG_AUDIT_MAX_EVENTS), invitationId],
  );
  const [status] = statusReply(reply, 'invitation-revoke');
  if (status === 'ok' || status === 'stale' || status === 'missing') return status;
  throw new Error(`invitation-revoke: unexpected status ${status}`);
}

export type AcceptInvitationResult =
  | { status: 'ok'; org: OrgRecord; role: string; actorPv: number | null }
  | { status: 'missing' | 'expired' | 'wrong-email' | 'stale' | 'revoked' | 'member' | 'limit' | 'full' };

/**
 * Joins the org the token invites to, as the account `actor` with address `email` — if the inviter
 * may still send this invitation; else it is revoked ('revoked').
 */
export async function acceptInvitation(
  store: Store,
  config: Config,
  actor: Actor,
  input: { token: InvitationToken; email: string },
): Promise<AcceptInvitationResult> {
  const { orgId, invitationId, token } = input.token;
  const inviter = await judgeInviter(store, orgId, invitationId);
  const reply = await store.run(
    acceptInvitationScript,
    [
      keys.orgMembers(orgId),
      keys.orgRoles(orgId),
      keys.orgAudit(orgId),
      keys.org(orgId),
      keys.orgJoined(orgId),
      keys.orgInvitations(orgId),
      keys.orgInvitation(orgId, invitationId),
      keys.userOrgs(actor.userId),
      keys.userOrgNames(actor.userId),
      keys.user(actor.userId),
    ],
    [
      ...actorArgs(actor, config.ORG_AUDIT_MAX_EVENTS),
      invitationId,
      await tokenHash(token),
      input.email,
      config.MAX_ORGS_PER_USER,
      config.ORG_MAX_MEMBERS,
      orgId,
      ...inviter,
    ],
  );
  const [status, values] = statusReply(reply, 'invitation-accept');
  if (status === 'ok') {
    const [pv, role, name, createdAt, requireMfa] = values;
    return {
      status,
      org: { id: orgId, name: text(name), createdAt: Number(text(createdAt)), requireMfa: text(requireMfa) === '1' },
      role: text(role),
      actorPv: pvOf(pv),
    };
  }
  if (
    status === 'missing' ||
    status === 'expired' ||
    status === 'wrong-email' ||
    status === 'stale' ||
    status === 'revoked' ||
    status === 'member' ||
    status === 'limit' ||
    status === 'full'
  ) {
    return { status };
  }
  throw new Error(`invitation-accept: unexpected status ${status}`);
}

/** The account id registered with an email, or null. */
export async function userIdByEmail(store: Store, email: string): Promise<string | null> {
  const id = text(await store.send(['GET', keys.email(email)]));
  return id || null;
}
