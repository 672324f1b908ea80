import { Hono } from 'hono';
import type { AppEnv, Deps } from './app-env.ts';
import { ApiError, problemResponse } from './errors/index.ts';
import { corsPolicy } from './middleware/cors-policy.ts';
import { jsonBody } from './middleware/json-body.ts';
import { onError, withRequestId } from './middleware/on-error.ts';
import { limitRequests } from './middleware/rate-limit.ts';
import { requestId } from './middleware/request-id.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { account } from './routes/account.ts';
import { admin } from './routes/admin.ts';
import { auth } from './routes/auth.ts';
import { dev } from './routes/dev.ts';
import { health } from './routes/health.ts';
import { jwks } from './routes/jwks.ts';
import { mfa } from './routes/mfa.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { acceptInvitationRoutes, orgs } from './routes/orgs/index.ts';
import { passkeys } from './routes/passkeys.ts';
import { profile } from './routes/profile.ts';
import { reauth } from './routes/reauth.ts';
import { sessions } from './routes/sessions.ts';
import { batchingStore } from './store/batching-store.ts';

/**
 * Builds the whole HTTP app from its dependencies. Entries (worker.ts, node.ts, deno.ts) only
 * decide where the dependencies come from.
 */
export function createApp(deps: Deps) {
  const api = new Hono<AppEnv>()
    .route('/health', health)
    .route('/auth', auth)
    .route('/auth', account)
    .route('/auth', mfa)
    .route('/auth', reauth)
    .route('/auth', passkeys)
    .route('/auth', profile)
    .route('/auth', oauthRoutes)
    .route('/sessions', sessions)
    .route('/admin', admin)
    .route('/orgs', orgs)
    .route('/invitations', acceptInvitationRoutes);
  // The outbox shows other people's reset links: it must not exist outside development.
  if (deps.config.ENVIRONMENT !== 'production') api.route('/dev', dev);

  const app = new Hono<AppEnv>()
    .use(requestId)
    .use(securityHeaders)
    .use(async (c, next) => {
      // Each request gets its own batching view of the store: Redis calls it starts together
      // (rate limits, session check, reads) share one round trip.
      c.set('deps', { ...deps, store: batchingStore(deps.store) });
      await next();
    })
    .use('/api/*', corsPolicy)
    .use('/api/*', limitRequests)
    .use('/api/*', jsonBody)
    .route('/api', api)
    .route('/.well-known', jwks);

  app.notFound((c) =>
    withRequestId(problemResponse(new ApiError('NOT_FOUND', { detail: 'No such endpoint.' })), c.get('requestId')),
  );
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
