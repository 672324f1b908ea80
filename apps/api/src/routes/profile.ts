import { singleLineString } from '@portcullis/permissions';
import { Hono } from 'hono';
import * as z from 'zod';
import { accountDeletedEmail, emailChangeConfirmEmail, emailChangeNoticeEmail } from '../account/account-emails.ts';
import { afterResponse } from '../account/after-response.ts';
import { appUrl, tokenLink } from '../account/app-url.ts';
import { parseOneTimeToken } from '../account/one-time-token.ts';
import { deleteAccount, finishEmailChange, renameAccount, startEmailChange } from '../account/profile.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';
import { authenticate } from '../middleware/authenticate.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { requireRecentAuth } from '../middleware/require-recent-auth.ts';
import { validate } from '../middleware/validate.ts';
import { requestMeta } from '../sessions/request-meta.ts';
import { securityEvent } from '../sessions/security-event.ts';
import { emailSchema, toPublicUser } from '../users/user.ts';
import { userById } from '../users/users.ts';

const nameBody = z.object({
  name: singleLineString('Name must be a string').trim().min(1, 'Enter your name').max(100),
});

const badToken = (expired: boolean) =>
  new ApiError('VALIDATION_FAILED', {
    detail: expired ? 'This link has expired. Ask for a new one.' : 'This link is not valid or was already used.',
    errors: [{ path: 'token', message: expired ? 'Expired' : 'Invalid or already used' }],
  });

const addressTaken = () =>
  new ApiError('CONFLICT', {
    detail: 'Another account uses this email address.',
    errors: [{ path: 'email', message: 'Already in use' }],
  });

/** The signed-in user's own profile, under /api/auth: name, email address, deleting the account. */
export const profile = new Hono<AppEnv>()
  .patch('/me', authenticate, validate('json', nameBody), async (c) => {
    const { deps, auth } = c.var;
    const { name } = c.req.valid('json');
    const event = securityEvent('profile.updated', deps.now(), requestMeta(c), { field: 'name' });
    if (!(await renameAccount(deps.store, { userId: auth.userId, name, event }))) throw new ApiError('SESSION_REVOKED');
    const user = await userById(deps.store, auth.userId);
    if (!user) throw new ApiError('SESSION_REVOKED');
    return c.json({ user: toPublicUser(user) });
  })

  /*
   * Step-up first: with a stolen access token alone, moving the account to the thief's mailbox
   * would hand them every future reset link. The address changes only when the link sent to it is
   * opened; the current address hears of the request at once.
   */
  .post(
    '/email/change',
    rateLimit('verify-email'),
    authenticate,
    requireRecentAuth,
    validate('json', z.object({ email: emailSchema })),
    async (c) => {
      const { deps, auth } = c.var;
      const { email } = c.req.valid('json');
      if (email === auth.user.email) {
        throw new ApiError('VALIDATION_FAILED', {
          errors: [{ path: 'email', message: 'This is already your email address' }],
        });
      }
      const now = deps.now();
      const meta = requestMeta(c);
      const result = await startEmailChange(deps, {
        userId: auth.userId,
        email,
        now,
        event: securityEvent('email.change-requested', now, meta, { to: email }),
      });
      if (result.status === 'missing') throw new ApiError('SESSION_REVOKED');
      if (result.status === 'taken') throw addressTaken();
      const confirm = emailChangeConfirmEmail({
        to: email,
        name: auth.user.name,
        link: tokenLink(appUrl(c), 'confirm-email', result.token),
        ttlSeconds: deps.config.EMAIL_VERIFICATION_TTL_SECONDS,
      });
      const notice = emailChangeNoticeEmail({
        to: auth.user.email,
        name: auth.user.name,
        newEmail: email,
        circumstances: { ...meta, at: now },
      });
      await afterResponse(c, 'email change emails', async () => {
        await deps.mailer.send(confirm);
        await deps.mailer.send(notice);
      });
      return c.body(null, 202);
    },
  )

  // The token alone, like email verification: it proves the new mailbox, and the link may be
  // opened on a device that is not signed in.
  .post('/email/confirm', validate('json', z.object({ token: z.string().min(1).max(256) })), async (c) => {
    const deps = c.get('deps');
    const token = parseOneTimeToken(c.req.valid('json').token);
    if (!token) throw badToken(false);
    const now = deps.now();
    const result = await finishEmailChange(deps, {
      token,
      now,
      event: securityEvent('email.changed', now, requestMeta(c)),
    });
    if (result.status === 'invalid' || result.status === 'expired') throw badToken(result.status === 'expired');
    if (result.status === 'taken') throw addressTaken();
    return c.body(null, 204);
  })

  .delete('/me', authenticate, requireRecentAuth, async (c) => {
    const { deps, auth } = c.var;
    const now = deps.now();
    const meta = requestMeta(c);
    const result = await deleteAccount(deps.store, {
      userId: auth.userId,
      ip: meta.ip,
      now,
      auditCap: deps.config.ORG_AUDIT_MAX_EVENTS,
    });
    if (result.status === 'missing') throw new ApiError('SESSION_REVOKED');
    if (result.status === 'last-owner') {
      throw new ApiError('CONFLICT', {
        detail:
          'You are the only owner of an organization. Make someone else its owner, or delete it, before deleting your account.',
        // One entry per org, `orgs.<orgId>`, so that a client can link to each one's members.
        errors: result.orgs.map((org) => ({ path: `orgs.${org.id}`, message: org.name })),
      });
    }
    const message = accountDeletedEmail({
      to: auth.user.email,
      name: auth.user.name,
      circumstances: { ...meta, at: now },
    });
    await afterResponse(c, 'account deleted notice', () => deps.mailer.send(message));
    return c.body(null, 204);
  });
