import { describe, expect, it } from 'vitest';
import { compileCatalogue } from './compile-catalogue.ts';

describe('compileCatalogue', () => {
  it.each([
    [{ Posts: { actions: ['read'] } }, 'Invalid resource name "Posts"'],
    [{ 'posts.x': { actions: ['read'] } }, 'Invalid resource name "posts.x"'],
    [{ posts: { actions: ['read:own'] } }, 'Invalid action name "posts.read:own"'],
    [{ posts: { actions: ['*'] } }, 'Invalid action name "posts.*"'],
    [{ posts: { actions: ['read', 'read'] } }, 'Duplicate action in resource "posts"'],
    [
      { posts: { actions: ['read'], ownable: ['update'] } },
      'Ownable action "posts.update" is not an action of "posts"',
    ],
  ] as const)('refuses a malformed catalogue at load time: %j', (spec, message) => {
    expect(() => compileCatalogue(spec)).toThrow(message);
  });

  it('works for any catalogue', () => {
    const docs = compileCatalogue({ docs: { actions: ['read', 'edit'], ownable: ['edit'] } });
    expect(docs.grants).toEqual(['*', 'docs.*', 'docs.read', 'docs.edit', 'docs.edit:own']);
    expect(docs.scope(['docs.edit:own'], 'docs.edit')).toBe('own');
    expect(docs.isSubset(['docs.edit:own'], ['docs.*'])).toBe(true);
  });
});
