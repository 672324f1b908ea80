import { describe, expect, it } from 'vitest';
import { can, canAny, permissionScope } from './can.ts';
import { allPermissions } from './catalogue.ts';
import type { Grant } from './grants.ts';

const alice = 'user_alice';
const bob = 'user_bob';
const ownedByAlice = { userId: alice, ownerId: alice };
const ownedByBob = { userId: alice, ownerId: bob };

/** Simulates grants read from storage without validation, to prove the engine is defensive. */
const unchecked = (grants: unknown): readonly Grant[] => grants as readonly Grant[];

describe('can', () => {
  it('allows an exact permission and nothing else', () => {
    expect(can(['posts.read'], 'posts.read')).toBe(true);
    expect(can(['posts.read'], 'posts.update')).toBe(false);
    expect(can(['posts.read'], 'org.read')).toBe(false);
  });

  it('denies everything with no grants', () => {
    for (const permission of allPermissions) expect(can([], permission)).toBe(false);
  });

  it('allows every permission of the catalogue with "*"', () => {
    for (const permission of allPermissions) expect(can(['*'], permission)).toBe(true);
  });

  it('allows every action of one resource with "posts.*", and no other resource', () => {
    for (const permission of allPermissions) {
      expect(can(['posts.*'], permission)).toBe(permission.startsWith('posts.'));
    }
  });

  it('allows an own-scoped grant when the caller owns the instance', () => {
    expect(can(['posts.update:own'], 'posts.update', ownedByAlice)).toBe(true);
  });

  it('denies an own-scoped grant on someone else’s instance', () => {
    expect(can(['posts.update:own'], 'posts.update', ownedByBob)).toBe(false);
  });

  it('denies an own-scoped grant when no ownership context is given', () => {
    expect(can(['posts.update:own'], 'posts.update')).toBe(false);
  });

  it('does not treat empty or missing ids as proof of ownership', () => {
    expect(can(['posts.update:own'], 'posts.update', { userId: '', ownerId: '' })).toBe(false);
    expect(can(['posts.update:own'], 'posts.update', { userId: alice, ownerId: null })).toBe(false);
    expect(can(['posts.update:own'], 'posts.update', { userId: alice, ownerId: undefined })).toBe(false);
  });

  it('does not let an own-scoped grant spill over to another action', () => {
    expect(can(['posts.update:own'], 'posts.delete', ownedByAlice)).toBe(false);
  });

  it('ignores the ownership context for unscoped grants', () => {
    expect(can(['posts.update'], 'posts.update', ownedByBob)).toBe(true);
    expect(can(['posts.update', 'posts.update:own'], 'posts.update', ownedByBob)).toBe(true);
  });

  it.each([
    'posts.fly',
    'post.read',
    'posts',
    'posts.',
    '.read',
    'posts.**',
    '**',
    'POSTS.READ',
    ' posts.read',
    'posts.read ',
    'posts.create:own',
    'org.update:own',
    'posts.*:own',
    '*:own',
    '__proto__',
    'constructor',
    'toString',
    '',
  ])('never grants anything for the unknown runtime string %j', (grant) => {
    for (const permission of allPermissions) {
      expect(can(unchecked([grant]), permission, ownedByAlice)).toBe(false);
      expect(canAny(unchecked([grant]), permission)).toBe(false);
    }
  });

  it('never grants anything for non-string grants or a grants value that is not an array', () => {
    const weird = [null, undefined, 1, true, {}, ['*'], Symbol('*')];
    expect(can(unchecked(weird), 'posts.read')).toBe(false);
    // A bare string is iterable, and its one character "*" would read as a grant.
    expect(can(unchecked('*'), 'posts.read')).toBe(false);
    expect(can(unchecked(null), 'posts.read')).toBe(false);
    expect(can(unchecked({ 0: '*', length: 1 }), 'posts.read')).toBe(false);
  });

  it('still honours the valid grants next to invalid ones', () => {
    expect(can(unchecked(['posts.fly', 42, 'posts.read']), 'posts.read')).toBe(true);
  });

  it('denies a permission that is not in the catalogue, even for "*"', () => {
    const unknownPermission = 'posts.fly' as unknown as 'posts.read';
    expect(can(['*'], unknownPermission)).toBe(false);
    expect(canAny(['*'], unknownPermission)).toBe(false);
  });
});

describe('canAny', () => {
  it('is true when the caller may act on at least their own instances', () => {
    expect(canAny(['posts.update:own'], 'posts.update')).toBe(true);
    expect(canAny(['posts.update'], 'posts.update')).toBe(true);
    expect(canAny(['posts.*'], 'posts.create')).toBe(true);
  });

  it('is false when no grant covers the permission in any scope', () => {
    expect(canAny(['posts.update:own'], 'posts.delete')).toBe(false);
    expect(canAny(['org.*'], 'posts.read')).toBe(false);
  });
});

describe('permissionScope', () => {
  it('returns the widest scope among the grants', () => {
    expect(permissionScope(['posts.read:own'], 'posts.read')).toBe('own');
    expect(permissionScope(['posts.read:own', 'posts.read'], 'posts.read')).toBe('all');
    expect(permissionScope(['posts.read', 'posts.read:own'], 'posts.read')).toBe('all');
    expect(permissionScope(['*'], 'audit.read')).toBe('all');
    expect(permissionScope(['org.read'], 'audit.read')).toBeNull();
  });
});
