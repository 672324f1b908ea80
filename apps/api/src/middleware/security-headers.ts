import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';
import { API_SECURITY_HEADERS, DEFAULT_CACHE_CONTROL } from '../http/api-response-headers.ts';

/** The API's security headers (and `Cache-Control: no-store` unless the route set its own) on every answer. */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const { headers } = c.res;
  for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) headers.set(name, value);
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', DEFAULT_CACHE_CONTROL);
});
