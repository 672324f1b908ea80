import * as z from 'zod';
import { tokenHash } from '../account/one-time-token.ts';
import type { Config } from '../config/config.ts';
import { randomId } from '../ids.ts';
import { keyTemplate } from '../keys/key-template.ts';
import { keys } from '../keys/keys.ts';
import { text } from '../store/reply.ts';
import type { Store } from '../store/store.ts';
import { hashReply } from '../users/user.ts';
import { type Actor, orgChange } from './actor.ts';
import {
  acceptInvitationScript,
  createInvitationScript,
  declineInvitationScript,
  listInvitationsScript,
  previewInvitationScript,
  resendInvitationScript,
  revokeInvitationScript,
} from './invitation-scripts.ts';
import { type InvitationToken, newInvitationToken } from './invitation-token.ts';
import { judgeInviter } from './inviter-authority.ts';
import { type OrgRecord, type RoleSnapshot, roleOf } from './org-access.ts';

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
  const result = await createInvitationScript.run(store, {
    invitations: keys.orgInvitations(orgId),
    invitation: keys.orgInvitation(orgId, id),
    ...orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS),
    id,
    email,
    role: role.role.id,
    roleDef: role.def,
    hash: await tokenHash(token),
    expiresAt,
    maxPending: config.ORG_MAX_PENDING_INVITATIONS,
    ...keyTemplate('invitation', (invitationId) => keys.orgInvitation(orgId, invitationId)),
    existingUser: input.existingUserId ?? '',
  });
  if (result.status === 'ok') {
    const invitation = toInvitation({
      id,
      email,
      role: role.role.id,
      invitedBy: actor.userId,
      createdAt: actor.now,
      expiresAt,
    });
    return { status: 'ok', invitation, token, replaced: result.replaced || null };
  }
  return result;
}

/** The org's pending invitations, newest first (their number is capped per org). */
export async function listInvitations(store: Store, orgId: string, now: number): Promise<Invitation[]> {
  const rows = await listInvitationsScript.run(store, {
    invitations: keys.orgInvitations(orgId),
    now,
    ...keyTemplate('invitation', (id) => keys.orgInvitation(orgId, id)),
  });
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
  const { status } = await revokeInvitationScript.run(store, {
    invitations: keys.orgInvitations(orgId),
    invitation: keys.orgInvitation(orgId, invitationId),
    ...orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS),
    id: invitationId,
  });
  return status;
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
  const result = await acceptInvitationScript.run(store, {
    org: keys.org(orgId),
    joined: keys.orgJoined(orgId),
    invitations: keys.orgInvitations(orgId),
    invitation: keys.orgInvitation(orgId, invitationId),
    userOrgs: keys.userOrgs(actor.userId),
    userOrgNames: keys.userOrgNames(actor.userId),
    user: keys.user(actor.userId),
    ...orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS),
    id: invitationId,
    hash: await tokenHash(token),
    email: input.email,
    maxOrgs: config.MAX_ORGS_PER_USER,
    maxMembers: config.ORG_MAX_MEMBERS,
    orgId,
    ...inviter,
  });
  if (result.status !== 'ok') return result;
  return {
    status: 'ok',
    org: {
      id: orgId,
      name: result.orgName,
      createdAt: Number(result.orgCreatedAt),
      requireMfa: result.orgRequireMfa === '1',
    },
    role: result.role,
    actorPv: result.pv,
  };
}

/** The account id registered with an email, or null. */
export async function userIdByEmail(store: Store, email: string): Promise<string | null> {
  const id = text(await store.send(['GET', keys.email(email)]));
  return id || null;
}

/** What the invitation landing page shows to whoever holds the link. */
export interface InvitationPreview {
  email: string;
  role: { id: string; name: string };
  org: { id: string; name: string };
  inviter: { name: string };
  expiresAt: string;
}

/** The pending invitation a token opens, or null when the token is not its live one. */
export async function previewInvitation(
  store: Store,
  token: InvitationToken,
  now: number,
): Promise<InvitationPreview | null> {
  const { orgId, invitationId } = token;
  const found = await previewInvitationScript.run(store, {
    invitation: keys.orgInvitation(orgId, invitationId),
    org: keys.org(orgId),
    roles: keys.orgRoles(orgId),
    hash: await tokenHash(token.token),
    now,
  });
  if (!found) return null;
  // The inviter lives in their own slot: a second read, and only a name leaves it.
  const inviterName = text(await store.send(['HGET', keys.user(found.invitedBy), 'name']));
  const role = roleOf(found.role, found.roleDef);
  return {
    email: found.email,
    role: { id: role.id, name: role.name },
    org: { id: orgId, name: found.orgName },
    inviter: { name: inviterName },
    expiresAt: new Date(Number(found.expiresAt)).toISOString(),
  };
}

/** Declines (deletes) the invitation the token opens; 'missing' when it is not the live token. */
export async function declineInvitation(
  store: Store,
  config: Config,
  input: { token: InvitationToken; ip: string; now: number },
): Promise<'ok' | 'missing'> {
  const { orgId, invitationId } = input.token;
  const { status } = await declineInvitationScript.run(store, {
    // Nobody's account acts: the token alone speaks for the invited mailbox.
    ...orgChange(
      { userId: '', roleId: '', roleDef: '', ip: input.ip, now: input.now },
      orgId,
      config.ORG_AUDIT_MAX_EVENTS,
    ),
    invitations: keys.orgInvitations(orgId),
    invitation: keys.orgInvitation(orgId, invitationId),
    id: invitationId,
    hash: await tokenHash(input.token.token),
  });
  return status;
}

/** The role a pending invitation offers, or null when there is none by that id (or it expired). */
export async function pendingInvitationRole(
  store: Store,
  orgId: string,
  invitationId: string,
  now: number,
): Promise<string | null> {
  const reply = await store.send(['HMGET', keys.orgInvitation(orgId, invitationId), 'role', 'expiresAt']);
  const [role, expiresAt] = Array.isArray(reply) ? reply.map(text) : [];
  return role && Number(expiresAt) > now ? role : null;
}

export type ResendInvitationResult =
  | { status: 'ok'; invitation: Invitation; token: string }
  | { status: 'missing' }
  | { status: 'stale' };

/** A new token and expiry for a pending invitation; the old token stops working at once. */
export async function resendInvitation(
  store: Store,
  config: Config,
  actor: Actor,
  input: { orgId: string; invitationId: string; role: RoleSnapshot },
): Promise<ResendInvitationResult> {
  const { orgId, invitationId, role } = input;
  const id = randomId();
  const { token } = newInvitationToken(orgId, id);
  const expiresAt = actor.now + config.INVITATION_TTL_SECONDS * 1000;
  const result = await resendInvitationScript.run(store, {
    ...orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS),
    invitations: keys.orgInvitations(orgId),
    invitation: keys.orgInvitation(orgId, invitationId),
    replacement: keys.orgInvitation(orgId, id),
    id: invitationId,
    newId: id,
    role: role.role.id,
    roleDef: role.def,
    hash: await tokenHash(token),
    expiresAt,
  });
  if (result.status !== 'ok') return result;
  const invitation = toInvitation({
    id,
    email: result.email,
    role: role.role.id,
    invitedBy: actor.userId,
    createdAt: actor.now,
    expiresAt,
  });
  return { status: 'ok', invitation, token };
}
