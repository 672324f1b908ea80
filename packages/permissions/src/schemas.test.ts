import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { allPermissions } from './catalogue.ts';
import { allGrants } from './grants.ts';
import {
  builtInRoleIdSchema,
  customRoleSchema,
  customRoleUpdateSchema,
  grantSchema,
  permissionSchema,
  roleIdSchema,
  storedGrantsSchema,
} from './schemas.ts';

/** The shape the API turns zod issues into: `errors: [{ path, message }]`. */
const issuesOf = (result: z.ZodSafeParseResult<unknown>): { path: PropertyKey[]; message: string }[] =>
  result.success ? [] : result.error.issues.map(({ path, message }) => ({ path, message }));

describe('permissionSchema', () => {
  it('accepts every permission of the catalogue', () => {
    for (const permission of allPermissions) expect(permissionSchema.parse(permission)).toBe(permission);
  });

  it.each([
    ['posts.fly', 'Unknown permission "posts.fly": posts has no action "fly" (known: read, create, update, delete)'],
    [
      'post.read',
      'Unknown permission "post.read": no resource "post" (known: org, members, invitations, roles, posts, audit)',
    ],
    ['posts.*', '"posts.*" is a grant, not a single permission such as "posts.read"'],
    ['posts.update:own', '"posts.update:own" is a grant, not a single permission such as "posts.read"'],
    [42, 'Expected a permission string such as "posts.read"'],
  ])('rejects %j with a message naming it', (value, message) => {
    expect(issuesOf(permissionSchema.safeParse(value))).toEqual([{ path: [], message }]);
  });
});

describe('grantSchema', () => {
  it('accepts every grant: "*", wildcards, permissions and ownable :own', () => {
    for (const grant of allGrants) expect(grantSchema.parse(grant)).toBe(grant);
    expect(grantSchema.parse('posts.update:own')).toBe('posts.update:own');
  });

  it.each([
    ['org.update:own', 'Invalid permission "org.update:own": org has no owner, so ":own" does not apply'],
    [
      'posts.create:own',
      'Invalid permission "posts.create:own": only posts.read, posts.update, posts.delete can be limited to ":own"',
    ],
    [
      'posts.*:own',
      'Invalid permission "posts.*:own": only posts.read, posts.update, posts.delete can be limited to ":own"',
    ],
    [
      'posts',
      'Incomplete permission "posts": expected "posts.<action>" or "posts.*" (actions: read, create, update, delete)',
    ],
    ['*:own', 'Unknown permission "*:own" (resources: org, members, invitations, roles, posts, audit)'],
    ['', 'Unknown permission "" (resources: org, members, invitations, roles, posts, audit)'],
    ['posts.fly', 'Unknown permission "posts.fly": posts has no action "fly" (known: read, create, update, delete)'],
    [
      '__proto__.read',
      'Unknown permission "__proto__.read": no resource "__proto__" (known: org, members, invitations, roles, posts, audit)',
    ],
  ])('rejects %j', (value, message) => {
    expect(issuesOf(grantSchema.safeParse(value))).toEqual([{ path: [], message }]);
  });

  it('quotes hostile input escaped and cut short', () => {
    const [issue] = issuesOf(grantSchema.safeParse(`x"\n${'a'.repeat(500)}`));
    expect(issue?.message.length).toBeLessThan(200);
    expect(issue?.message).toContain('\\"\\n');
    expect(issue?.message).toContain('…');
  });
});

