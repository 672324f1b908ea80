import type { Config } from '../config/config.ts';
import { randomId } from '../ids.ts';
import { keys } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import { hashReply, platformRoleOf } from '../users/user.ts';
import { type Actor, actorArgs } from './actor.ts';
import { keyTemplate } from './key-template.ts';
import type { OrgRecord } from './org-access.ts';
import {
  createOrgScript,
  deleteOrgScript,
  membershipsScript,
  renameOrgScript,
  setRequireMfaScript,
} from './org-scripts.ts';
import { pvOf, statusReply, text } from './script-reply.ts';

/** What a change to the actor's own memberships returns: their new `pv` counter. */
export interface OwnPvChange {
  /** The actor's `pv` after the change, or null when the change did not touch it. */
  actorPv: number | null;
}

export type CreateOrgResult = ({ status: 'ok'; org: OrgRecord } & OwnPvChange) | { status: 'limit' };

/** Creates an org with the actor as its owner (one script: org, membership, user index, audit). */
export async function createOrg(store: Store, config: Config, actor: Actor, name: string): Promise<CreateOrgResult> {
  const orgId = randomId();
  const reply = await store.run(
    createOrgScript,
    [
      keys.orgMembers(orgId),
      keys.orgRoles(orgId),
      keys.orgAudit(orgId),
      keys.org(orgId),
      keys.orgJoined(orgId),
      keys.userOrgs(actor.userId),
      keys.userOrgNames(actor.userId),
      keys.user(actor.userId),
    ],
    [...actorArgs(actor, config.ORG_AUDIT_MAX_EVENTS), orgId, name, config.MAX_ORGS_PER_USER],
  );
  const [status, values] = statusReply(reply, 'org-create');
  if (status === 'ok') {
    return { status, org: { id: orgId, name, createdAt: actor.now, requireMfa: false }, actorPv: pvOf(values[0]) };
  }
  if (status === 'limit') return { status };
  // 'exists': two random 128-bit ids collided — not a state a request can cause.
  throw new Error(`org-create: unexpected status ${status}`);
}

/** Renames the org; 'stale' when the actor's role changed while the request ran. */
export async function renameOrg(
  store: Store,
  config: Config,
  actor: Actor,
  orgId: string,
  name: string,
): Promise<'ok' | 'stale'> {
  const reply = await store.run(
    renameOrgScript,
    [keys.orgMembers(orgId), keys.orgRoles(orgId), keys.orgAudit(orgId), keys.org(orgId)],
    [...actorArgs(actor, config.ORG_AUDIT_MAX_EVENTS), orgId, name, ...keyTemplate(keys.userOrgNames)],
  );
  const [status] = statusReply(reply, 'org-rename');
  if (status === 'ok' || status === 'stale') return status;
  throw new Error(`org-rename: unexpected status ${status}`);
}

/** Sets whether members need MFA; 'stale' when the actor's role changed while the request ran. */
export async function setOrgRequireMfa(
  store: Store,
  config: Config,
  actor: Actor,
  orgId: string,
  requireMfa: boolean,
): Promise<'ok' | 'stale'> {
  const reply = await store.run(
    setRequireMfaScript,
    [keys.orgMembers(orgId), keys.orgRoles(orgId), keys.orgAudit(orgId), keys.org(orgId)],
    [...actorArgs(actor, config.ORG_AUDIT_MAX_EVENTS), orgId, requireMfa ? '1' : '0'],
  );
  const [status] = statusReply(reply, 'org-require-mfa');
  if (status === 'ok' || status === 'stale') return status;
  throw new Error(`org-require-mfa: unexpected status ${status}`);
}

export type DeleteOrgResult = ({ status: 'ok' } & OwnPvChange) | { status: 'stale' };

/** Deletes the org with its members, roles, invitations, posts and audit log. */
export async function deleteOrg(store: Store, config: Config, actor: Actor, orgId: string): Promise<DeleteOrgResult> {
  const reply = await store.run(
    deleteOrgScript,
    [
      keys.orgMembers(orgId),
      keys.orgRoles(orgId),
      keys.orgAudit(orgId),
      keys.org(orgId),
      keys.orgJoined(orgId),
      keys.orgRoleNames(orgId),
      keys.orgInvitations(orgId),
      keys.orgPosts(orgId),
    ],
    [
      ...actorArgs(actor, config.ORG_AUDIT_MAX_EVENTS),
      orgId,
      ...keyTemplate(keys.user),
      ...keyTemplate(keys.userOrgs),
      ...keyTemplate(keys.userOrgNames),
      ...keyTemplate((id) => keys.orgInvitation(orgId, id)),
      ...keyTemplate((id) => keys.orgPost(orgId, id)),
      ...keyTemplate((id) => keys.orgPostsBy(orgId, id)),
    ],
  );
  const [status, values] = statusReply(reply, 'org-delete');
  if (status === 'ok') return { status, actorPv: pvOf(values[0]) };
  if (status === 'stale') return { status };
  throw new Error(`org-delete: unexpected status ${status}`);
}

/** One of the user's orgs, as /me and GET /api/orgs list them. */
export interface Membership {
  id: string;
  name: string;
  role: string;
}

export interface Memberships {
  orgs: Membership[];
  /** Read in the same step as `orgs` (see membershipsScript). */
  platformRole: string;
  pv: string;
}

/** The user's orgs, sorted by name, and their permissions version, read atomically. */
export async function membershipsOf(store: Store, userId: string): Promise<Memberships> {
  const reply = await store.run(
    membershipsScript,
    [keys.userOrgs(userId), keys.userOrgNames(userId), keys.user(userId)],
    [],
  );
  if (!Array.isArray(reply)) throw new Error('user-orgs: unexpected reply');
  const [roles, names, role, pv, verified] = reply;
  const roleByOrg = hashReply(roles ?? null) ?? {};
  const nameByOrg = hashReply(names ?? null) ?? {};
  const orgs = Object.entries(roleByOrg)
    .map(([id, role]) => ({ id, name: nameByOrg[id] ?? '', role }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { orgs, platformRole: platformRoleOf({ role: text(role), verified: text(verified) }), pv: text(pv) };
}
