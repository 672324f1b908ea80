import type { Context } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { permissionsVersionOf } from '../../sessions/sessions.ts';

/**
 * A change that moved the caller's own `pv` (they created, joined or left an org, or changed their
 * own role) reports the new version in this very response's X-Permissions-Version header.
 */
export function noteOwnPermissionsVersion(c: Pick<Context<AppEnv>, 'get'>, pv: number | null): void {
  if (pv === null) return;
  const { user } = c.get('auth');
  user.permissionsVersion = permissionsVersionOf(user.platformRole, pv);
}
