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
import { keyTemplate } from '../keys/key-template.ts';
import { keys } from '../keys/keys.ts';
import { text } from '../store/reply.ts';
import type { Store } from '../store/store.ts';
import { hashReply } from '../users/user.ts';
import { type Actor, orgChange } from './actor.ts';
import { type CustomRole, parseStoredRole, serialiseRole } from './custom-role.ts';
import type { RoleSnapshot } from './org-access.ts';
import { isBuiltInRoleNameKey, roleNameKey } from './role-name-key.ts';
import { createRoleScript, deleteRoleScript, updateRoleScript } from './role-scripts.ts';

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
  const result = await createRoleScript.run(store, {
    roleNames: keys.orgRoleNames(orgId),
    ...orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS),
    roleId: role.id,
    def: serialiseRole(role),
    nameKey: key,
    name: role.name,
    maxRoles: config.ORG_MAX_CUSTOM_ROLES,
  });
  return result.status === 'ok' ? { status: 'ok', role } : result;
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
  const result = await updateRoleScript.run(store, {
    roleNames: keys.orgRoleNames(orgId),
    ...orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS),
    roleId: role.id,
    expected: current.def,
    def: serialiseRole(role),
    nameKey: key,
    name: role.name,
    ...keyTemplate('user', keys.user),
  });
  return result.status === 'ok' ? { status: 'ok', role, actorPv: result.actorPv } : result;
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
  const result = await deleteRoleScript.run(store, {
    roleNames: keys.orgRoleNames(orgId),
    invitations: keys.orgInvitations(orgId),
    ...orgChange(actor, orgId, config.ORG_AUDIT_MAX_EVENTS),
    roleId: current.role.id,
    expected: current.def,
    name: current.role.name,
    ...keyTemplate('invitation', (id) => keys.orgInvitation(orgId, id)),
  });
  if (result.status !== 'in-use') return result;
  return { status: 'in-use', by: result.by === 'invitations' ? 'invitations' : 'members' };
}
