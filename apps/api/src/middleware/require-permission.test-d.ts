import type { Permission } from '@portcullis/permissions';
import { Hono } from 'hono';
import { describe, expectTypeOf, it } from 'vitest';
import type { AppEnv } from '../app-env.ts';
import type { OrgAccess } from '../orgs/org-access.ts';
import { requirePermission } from './require-permission.ts';

// Checked by `tsc -p apps/api` (the API's vitest projects run no type tests).
describe('requirePermission', () => {
  it('takes org permissions of the catalogue only', () => {
    expectTypeOf(requirePermission).parameter(0).toEqualTypeOf<Permission>();
    requirePermission('posts.delete');
    // @ts-expect-error misspelled action
    requirePermission('posts.fly');
    // @ts-expect-error misspelled resource
    requirePermission('post.delete');
    // @ts-expect-error a grant is not a permission to require
    requirePermission('posts.*');
    // @ts-expect-error an :own grant is not a permission either
    requirePermission('posts.update:own');
    // @ts-expect-error a platform permission is not an org permission
    requirePermission('users.block');
  });

  it('gives handlers the caller’s org access only behind it', () => {
    new Hono<AppEnv>()
      .get('/guarded', requirePermission('posts.read'), (c) => {
        expectTypeOf(c.get('access')).toEqualTypeOf<OrgAccess>();
        return c.body(null);
      })
      .get('/unguarded', (c) => {
        // @ts-expect-error no requirePermission, no org access
        expectTypeOf(c.get('access')).toBeObject();
        return c.body(null);
      });
  });
});
