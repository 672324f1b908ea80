import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import { can, canAny, permissionScope } from './can.ts';
import type { Action, CatalogueEntry, OwnableAction, OwnedResource, Permission, Resource } from './catalogue.ts';
import type { Grant, OwnGrant } from './grants.ts';
import type { PlatformGrant, PlatformPermission } from './platform.ts';
import { canPlatform } from './platform.ts';
import type { generatedResources } from './resources/index.ts';
import { type BuiltInRoleId, builtInRoles, canAssignRole } from './roles.ts';
import type { customRoleSchema, grantSchema, permissionSchema } from './schemas.ts';

describe('Permission', () => {
  it('is the union of resource.action strings', () => {
    expectTypeOf<'posts.delete'>().toExtend<Permission>();
    expectTypeOf<'members.manage-owners'>().toExtend<Permission>();
    expectTypeOf<Permission<'audit'>>().toEqualTypeOf<'audit.read'>();
    expectTypeOf<Permission<'org'>>().toEqualTypeOf<'org.read' | 'org.update' | 'org.delete'>();
    expectTypeOf<'posts.fly'>().not.toExtend<Permission>();
    expectTypeOf<'post.read'>().not.toExtend<Permission>();
    expectTypeOf<'posts.*'>().not.toExtend<Permission>();
  });

  it('derives resources, actions and ownership from the catalogue', () => {
    // The org's own resources, and the generated ones (resources/*.resource.ts), posts among them.
    expectTypeOf<Exclude<Resource, keyof typeof generatedResources>>().toEqualTypeOf<
      'org' | 'members' | 'invitations' | 'roles' | 'audit'
    >();
    expectTypeOf<'posts'>().toExtend<keyof typeof generatedResources>();
    expectTypeOf<Action<'invitations'>>().toEqualTypeOf<'read' | 'create' | 'revoke'>();
    expectTypeOf<'posts'>().toExtend<OwnedResource>();
    expectTypeOf<OwnedResource>().toExtend<keyof typeof generatedResources>();
    expectTypeOf<OwnableAction<'posts'>>().toEqualTypeOf<'read' | 'update' | 'delete'>();
    expectTypeOf<OwnableAction<'org'>>().toBeNever();
  });
});

describe('Grant', () => {
  it('accepts "*", resource wildcards, permissions and :own on ownable actions', () => {
    expectTypeOf<'*'>().toExtend<Grant>();
    expectTypeOf<'posts.*'>().toExtend<Grant>();
    expectTypeOf<'posts.delete'>().toExtend<Grant>();
    expectTypeOf<'posts.update:own'>().toExtend<Grant>();
    expectTypeOf<Extract<OwnGrant, `posts.${string}`>>().toEqualTypeOf<
      'posts.read:own' | 'posts.update:own' | 'posts.delete:own'
    >();
  });

  it('rejects unknown permissions and :own where there is no owner', () => {
    const ok: Grant[] = ['*', 'posts.*', 'posts.read', 'posts.update:own'];
    // @ts-expect-error unknown action
    const fly: Grant = 'posts.fly';
    // @ts-expect-error unknown resource
    const post: Grant = 'post.read';
    // @ts-expect-error org has no owner
    const orgOwn: Grant = 'org.update:own';
    // @ts-expect-error create has no existing instance to own
    const createOwn: Grant = 'posts.create:own';
    // @ts-expect-error the wildcard cannot be scoped
    const wildOwn: Grant = 'posts.*:own';
    expectTypeOf([ok, fly, post, orgOwn, createOwn, wildOwn]).toBeArray();
  });

  it('keeps platform grants apart from org grants', () => {
    expectTypeOf<'users.block'>().toExtend<PlatformPermission>();
    expectTypeOf<'users.block'>().not.toExtend<Grant>();
    expectTypeOf<'posts.read'>().not.toExtend<PlatformGrant>();
    // @ts-expect-error an org permission is not a platform permission
    canPlatform('admin', 'posts.read');
    // @ts-expect-error not a platform role
    canPlatform('owner', 'users.read');
  });
});

describe('can', () => {
  it('accepts known permissions and grants, and returns a boolean', () => {
    expectTypeOf(can(['posts.*'], 'posts.delete')).toEqualTypeOf<boolean>();
    expectTypeOf(can(['posts.update:own'], 'posts.update', { userId: 'u', ownerId: 'u' })).toEqualTypeOf<boolean>();
    expectTypeOf(permissionScope(['*'], 'audit.read')).toEqualTypeOf<'all' | 'own' | null>();
  });

  it('rejects unknown permissions at compile time', () => {
    // @ts-expect-error unknown action
    can(['*'], 'posts.fly');
    // @ts-expect-error unknown resource
    can(['*'], 'post.read');
    // @ts-expect-error a grant is not a permission to check
    can(['*'], 'posts.*');
    // @ts-expect-error unknown grant
    can(['posts.fly'], 'posts.read');
    // @ts-expect-error :own on a resource without owner
    can(['org.update:own'], 'org.update');
    // @ts-expect-error unknown action
    canAny(['*'], 'posts.fly');
    // @ts-expect-error the ownership context needs both ids
    can(['posts.update:own'], 'posts.update', { ownerId: 'u' });
  });
});

describe('roles and schemas', () => {
  it('types built-in roles and checks role grants', () => {
    expectTypeOf(builtInRoles.owner.id).toEqualTypeOf<'owner'>();
    expectTypeOf<keyof typeof builtInRoles>().toEqualTypeOf<BuiltInRoleId>();
    expectTypeOf(builtInRoles.member.permissions).toEqualTypeOf<readonly Grant[]>();
    // @ts-expect-error unknown grant in a role
    canAssignRole(['*'], { id: 'custom', permissions: ['posts.fly'] });
  });

  it('infers catalogue types from the schemas', () => {
    expectTypeOf<z.output<typeof permissionSchema>>().toEqualTypeOf<Permission>();
    expectTypeOf<z.output<typeof grantSchema>>().toEqualTypeOf<Grant>();
    expectTypeOf<z.output<typeof customRoleSchema>>().toEqualTypeOf<{
      name: string;
      permissions: Grant[];
    }>();
  });

  it('types catalogue entries per resource', () => {
    type PostsEntry = Extract<CatalogueEntry, { resource: 'posts' }>;
    expectTypeOf<PostsEntry['wildcard']>().toEqualTypeOf<'posts.*'>();
    type CreateAction = Extract<PostsEntry['actions'][number], { action: 'create' }>;
    expectTypeOf<CreateAction['ownGrant']>().toEqualTypeOf<null>();
    type UpdateAction = Extract<PostsEntry['actions'][number], { action: 'update' }>;
    expectTypeOf<UpdateAction['ownGrant']>().toEqualTypeOf<'posts.update:own'>();
  });
});
