import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';

/**
 * CSRF defence for the endpoints a cookie authenticates (refresh, logout). `hono/csrf` skips JSON
 * requests, so this checks what a cross-site page cannot fake:
 * - the body must be declared JSON — a cross-site form cannot send that type without a CORS
 *   preflight, which we never grant;
 * - `Sec-Fetch-Site: cross-site` is refused outright;
 * - `Origin`, when present (browsers always send it on POST), must be our own origin — the origin
 *   the request was addressed to — or one listed in ALLOWED_ORIGINS.
 * A request with neither Origin nor Sec-Fetch-Site is not from a modern browser, so it carries no
 * ambient cookie a third party could ride on.
 */
export const crossSiteGuard = createMiddleware<AppEnv>(async (c, next) => {
  const type = c.req.header('Content-Type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', { detail: 'Send Content-Type: application/json.' });
  }
  if (c.req.header('Sec-Fetch-Site')?.toLowerCase() === 'cross-site') {
    throw new ApiError('CSRF_REJECTED', { detail: 'Cross-site requests are refused.' });
  }
  const origin = c.req.header('Origin');
  if (origin !== undefined) {
    const own = new URL(c.req.url).origin;
    if (origin !== own && !c.get('deps').config.ALLOWED_ORIGINS.includes(origin)) {
      throw new ApiError('CSRF_REJECTED', { detail: 'This origin may not use the session cookie.' });
    }
  }
  await next();
});
