import { Hono } from 'hono';
import { base64url } from 'jose';
import * as z from 'zod';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';
import { authenticate } from '../middleware/authenticate.ts';
import { requirePlatform } from '../middleware/require-platform.ts';
import { requireRecentAuth } from '../middleware/require-recent-auth.ts';
import { validate } from '../middleware/validate.ts';
import { membershipsOf } from '../orgs/orgs.ts';
import { adminSecurityEvent } from '../sessions/security-event.ts';
import { eventsOf } from '../sessions/security-events.ts';
import { revoke, sessionsOf, toPublicSession } from '../sessions/sessions.ts';
import { type StoredUser, toPublicUser } from '../users/user.ts';
import { block, countUsers, searchUsers, setUserField, userById } from '../users/users.ts';

const userParam = z.object({ id: z.string().regex(/^[\w-]{16,64}$/, 'Not a user id') });
const sessionParam = userParam.extend({ sessionId: z.string().regex(/^[\w-]{16,64}$/, 'Not a session id') });

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

/** A user as the admin screens show them: the public view, and whether (and why) they are blocked. */
function adminView(user: StoredUser) {
  return {
    ...toPublicUser(user),
    blocked: user.blocked === '1',
    ...(user.blockedReason ? { blockedReason: user.blockedReason } : {}),
  };
}

/** Platform administration. Every POST and DELETE also wants a recent proof of identity (step-up). */
export const admin = new Hono<AppEnv>()
  .use(authenticate)
  .get('/users', requirePlatform('users.read'), validate('query', listQuery), async (c) => {
    const { query, cursor, limit } = c.req.valid('query');
    const decoded = cursor ? fromCursor(cursor) : null;
    if (cursor && decoded === null) {
      throw new ApiError('VALIDATION_FAILED', { errors: [{ path: 'cursor', message: 'Not a cursor from this API' }] });
    }
    const store = c.get('deps').store;
    const [page, total] = await Promise.all([searchUsers(store, { query, cursor: decoded, limit }), countUsers(store)]);
    return c.json({
      users: page.users.map(adminView),
      nextCursor: page.nextCursor ? toCursor(page.nextCursor) : null,
      total,
    });
  })
  // One user as an admin sees them: the account, their orgs and their live sessions (security
  // events are GET /events?userId=, as before).
  .get('/users/:id', requirePlatform('users.read'), validate('param', userParam), async (c) => {
    const { deps } = c.var;
    const { id } = c.req.valid('param');
    const [user, memberships, sessions] = await Promise.all([
      userById(deps.store, id),
      membershipsOf(deps.store, id),
      sessionsOf(deps.store, id, deps.now()),
    ]);
    if (!user) throw new ApiError('NOT_FOUND', { detail: 'No such user.' });
    return c.json({
      user: {
        ...adminView(user),
        ...(user.blockedAt ? { blockedAt: new Date(user.blockedAt).toISOString() } : {}),
      },
      orgs: memberships.orgs,
      sessions: sessions.map(toPublicSession),
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
  .delete(
    '/users/:id/sessions/:sessionId',
    requirePlatform('sessions.revoke'),
    requireRecentAuth,
    validate('param', sessionParam),
    async (c) => {
      const { deps, auth } = c.var;
      const { id, sessionId } = c.req.valid('param');
      // Looked up under that user's id only: a session of someone else is simply not there (404).
      const ended = await revoke(deps.store, {
        userId: id,
        mode: 'one',
        sessionId,
        event: adminSecurityEvent('sessions.revoked', deps.now(), auth.userId, { scope: 'one', sessionId }),
      });
      if (ended === 0) throw new ApiError('NOT_FOUND', { detail: 'No such session.' });
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
