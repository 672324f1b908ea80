import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';
import { checkSession } from '../sessions/sessions.ts';
import { verifyAccessToken } from '../tokens/access-token.ts';

// `realm` is fixed text: nothing from the request ends up inside the quoted string.
const challenge = { 'WWW-Authenticate': 'Bearer realm="portcullis"' };
const revokedChallenge = {
  'WWW-Authenticate': 'Bearer realm="portcullis", error="invalid_token", error_description="session revoked"',
};

/** The bearer token of a request, or null. Scheme matching is case-insensitive (RFC 9110). */
export function bearerToken(header: string | undefined): string | null {
  const match = header ? /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim()) : null;
  return match?.[1] ?? null;
}

/**
 * Bearer access token → `c.var.auth`. The JWT is checked locally; then one round trip confirms the
 * session is still live, so logout, block and reuse detection bite on the very next request
 * instead of at token expiry.
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const { deps } = c.var;
  const token = bearerToken(c.req.header('Authorization'));
  if (!token) throw new ApiError('UNAUTHENTICATED', { detail: 'Send an access token.', headers: challenge });
  const now = deps.now();
  const claims = await verifyAccessToken((await deps.secrets).signing, deps.config, token, now);
  if (!claims) throw new ApiError('UNAUTHENTICATED', { detail: 'The access token is not valid.', headers: challenge });
  const live = await checkSession(deps.store, deps.config, claims.sub, claims.sid, now);
  if (!live) throw new ApiError('SESSION_REVOKED', { headers: revokedChallenge });
  if (live.blocked) throw new ApiError('ACCOUNT_BLOCKED');
  c.set('auth', {
    userId: claims.sub,
    sessionId: claims.sid,
    user: {
      email: live.email,
      name: live.name,
      platformRole: live.role,
      emailVerified: live.verified,
      permissionsVersion: live.permissionsVersion,
      createdAt: new Date(live.createdAt).toISOString(),
    },
  });
  await next();
});
