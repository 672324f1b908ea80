import { Hono } from 'hono';
import * as z from 'zod';
import { passwordChangedEmail } from '../account/account-emails.ts';
import { afterResponse } from '../account/after-response.ts';
import { parseOneTimeToken } from '../account/one-time-token.ts';
import { replacePasswordHash } from '../account/password-change.ts';
import { consumeResetToken, peekResetToken, resetMessage } from '../account/password-reset.ts';
import { consumeVerificationToken, verificationMessage } from '../account/verification.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';
import { admitLoginAttempt } from '../lockout/login-guard.ts';
import { authenticate } from '../middleware/authenticate.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { validate } from '../middleware/validate.ts';
import { requestMeta } from '../sessions/request-meta.ts';
import { securityEvent } from '../sessions/security-event.ts';
import { emailSchema } from '../users/user.ts';
import { userByEmail, userById } from '../users/users.ts';

const passwordSchema = z.string().min(8, 'Use at least 8 characters').max(128, 'Use at most 128 characters');
const tokenBody = z.object({ token: z.string().min(1).max(256) });

/** A spent, replaced, expired or made-up token: one answer, naming the field for the form. */
const badToken = (expired: boolean) =>
  new ApiError('VALIDATION_FAILED', {
    detail: expired ? 'This link has expired. Ask for a new one.' : 'This link is not valid or was already used.',
    errors: [{ path: 'token', message: expired ? 'Expired' : 'Invalid or already used' }],
  });

/** 409 rather than 400: nothing in the request is wrong, the account has no password to change yet. */
const noPasswordYet = () =>
  new ApiError('CONFLICT', {
    detail: 'This account has no password yet. Set one with the link that Forgot password sends to your address.',
  });

