import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';
import { authenticate } from '../middleware/authenticate.ts';
import { validate } from '../middleware/validate.ts';
import { requestMeta } from '../sessions/request-meta.ts';
import { securityEvent } from '../sessions/security-event.ts';
import { revoke, sessionsOf, toPublicSession } from '../sessions/sessions.ts';

export const sessions = new Hono<AppEnv>()
  .use(authenticate)
  .get('/', async (c) => {
    const { deps, auth } = c.var;
    const list = await sessionsOf(deps.store, auth.userId, deps.now());
    return c.json({
      sessions: list.map((session) => ({ ...toPublicSession(session), current: session.id === auth.sessionId })),
    });
  })
  .delete('/:id', validate('param', z.object({ id: z.string().min(1).max(64) })), async (c) => {
    const { deps, auth } = c.var;
    const { id } = c.req.valid('param');
    // Session keys live under the caller's user id, so another user's session id simply does not
    // exist here: 404, with nothing revealed and nothing touched.
    // The event names the device that was signed out, as the devices list showed it.
    const now = deps.now();
    const target = (await sessionsOf(deps.store, auth.userId, now)).find((session) => session.id === id);
    if (!target) throw new ApiError('NOT_FOUND', { detail: 'No such session.' });
    const device = [target.browser, target.os].filter(Boolean).join(' on ');
    const ended = await revoke(deps.store, {
      userId: auth.userId,
      mode: 'one',
      sessionId: id,
      event: securityEvent('sessions.revoked', now, requestMeta(c), {
        sessionId: id,
        scope: 'one',
        ...(device ? { device } : {}),
      }),
    });
    if (ended === 0) throw new ApiError('NOT_FOUND', { detail: 'No such session.' });
    return c.body(null, 204);
  });
