import { Hono } from 'hono';
import { base64url } from 'jose';
import * as z from 'zod';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';
import { authenticate } from '../middleware/authenticate.ts';
import { requirePlatform } from '../middleware/require-platform.ts';
import { requireRecentAuth } from '../middleware/require-recent-auth.ts';
import { validate } from '../middleware/validate.ts';
import { adminSecurityEvent } from '../sessions/security-event.ts';
import { eventsOf } from '../sessions/security-events.ts';
import { revoke } from '../sessions/sessions.ts';
import { toPublicUser } from '../users/user.ts';
import { block, searchUsers, setUserField, userById } from '../users/users.ts';

const userParam = z.object({ id: z.string().regex(/^[\w-]{16,64}$/, 'Not a user id') });

const toCursor = (member: string) => base64url.encode(member);
function fromCursor(cursor: string): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(cursor));
  } catch {
    return null;
  }
}

const listQuery = z.object({
  query: z.string().trim().max(254).default(''),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** Platform administration. Every POST and DELETE also wants a recent proof of identity (step-up). */
export const admin = new Hono<AppEnv>()
  .use(authenticate)
  .get('/users', requirePlatform('users.read'), validate('query', listQuery), async (c) => {
    const { query, cursor, limit } = c.req.valid('query');
    const decoded = cursor ? fromCursor(cursor) : null;
    if (cursor && decoded === null) {
      throw new ApiError('VALIDATION_FAILED', { errors: [{ path: 'cursor', message: 'Not a cursor from this API' }] });
    }
    const page = await searchUsers(c.get('deps').store, { query, cursor: decoded, limit });
    return c.json({
      users: page.users.map((user) => ({
        ...toPublicUser(user),
        blocked: user.blocked === '1',
        ...(user.blockedReason ? { blockedReason: user.blockedReason } : {}),
      })),
      nextCursor: page.nextCursor ? toCursor(page.nextCursor) : null,
    });
  })
  .post(
    '/users/:id/block',
    requirePlatform('users.block'),
    requireRecentAuth,
    validate('param', userParam),
    validate('json', z.object({ reason: z.string().trim().max(500).optional() }).default({})),
    async (c) => {
      const { deps, auth } = c.var;
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      if (id === auth.userId) throw new ApiError('CONFLICT', { detail: 'You cannot block yourself.' });
      const now = deps.now();
      const found = await block(deps.store, {
        userId: id,
        reason: reason ?? '',
        at: now,
        event: adminSecurityEvent('account.blocked', now, auth.userId, { reason: reason ?? '' }),
      });
      if (!found) throw new ApiError('NOT_FOUND', { detail: 'No such user.' });
      return c.body(null, 204);
    },
  )
  .post(
    '/users/:id/unblock',
    requirePlatform('users.unblock'),
    requireRecentAuth,
    validate('param', userParam),
    async (c) => {
      const { deps, auth } = c.var;
      const { id } = c.req.valid('param');
      // A blocked admin cannot sign in to get here; refused anyway so that one admin's account is
      // never the only check on itself (the same rule as blocking).
      if (id === auth.userId) throw new ApiError('CONFLICT', { detail: 'You cannot unblock yourself.' });
      const event = adminSecurityEvent('account.unblocked', deps.now(), auth.userId);
      if (!(await setUserField(deps.store, id, 'blocked', '0', event))) {
        throw new ApiError('NOT_FOUND', { detail: 'No such user.' });
      }
      return c.body(null, 204);
    },
  )
  .delete(
    '/users/:id/sessions',
    requirePlatform('sessions.revoke'),
    requireRecentAuth,
    validate('param', userParam),
    async (c) => {
      const { deps, auth } = c.var;
      const { id } = c.req.valid('param');
      if (!(await userById(deps.store, id))) throw new ApiError('NOT_FOUND', { detail: 'No such user.' });
      await revoke(deps.store, {
        userId: id,
        mode: 'all',
        sessionId: '',
        event: adminSecurityEvent('sessions.revoked', deps.now(), auth.userId, { scope: 'all' }),
      });
      return c.body(null, 204);
    },
  )
  .get(
    '/events',
    requirePlatform('events.read'),
    validate('query', z.object({ userId: userParam.shape.id })),
    async (c) => {
      const { userId } = c.req.valid('query');
      return c.json({ events: await eventsOf(c.get('deps').store, userId) });
    },
  );
