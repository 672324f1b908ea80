import { canPlatform, type PlatformPermission } from '@portcullis/permissions';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';

/**
 * Platform administration guard; runs after `authenticate`. The role comes from the user record
 * read on this very request, so demoting an admin takes effect at once. A misspelled permission
 * does not compile.
 */
export function requirePlatform(permission: PlatformPermission) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!canPlatform(c.get('auth').user.platformRole, permission)) {
      throw new ApiError('FORBIDDEN', { detail: 'Platform administrators only.' });
    }
    await next();
  });
}
