import {
  type BuiltInRole,
  builtInRoleIds,
  builtInRoles,
  type CustomRoleInput,
  type CustomRoleUpdate,
  isBuiltInRoleId,
} from '@portcullis/permissions';
import type { Config } from '../config/config.ts';
import { randomId } from '../ids.ts';
import { keys } from '../store/keys.ts';
import type { Store } from '../store/store.ts';
import { hashReply } from '../users/user.ts';
import { type Actor, actorArgs } from './actor.ts';
import { type CustomRole, parseStoredRole, serialiseRole } from './custom-role.ts';
import { keyTemplate } from './key-template.ts';
import type { RoleSnapshot } from './org-access.ts';
import { isBuiltInRoleNameKey, roleNameKey } from './role-name-key.ts';
import { createRoleScript, deleteRoleScript, updateRoleScript } from './role-scripts.ts';
import { pvOf, statusReply, text } from './script-reply.ts';

/** The org's roles: the built-in ones (most powerful first), then custom ones by name. */
export async function listRoles(store: Store, orgId: string): Promise<(BuiltInRole | CustomRole)[]> {
  const stored = hashReply(await store.send(['HGETALL', keys.orgRoles(orgId)])) ?? {};
  const custom = Object.entries(stored)
    .flatMap(([id, def]) => {
      const role = parseStoredRole(id, def);
      return role ? [role] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return [...builtInRoleIds.map((id) => builtInRoles[id]), ...custom];
}

/** A role of the org by id (built-in ids are their names), or null when it does not exist. */
export async function findRole(store: Store, orgId: string, roleId: string): Promise<RoleSnapshot | null> {
  if (isBuiltInRoleId(roleId)) return { role: builtInRoles[roleId], def: '' };
  return findCustomRole(store, orgId, roleId);
}

/** A custom role of the org with its stored definition, or null (unknown, or built-in). */
export async function findCustomRole(
  store: Store,
  orgId: string,
  roleId: string,
): Promise<{ role: CustomRole; def: string } | null> {
  if (isBuiltInRoleId(roleId)) return null;
  const def = text(await store.send(['HGET', keys.orgRoles(orgId), roleId]));
  const role = def ? parseStoredRole(roleId, def) : null;
  return role ? { role, def } : null;
}

export type CreateRoleResult = { status: 'ok'; role: CustomRole } | { status: 'stale' | 'name-taken' | 'limit' };

export async function createRole(
  store: Store,
  config: Config,
  actor: Actor,
  orgId: string,
  input: CustomRoleInput,
): Promise<CreateRoleResult> {
  const role: CustomRole = {
    id: randomId(),
    name: input.name,
    permissions: input.permissions,
    builtIn: false,
    createdAt: actor.now,
    updatedAt: actor.now,
  };
  const key = roleNameKey(role.name);
  if (isBuiltInRoleNameKey(key)) return { status: 'name-taken' };
  const reply = await store.run(
    createRoleScript,
    [keys.orgMembers(orgId), keys.orgRoles(orgId), keys.orgAudit(orgId), keys.orgRoleNames(orgId)],
    [
      ...actorArgs(actor, config.ORG_AUDIT_MAX_EVENTS),
      role.id,
      serialiseRole(role),
      key,
      role.name,
      config.ORG_MAX_CUSTOM_ROLES,
    ],
  );
  const [status] = statusReply(reply, 'role-create');
  if (status === 'ok') return { status, role };
  if (status === 'stale' || status === 'name-taken' || status === 'limit') return { status };
  throw new Error(`role-create: unexpected status ${status}`);
}

export type UpdateRoleResult =
  | { status: 'ok'; role: CustomRole; actorPv: number | null }
  | { status: 'missing' | 'stale' | 'name-taken' };

export async function updateRole(
  store: Store,
  config: Config,
  actor: Actor,
  orgId: string,
  current: { role: CustomRole; def: string },
  update: CustomRoleUpdate,
): Promise<UpdateRoleResult> {
  const role: CustomRole = {
    ...current.role,
    name: update.name ?? current.role.name,
    permissions: update.permissions ?? current.role.permissions,
    updatedAt: actor.now,
  };
  const key = roleNameKey(role.name);
  if (isBuiltInRoleNameKey(key)) return { status: 'name-taken' };
  const reply = await store.run(
    updateRoleScript,
    [keys.orgMembers(orgId), keys.orgRoles(orgId), keys.orgAudit(orgId), keys.orgRoleNames(orgId)],
    [
      ...actorArgs(actor, config.ORG_AUDIT_MAX_EVENTS),
      role.id,
      current.def,
      serialiseRole(role),
      key,
      role.name,
      ...keyTemplate(keys.user),
    ],
  );
  const [status, values] = statusReply(reply, 'role-update');
  if (status === 'ok') return { status, role, actorPv: pvOf(values[0]) };
  if (status === 'missing' || status === 'stale' || status === 'name-taken') return { status };
  throw new Error(`role-update: unexpected status ${status}`);
}

export type DeleteRoleResult =
  | { status: 'ok' | 'missing' | 'stale' }
  | { status: 'in-use'; by: 'members' | 'invitations' };

export async function deleteRole(
  store: Store,
  config: Config,
  actor: Actor,
  orgId: string,
  current: { role: CustomRole; def: string },
): Promise<DeleteRoleResult> {
  const reply = await store.run(
    deleteRoleScript,
    [
      keys.orgMembers(orgId),
      keys.orgRoles(orgId),
      keys.orgAudit(orgId),
      keys.orgRoleNames(orgId),
      keys.orgInvitations(orgId),
    ],
    [
      ...actorArgs(actor, config.ORG_AUDIT_MAX_EVENTS),
      current.role.id,
      current.def,
      current.role.name,
      ...keyTemplate((id) => keys.orgInvitation(orgId, id)),
    ],
  );
  const [status, values] = statusReply(reply, 'role-delete');
  if (status === 'ok' || status === 'missing' || status === 'stale') return { status };
  if (status === 'in-use') return { status, by: text(values[0]) === 'invitations' ? 'invitations' : 'members' };
  throw new Error(`role-delete: unexpected status ${status}`);
}