describe('customRoleSchema', () => {
  it('accepts a valid role and trims its name', () => {
    expect(
      customRoleSchema.parse({
        name: '  Editor  ',
        permissions: ['posts.*', 'members.read', 'posts.delete:own'],
      }),
    ).toEqual({ name: 'Editor', permissions: ['posts.*', 'members.read', 'posts.delete:own'] });
  });

  it('accepts "*" and every grant at once', () => {
    expect(customRoleSchema.parse({ name: 'All', permissions: [...allGrants] }).permissions).toHaveLength(
      allGrants.length,
    );
  });

  it('points at each unknown permission by index and names it', () => {
    const result = customRoleSchema.safeParse({
      name: 'Editor',
      permissions: ['posts.read', 'posts.fly', 'members.read', 'org.update:own'],
    });
    expect(issuesOf(result)).toEqual([
      {
        path: ['permissions', 1],
        message: 'Unknown permission "posts.fly": posts has no action "fly" (known: read, create, update, delete)',
      },
      {
        path: ['permissions', 3],
        message: 'Invalid permission "org.update:own": org has no owner, so ":own" does not apply',
      },
    ]);
  });

  it('points at duplicates', () => {
    const result = customRoleSchema.safeParse({
      name: 'Editor',
      permissions: ['posts.read', 'org.read', 'posts.read'],
    });
    expect(issuesOf(result)).toEqual([{ path: ['permissions', 2], message: 'Duplicate permission "posts.read"' }]);
  });

  it.each([
    [{ name: 'Editor', permissions: [] }, ['permissions'], 'A role needs at least one permission'],
    [{ name: 'Editor', permissions: 'posts.read' }, ['permissions'], 'Expected a list of permissions'],
    [{ name: 'Editor' }, ['permissions'], 'Expected a list of permissions'],
    [{ name: '   ', permissions: ['posts.read'] }, ['name'], 'Name is required'],
    [{ name: 'x'.repeat(65), permissions: ['posts.read'] }, ['name'], 'Name must be at most 64 characters'],
    [{ name: 7, permissions: ['posts.read'] }, ['name'], 'Name must be a string'],
    [{ name: '\u200B\u2060', permissions: ['posts.read'] }, ['name'], 'Name is required'],
  ])('rejects %j at %j', (body, path, message) => {
    expect(issuesOf(customRoleSchema.safeParse(body))).toEqual([{ path, message }]);
  });

  // Broke: fullwidth letters and zero-width characters made a name that looks like another pass as new.
  it.each([
    ['Ｏｗｎｅｒ', 'Owner'],
    ['Own\u200Ber', 'Owner'],
    ['\uFEFFAd\u00ADmin\u2060', 'Admin'],
    ['Edi\u200Dtor\uFE0F', 'Editor'],
    ['ﬁnance', 'finance'],
    ['  Zoë’s team  ', 'Zoë’s team'],
  ])('normalises %j to %j (NFKC, invisible characters stripped, trimmed)', (name, normalised) => {
    expect(customRoleSchema.parse({ name, permissions: ['posts.read'] }).name).toBe(normalised);
  });

  // Broke: control characters, line breaks and direction overrides were accepted in role names.
  it.each([
    'Editor\n',
    'Edi\r\ntor',
    'Editor\u0000',
    '\tEditor',
    'Edi\u007Ftor',
    'Edi\u0085tor',
    'Edi\u2028tor',
    'rotidE\u202E',
  ])('rejects %j as not a single line of text', (name) => {
    expect(issuesOf(customRoleSchema.safeParse({ name, permissions: ['posts.read'] }))).toEqual([
      {
        path: ['name'],
        message: 'Use a single line of text, without control, line-break or text-direction characters',
      },
    ]);
  });

  it('accepts a 64-character name', () => {
    expect(customRoleSchema.parse({ name: 'x'.repeat(64), permissions: ['posts.read'] }).name).toHaveLength(64);
  });
});

describe('customRoleUpdateSchema', () => {
  it('accepts either field', () => {
    expect(customRoleUpdateSchema.parse({ name: 'Editors' })).toEqual({ name: 'Editors' });
    expect(customRoleUpdateSchema.parse({ permissions: ['posts.read'] })).toEqual({
      permissions: ['posts.read'],
    });
  });

  it('rejects an empty update and bad fields', () => {
    expect(issuesOf(customRoleUpdateSchema.safeParse({}))).toEqual([
      { path: [], message: 'Send a name, permissions, or both' },
    ]);
    expect(issuesOf(customRoleUpdateSchema.safeParse({ permissions: ['posts.fly'] }))[0]?.path).toEqual([
      'permissions',
      0,
    ]);
  });
});

describe('storedGrantsSchema', () => {
  it('drops grants that left the catalogue and duplicates, keeps the rest', () => {
    expect(storedGrantsSchema.parse(['posts.read', 'posts.publish', 'posts.read', 'org.*'])).toEqual([
      'posts.read',
      'org.*',
    ]);
  });

  it('rejects anything that is not a list of strings', () => {
    expect(storedGrantsSchema.safeParse('posts.read').success).toBe(false);
    expect(storedGrantsSchema.safeParse([1]).success).toBe(false);
  });
});

describe('role id schemas', () => {
  it('accepts built-in ids and opaque custom ids', () => {
    for (const id of ['owner', 'viewer', 'role_V1StGXR8_Z5jdHi6B-myT', '01JD3W5Q4Z8K1V2N3M4P5R6S7T']) {
      expect(roleIdSchema.parse(id)).toBe(id);
    }
  });

  it.each(['', 'x'.repeat(65), 'a b', '../owner', 'owner\n'])('rejects %j', (id) => {
    expect(issuesOf(roleIdSchema.safeParse(id))).toEqual([
      { path: [], message: 'Role id must be 1–64 letters, digits, "_" or "-"' },
    ]);
  });

  it('tells built-in ids apart', () => {
    expect(builtInRoleIdSchema.parse('member')).toBe('member');
    expect(issuesOf(builtInRoleIdSchema.safeParse('superuser'))).toEqual([
      {
        path: [],
        message: 'Unknown built-in role "superuser" (known: owner, admin, member, viewer)',
      },
    ]);
  });
});
