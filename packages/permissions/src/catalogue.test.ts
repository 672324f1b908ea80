import { describe, expect, it } from 'vitest';
import { allPermissions, catalogue, isPermission, resources } from './catalogue.ts';

describe('catalogue', () => {
  it('derives every permission from the resources, in order', () => {
    expect(allPermissions).toEqual(
      Object.entries(resources).flatMap(([resource, { actions }]) => actions.map((a) => `${resource}.${a}`)),
    );
    expect(allPermissions).toContain('posts.delete');
    expect(allPermissions).toContain('members.manage-owners');
  });

  it('groups the catalogue by resource for a roles editor', () => {
    expect(catalogue.map((entry) => entry.resource)).toEqual(Object.keys(resources));
    const posts = catalogue.find((entry) => entry.resource === 'posts');
    expect(posts).toEqual({
      resource: 'posts',
      owned: true,
      wildcard: 'posts.*',
      actions: [
        { action: 'read', permission: 'posts.read', ownGrant: 'posts.read:own' },
        { action: 'create', permission: 'posts.create', ownGrant: null },
        { action: 'update', permission: 'posts.update', ownGrant: 'posts.update:own' },
        { action: 'delete', permission: 'posts.delete', ownGrant: 'posts.delete:own' },
      ],
    });
    expect(catalogue.filter((entry) => entry.owned).map((entry) => entry.resource)).toContain('posts');
    expect(catalogue.find((entry) => entry.resource === 'org')?.owned).toBe(false);
  });

  it('cannot be changed by a consumer', () => {
    expect(Object.isFrozen(allPermissions)).toBe(true);
    expect(Object.isFrozen(catalogue)).toBe(true);
    expect(Object.isFrozen(catalogue[0])).toBe(true);
    expect(Object.isFrozen(catalogue[0]?.actions)).toBe(true);
  });

  it('recognises permissions only', () => {
    expect(isPermission('audit.read')).toBe(true);
    expect(isPermission('audit.*')).toBe(false);
    expect(isPermission('hasOwnProperty')).toBe(false);
  });
});
