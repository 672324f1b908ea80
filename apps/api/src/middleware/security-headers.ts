import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../app-env.ts';

/**
 * Headers for everything the Worker answers. API answers are JSON that no page should render,
 * frame or cache, so their CSP forbids everything. The SPA's own CSP is in apps/web/public/_headers,
 * because static assets are served without running the Worker.
 */
const apiHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"] },
  crossOriginResourcePolicy: 'same-origin',
  crossOriginOpenerPolicy: 'same-origin',
  referrerPolicy: 'no-referrer',
  strictTransportSecurity: 'max-age=63072000; includeSubDomains',
  xFrameOptions: 'DENY',
});

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await apiHeaders(c, next);
  // Tokens and personal data must not land in shared or browser caches. Routes that are safe to
  // cache (JWKS) set their own Cache-Control.
  if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
});
