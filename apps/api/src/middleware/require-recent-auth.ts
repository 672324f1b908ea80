import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';

/**
 * Step-up guard of the sensitive routes (CONTRACT.md: turning TOTP off, new recovery codes, a new
 * authenticator or passkey, removing a passkey, deleting an org, every change under /api/admin):
 * 403 REAUTH_REQUIRED when the session last proved a credential more than REAUTH_WINDOW_SECONDS
 * ago; `POST /api/auth/reauth` restarts the clock. A stolen access token or an unattended
 * browser is then not enough to remove a second factor or to act as an admin.
 *
 * Runs after authentication (`authenticate`, `requirePermission`, `requirePlatform`), so that a
 * caller who may not do the thing at all hears that first. No I/O: the time came with the session
 * check (sessions/step-up.ts).
 *
 * @example
 * mfa.delete('/totp', authenticate, requireRecentAuth, async (c) => { … })
 */
export const requireRecentAuth = createMiddleware<AppEnv>(async (c, next) => {
  const { config, now } = c.get('deps');
  if (now() - c.get('auth').provedAt > config.REAUTH_WINDOW_SECONDS * 1000) {
    throw new ApiError('REAUTH_REQUIRED', {
      detail: 'Confirm it is you: sign in again with your password, a code or a passkey, then retry.',
    });
  }
  await next();
});
