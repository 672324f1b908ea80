import { describe, expect, it } from 'vitest';
import { allPermissions, resources } from './catalogue.ts';
import { allGrants, type Grant, isGrant, isSubset } from './grants.ts';

describe('allGrants', () => {
  it('holds "*", a wildcard per resource, every permission, and :own for ownable actions only', () => {
    const resourceNames = Object.keys(resources);
    const ownGrants = Object.entries(resources).flatMap(([resource, spec]) =>
      'ownable' in spec ? spec.ownable.map((action) => `${resource}.${action}:own`) : [],
    );
    expect(new Set(allGrants)).toEqual(
      new Set(['*', ...resourceNames.map((resource) => `${resource}.*`), ...allPermissions, ...ownGrants]),
    );
    expect(ownGrants).toEqual(['posts.read:own', 'posts.update:own', 'posts.delete:own']);
    expect(new Set(allGrants).size).toBe(allGrants.length);
  });
});

describe('isGrant', () => {
  it('accepts every listed grant and rejects look-alikes', () => {
    for (const grant of allGrants) expect(isGrant(grant)).toBe(true);
    for (const value of ['posts.fly', 'org.update:own', 'posts.create:own', '*:own', 'posts', 1, null]) {
      expect(isGrant(value)).toBe(false);
    }
  });
});

describe('isSubset', () => {
  const cases: [inner: Grant[], outer: Grant[], expected: boolean][] = [
    [[], [], true],
    [[], ['posts.read'], true],
    [['posts.read'], [], false],
    [['posts.read'], ['posts.read'], true],
    [['posts.read'], ['posts.*'], true],
    [['posts.read'], ['*'], true],
    [['posts.*'], ['posts.read'], false],
    [['*'], ['posts.*'], false],
    [['posts.update:own'], ['posts.update'], true],
    [['posts.update:own'], ['posts.*'], true],
    [['posts.update:own'], ['posts.update:own'], true],
    [['posts.update'], ['posts.update:own'], false],
    [['posts.update:own'], ['posts.delete:own'], false],
    [['org.read', 'posts.read'], ['org.*', 'posts.read'], true],
  ];

  it.each(cases)('%j ⊆ %j is %s', (inner, outer, expected) => {
    expect(isSubset(inner, outer)).toBe(expected);
  });

  it('compares wildcards by what they cover today', () => {
    expect(isSubset(['*'], [...allPermissions])).toBe(true);
    const postsPermissions = allPermissions.filter((permission) => permission.startsWith('posts.'));
    expect(isSubset(['posts.*'], postsPermissions)).toBe(true);
  });

  it('treats invalid grants as allowing nothing on either side', () => {
    const stale = ['posts.publish', '*:own'] as unknown as Grant[];
    expect(isSubset(stale, [])).toBe(true);
    expect(isSubset(['posts.read'], stale)).toBe(false);
  });
});
