import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';

/**
 * CORS stays closed (no Access-Control-* headers at all) unless ALLOWED_ORIGINS lists origins: the
 * SPA is served from the API's own origin and needs none. Listed origins may send credentials,
 * which is what a separately hosted front end needs for the refresh cookie.
 */
export const corsPolicy = createMiddleware<AppEnv>(async (c, next) => {
  const allowed = c.get('deps').config.ALLOWED_ORIGINS;
  if (allowed.length === 0) return next();
  return cors({
    origin: (origin) => (allowed.includes(origin) ? origin : null),
    credentials: true,
    allowHeaders: ['Authorization', 'Content-Type'],
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
    exposeHeaders: ['X-Request-Id', 'X-Permissions-Version', 'Retry-After'],
    maxAge: 600,
  })(c, next);
});
