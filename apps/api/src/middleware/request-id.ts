import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env.ts';

/** An id a client or proxy sent along, if it is a sane one to echo (as `hono/request-id` accepts). */
const ACCEPTABLE_ID = /^[\w\-=]{1,255}$/;

/**
 * `X-Request-Id` on every response, errors included: the caller's own if it sent a sane one, else a
 * fresh UUID. `c.get('requestId')` ties log lines to the answer.
 */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const sent = c.req.header('X-Request-Id');
  const id = sent && ACCEPTABLE_ID.test(sent) ? sent : crypto.randomUUID();
  c.set('requestId', id);
  await next();
  c.res.headers.set('X-Request-Id', id);
});
