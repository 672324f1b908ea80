import type { Config } from '../config/config.ts';
import { randomId } from '../ids.ts';
import { keyTemplate } from '../keys/key-template.ts';
import { keys } from '../keys/keys.ts';
import { resourceKeys } from '../resource-kit/record-repository.ts';
import { resourceDefinitions } from '../resources/index.ts';
import type { Store } from '../store/store.ts';
import { hashReply, platformRoleOf } from '../users/user.ts';
import { type Actor, orgChange } from './actor.ts';
import type { OrgRecord } from './org-access.ts';
import {
  createOrgScript,
  deleteOrgScript,
  membershipsScript,
  renameOrgScript,
  setRequireMfaScript,
} from './org-scripts.ts';

/** What a change to the actor's own memberships returns: their new `pv` counter. */
export interface OwnPvChange {
  /** The actor's `pv` after the change, or null when the change did not touch it. */
  actorPv: number | null;
}

export type CreateOrgResult = ({ status: 'ok'; org: OrgRecord } & OwnPvChange) | { status: 'limit' };

/** Creates an org with the actor as its owner (one script: org, membership, user index, audit). */
export async function createOrg(store: Store, config: Config, actor: Actor, name: string): Promise<CreateOrgResult> {
  const orgId = randomId();
  const result = await createOrgScript.run(store, {
    org: keys.org(orgId),
    joined: keys.orgJoined(orgId),
    userOrgs: keys.userOrgs(actor.userId),
    userOrgNames: keys.userOrgNames(actor.userId),
    user: keys.user(actor.userId),
    ...orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS),
    orgId,
    name,
    maxOrgs: config.MAX_ORGS_PER_USER,
  });
  if (result.status === 'ok') {
    return { status: 'ok', org: { id: orgId, name, createdAt: actor.now, requireMfa: false }, actorPv: result.pv };
  }
  if (result.status === 'limit') return result;
  // 'exists': two random 128-bit ids collided — not a state a request can cause.
  throw new Error('org-create: two org ids collided');
}

/** Renames the org; 'stale' when the actor's role changed while the request ran. */
export async function renameOrg(
  store: Store,
  config: Config,
  actor: Actor,
  orgId: string,
  name: string,
): Promise<'ok' | 'stale'> {
  const { status } = await renameOrgScript.run(store, {
    org: keys.org(orgId),
    ...orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS),
    orgId,
    name,
    ...keyTemplate('userOrgNames', keys.userOrgNames),
  });
  return status;
}

/** Sets whether members need MFA; 'stale' when the actor's role changed while the request ran. */
export async function setOrgRequireMfa(
  store: Store,
  config: Config,
  actor: Actor,
  orgId: string,
  requireMfa: boolean,
): Promise<'ok' | 'stale'> {
  const { status } = await setRequireMfaScript.run(store, {
    org: keys.org(orgId),
    ...orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS),
    orgId,
    value: requireMfa ? '1' : '0',
  });
  return status;
}

export type DeleteOrgResult = ({ status: 'ok' } & OwnPvChange) | { status: 'stale' };

/** Deletes the org with its members, roles, invitations, every resource's records and audit log. */
export async function deleteOrg(store: Store, config: Config, actor: Actor, orgId: string): Promise<DeleteOrgResult> {
  return deleteOrgScript.run(store, {
    org: keys.org(orgId),
    joined: keys.orgJoined(orgId),
    roleNames: keys.orgRoleNames(orgId),
    invitations: keys.orgInvitations(orgId),
    ...orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS),
    orgId,
    ...keyTemplate('user', keys.user),
    ...keyTemplate('userOrgs', keys.userOrgs),
    ...keyTemplate('userOrgNames', keys.userOrgNames),
    ...keyTemplate('invitation', (id) => keys.orgInvitation(orgId, id)),
    resources: resourceDefinitions.flatMap(({ name }) => resourceKeys(orgId, name)),
  });
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
  const read = await membershipsScript.run(store, {
    userOrgs: keys.userOrgs(userId),
    userOrgNames: keys.userOrgNames(userId),
    user: keys.user(userId),
  });
  if (!read) throw new Error('user-orgs: an empty reply');
  const { roles, names, role, pv, verified } = read;
  const roleByOrg = hashReply(roles) ?? {};
  const nameByOrg = hashReply(names) ?? {};
  const orgs = Object.entries(roleByOrg)
    .map(([id, role]) => ({ id, name: nameByOrg[id] ?? '', role }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { orgs, platformRole: platformRoleOf({ role, verified }), pv };
}
