import { describe, expect, it } from 'vitest';
import { can } from './can.ts';
import type { Grant } from './grants.ts';
import {
  allPlatformPermissions,
  canPlatform,
  isPlatformPermission,
  type PlatformRole,
  platformCatalogue,
  platformPermissionSchema,
  platformRoleIds,
  platformRoleSchema,
} from './platform.ts';

describe('platform permissions', () => {
  it('lists the platform administration actions of the contract', () => {
    expect(allPlatformPermissions).toEqual([
      'users.read',
      'users.block',
      'users.unblock',
      'sessions.revoke',
      'events.read',
    ]);
    expect(platformCatalogue.map(({ resource, owned }) => ({ resource, owned }))).toEqual([
      { resource: 'users', owned: false },
      { resource: 'sessions', owned: false },
      { resource: 'events', owned: false },
    ]);
  });

  it.each(allPlatformPermissions)('admin has %s and user does not', (permission) => {
    expect(canPlatform('admin', permission)).toBe(true);
    expect(canPlatform('user', permission)).toBe(false);
  });

  it('allows nothing for a role that is not a platform role', () => {
    for (const role of ['owner', 'Admin', '__proto__', 'hasOwnProperty', '']) {
      expect(canPlatform(role as PlatformRole, 'users.read')).toBe(false);
    }
  });

  it('keeps platform and org permissions apart', () => {
    expect(isPlatformPermission('users.block')).toBe(true);
    expect(isPlatformPermission('posts.read')).toBe(false);
    // An org owner holds "*" in the org catalogue; it must not reach platform actions.
    expect(can(['*'], 'users.block' as unknown as 'posts.read')).toBe(false);
    expect(can(['users.*'] as unknown as Grant[], 'posts.read')).toBe(false);
  });

  it('validates platform roles and permissions', () => {
    for (const role of platformRoleIds) expect(platformRoleSchema.parse(role)).toBe(role);
    expect(platformRoleSchema.safeParse('root').error?.issues[0]?.message).toBe(
      'Unknown platform role "root" (known: admin, user)',
    );
    expect(platformPermissionSchema.parse('sessions.revoke')).toBe('sessions.revoke');
    expect(platformPermissionSchema.safeParse('users.delete').error?.issues[0]?.message).toBe(
      'Unknown permission "users.delete": users has no action "delete" (known: read, block, unblock)',
    );
  });
});
