import { describe, expect, it } from 'vitest';
import { can, canAny, permissionScope } from './can.ts';
import { allPermissions, type Permission } from './catalogue.ts';
import type { PermissionScope } from './catalogue-spec.ts';
import { isSubset } from './grants.ts';
import { type BuiltInRoleId, builtInRoleIds, builtInRoles, canAssignRole, isBuiltInRoleId } from './roles.ts';

/**
 * What each built-in role should allow, written as rules over the catalogue rather than lists, so
 * a permission added to the catalogue is checked against every role without touching this file.
 */
const expected: Record<BuiltInRoleId, (permission: Permission) => PermissionScope> = {
  owner: () => 'all',
  admin: (permission) => (permission === 'org.delete' || permission === 'members.manage-owners' ? null : 'all'),
  member: (permission) => {
    if (['org.read', 'members.read', 'posts.read', 'posts.create'].includes(permission)) return 'all';
    if (permission === 'posts.update' || permission === 'posts.delete') return 'own';
    return null;
  },
  viewer: (permission) => (['org.read', 'members.read', 'posts.read'].includes(permission) ? 'all' : null),
};

const table = builtInRoleIds.flatMap((role) =>
  allPermissions.map((permission) => ({ role, permission, scope: expected[role](permission) })),
);

describe('built-in roles', () => {
  it.each(table)('$role has $permission with scope $scope', ({ role, permission, scope }) => {
    const { permissions } = builtInRoles[role];
    const alice = { userId: 'alice', ownerId: 'alice' };
    const bob = { userId: 'alice', ownerId: 'bob' };
    expect(permissionScope(permissions, permission)).toBe(scope);
    expect(canAny(permissions, permission)).toBe(scope !== null);
    expect(can(permissions, permission, alice)).toBe(scope !== null);
    expect(can(permissions, permission, bob)).toBe(scope === 'all');
    expect(can(permissions, permission)).toBe(scope === 'all');
  });

  it('viewer only reads', () => {
    for (const permission of allPermissions) {
      if (can(builtInRoles.viewer.permissions, permission)) expect(permission).toMatch(/\.read$/);
    }
  });

  it('nests: viewer ⊆ member ⊆ admin ⊆ owner, and not the other way', () => {
    const chain = builtInRoleIds.map((id) => builtInRoles[id].permissions).reverse();
    for (let i = 1; i < chain.length; i++) {
      const lower = chain[i - 1] ?? [];
      const higher = chain[i] ?? [];
      expect(isSubset(lower, higher)).toBe(true);
      expect(isSubset(higher, lower)).toBe(false);
    }
  });

  it('uses each id as its key and is read-only', () => {
    for (const id of builtInRoleIds) {
      expect(builtInRoles[id]).toMatchObject({ id, builtIn: true });
      expect(Object.isFrozen(builtInRoles[id])).toBe(true);
      expect(Object.isFrozen(builtInRoles[id].permissions)).toBe(true);
    }
    expect(Object.keys(builtInRoles)).toEqual([...builtInRoleIds]);
  });

  it('recognises built-in ids only', () => {
    expect(isBuiltInRoleId('viewer')).toBe(true);
    expect(isBuiltInRoleId('Viewer')).toBe(false);
    expect(isBuiltInRoleId('toString')).toBe(false);
    expect(isBuiltInRoleId(undefined)).toBe(false);
  });
});

describe('canAssignRole', () => {
  const { owner, admin, member, viewer } = builtInRoles;

  it('lets an owner assign every built-in role, owner included', () => {
    for (const id of builtInRoleIds) expect(canAssignRole(owner.permissions, builtInRoles[id])).toBe(true);
  });

  it('lets an admin assign admin, member and viewer but not owner', () => {
    expect(canAssignRole(admin.permissions, owner)).toBe(false);
    expect(canAssignRole(admin.permissions, admin)).toBe(true);
    expect(canAssignRole(admin.permissions, member)).toBe(true);
    expect(canAssignRole(admin.permissions, viewer)).toBe(true);
  });

  it('does not let a member assign admin or owner', () => {
    expect(canAssignRole(member.permissions, admin)).toBe(false);
    expect(canAssignRole(member.permissions, owner)).toBe(false);
    expect(canAssignRole(member.permissions, viewer)).toBe(true);
  });

  it('stops a custom role from handing out more than it holds', () => {
    const inviter = ['invitations.create', 'posts.read'] as const;
    expect(canAssignRole(inviter, { id: 'role_a', permissions: ['posts.read'] })).toBe(true);
    expect(canAssignRole(inviter, { id: 'role_b', permissions: ['posts.*'] })).toBe(false);
    expect(canAssignRole(inviter, { id: 'role_c', permissions: ['invitations.*'] })).toBe(false);
  });

  it('requires members.manage-owners for the owner role even when the grants would fit', () => {
    // Grants cover everything the (hypothetically edited) owner role holds, but not manage-owners.
    const almostOwner = allPermissions.filter((p) => p !== 'members.manage-owners');
    expect(canAssignRole(almostOwner, { id: 'owner', permissions: ['posts.read'] })).toBe(false);
    expect(canAssignRole([...almostOwner, 'members.manage-owners'], owner)).toBe(true);
  });
});
