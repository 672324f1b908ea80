import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, Authenticated } from '../app-env.ts';
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

/** Every authenticated response carries the caller's permissions version (see /api/auth/me). */
export const PERMISSIONS_VERSION_HEADER = 'X-Permissions-Version';

/**
 * What authentication needs of a context: narrower than `Context<AppEnv>`, whose `set` would
 * refuse a context with more variables (`OrgEnv`).
 */
type AuthContext = Pick<Context<AppEnv>, 'req' | 'get'> & { set(key: 'auth', value: Authenticated): void };

/**
 * Bearer access token → `c.get('auth')`. The JWT is checked locally; then one round trip confirms the
 * session is still live, so logout, block and reuse detection bite on the very next request
 * instead of at token expiry. `alongside` runs concurrently with that check (a route's own read,
 * e.g. the caller's role in an org), so it costs no extra round trip; its result is returned once
 * the session is known to be live.
 */
export async function authenticateRequest<T>(c: AuthContext, alongside: (userId: string) => Promise<T>): Promise<T> {
  const deps = c.get('deps');
  const token = bearerToken(c.req.header('Authorization'));
  if (!token) throw new ApiError('UNAUTHENTICATED', { detail: 'Send an access token.', headers: challenge });
  const now = deps.now();
  const claims = await verifyAccessToken((await deps.secrets).signing, deps.config, token, now);
  if (!claims) throw new ApiError('UNAUTHENTICATED', { detail: 'The access token is not valid.', headers: challenge });
  // Started together: the request's store sends them as one batch.
  const [live, extra] = await Promise.all([
    checkSession(deps.store, deps.config, claims.sub, claims.sid, now),
    alongside(claims.sub),
  ]);
  if (!live) throw new ApiError('SESSION_REVOKED', { headers: revokedChallenge });
  if (live.blocked) throw new ApiError('ACCOUNT_BLOCKED');
  c.set('auth', {
    userId: claims.sub,
    sessionId: claims.sid,
    provedAt: live.provedAt,
    user: {
      email: live.email,
      name: live.name,
      platformRole: live.role,
      emailVerified: live.verified,
      permissionsVersion: live.permissionsVersion,
      createdAt: live.createdAt,
      hasPassword: live.hasPassword,
    },
  });
  return extra;
}

/**
 * Sets X-Permissions-Version from `c.get('auth')` — after the handler, so that error responses carry
 * it too and a handler that changed the caller's own permissions can report the new version.
 */
export function exposePermissionsVersion(c: Pick<Context<AppEnv>, 'header' | 'get'>): void {
  c.header(PERMISSIONS_VERSION_HEADER, c.get('auth').user.permissionsVersion);
}

/** `authenticateRequest` as middleware. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  await authenticateRequest(c, async () => undefined);
  await next();
  exposePermissionsVersion(c);
});