/** Email verification, password reset and password change, under /api/auth. */
export const account = new Hono<AppEnv>()
  /*
   * A new verification link. With a bearer token: for the caller (409 when already verified).
   * Without one: for `{ email }`, always 202 whatever the email — the way back for a user whom
   * REQUIRE_EMAIL_VERIFICATION keeps from signing in, and who therefore has no token.
   */
  .post(
    '/verify-email/resend',
    rateLimit('verify-email'),
    validate('json', z.object({ email: emailSchema.optional() }).default({})),
    async (c) => {
      const deps = c.get('deps');
      let recipient: { id: string; email: string; name: string } | null;
      if (c.req.header('Authorization')) {
        await authenticate(c, async () => {});
        const { userId, user } = c.get('auth');
        if (user.emailVerified) throw new ApiError('CONFLICT', { detail: 'This email address is already verified.' });
        recipient = { id: userId, email: user.email, name: user.name };
      } else {
        const { email } = c.req.valid('json');
        if (!email) {
          throw new ApiError('VALIDATION_FAILED', {
            detail: 'Sign in, or say which email address to verify.',
            errors: [{ path: 'email', message: 'Required' }],
          });
        }
        recipient = await userByEmail(deps.store, email);
      }
      const issued = await verificationMessage(c, recipient);
      if (issued.status === 'issued') {
        await afterResponse(c, 'verification email', () => deps.mailer.send(issued.message));
      }
      return c.body(null, 202);
    },
  )

  .post('/verify-email', validate('json', tokenBody), async (c) => {
    const deps = c.get('deps');
    const token = parseOneTimeToken(c.req.valid('json').token);
    if (!token) throw badToken(false);
    const now = deps.now();
    const status = await consumeVerificationToken(
      deps,
      token,
      now,
      securityEvent('email.verified', now, requestMeta(c)),
    );
    if (status !== 'ok') throw badToken(status === 'expired');
    return c.body(null, 204);
  })

  // Always 202: whether an account exists is not this endpoint's to tell (no enumeration).
  .post('/password/forgot', rateLimit('password'), validate('json', z.object({ email: emailSchema })), async (c) => {
    const deps = c.get('deps');
    const user = await userByEmail(deps.store, c.req.valid('json').email);
    const message = await resetMessage(c, user);
    if (message) await afterResponse(c, 'password reset email', () => deps.mailer.send(message));
    return c.body(null, 202);
  })

  // The reset page asks on load whether its link still works, so nobody types a new password
  // twice into a page whose link was already used. Read-only: the token stays as it was.
  .post('/password/reset/check', rateLimit('password'), validate('json', tokenBody), async (c) => {
    const deps = c.get('deps');
    const token = parseOneTimeToken(c.req.valid('json').token);
    if (!token) throw badToken(false);
    const peek = await peekResetToken(deps, token, deps.now());
    if (peek.status !== 'ok') throw badToken(peek.status === 'expired');
    return c.body(null, 204);
  })

  .post(
    '/password/reset',
    rateLimit('password'),
    validate('json', tokenBody.extend({ password: passwordSchema })),
    async (c) => {
      const deps = c.get('deps');
      const body = c.req.valid('json');
      const token = parseOneTimeToken(body.token);
      if (!token) throw badToken(false);
      const now = deps.now();
      const peek = await peekResetToken(deps, token, now);
      if (peek.status !== 'ok') throw badToken(peek.status === 'expired');
      const meta = requestMeta(c);
      const result = await consumeResetToken(deps, {
        token,
        passwordHash: await deps.hasher.hash(body.password),
        now,
        event: securityEvent('password.reset', now, meta),
      });
      if (result.status !== 'ok') throw badToken(result.status === 'expired');
      const message = passwordChangedEmail({
        to: peek.email,
        name: peek.name,
        how: 'reset',
        circumstances: { ...meta, at: now },
      });
      await afterResponse(c, 'password reset notice', () => deps.mailer.send(message));
      return c.body(null, 204);
    },
  )

  .post(
    '/password/change',
    rateLimit('password'),
    authenticate,
    validate('json', z.object({ currentPassword: z.string().min(1).max(1024), newPassword: passwordSchema })),
    async (c) => {
      const { deps, auth } = c.var;
      const { currentPassword, newPassword } = c.req.valid('json');
      const user = await userById(deps.store, auth.userId);
      if (!user) throw new ApiError('SESSION_REVOKED');
      // An account made from a provider has no password to prove, so this is no guess at one: not
      // counted, nothing hashed. Its password is set only through the reset link (the mailbox is
      // the proof), never here, or a stolen access token would be enough to add one.
      if (user.pw === '') throw noPasswordYet();
      // Counted like a login attempt, before the check: a stolen access token must not turn into
      // unlimited guesses at the password it would need to take the account over.
      const attempt = await admitLoginAttempt(c, user.email);
      // 400, not 401: the bearer token is fine, and a 401 would make clients refresh or sign out.
      if (!(await deps.hasher.verify(user.pw, currentPassword)).valid) {
        throw new ApiError('VALIDATION_FAILED', {
          detail: 'The current password is not correct.',
          errors: [{ path: 'currentPassword', message: 'Incorrect password' }],
        });
      }
      await attempt.succeeded();
      if (newPassword === currentPassword) {
        throw new ApiError('VALIDATION_FAILED', {
          errors: [{ path: 'newPassword', message: 'Choose a password different from the current one' }],
        });
      }
      const now = deps.now();
      const meta = requestMeta(c);
      const result = await replacePasswordHash(deps, {
        userId: auth.userId,
        expectedHash: user.pw,
        newHash: await deps.hasher.hash(newPassword),
        keepSessionId: auth.sessionId,
        event: securityEvent('password.changed', now, meta, { sessionId: auth.sessionId }),
      });
      if (result.status === 'conflict') {
        throw new ApiError('CONFLICT', { detail: 'The password was changed meanwhile; sign in again and retry.' });
      }
      const message = passwordChangedEmail({
        to: user.email,
        name: user.name,
        how: 'changed',
        circumstances: { ...meta, at: now },
      });
      await afterResponse(c, 'password change notice', () => deps.mailer.send(message));
      return c.body(null, 204);
    },
  );
