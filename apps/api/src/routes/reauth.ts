import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';
import { admitLoginAttempt } from '../lockout/login-guard.ts';
import { totpAnswer, webauthnAnswer } from '../mfa/factor-answer.ts';
import { checkFactor, requireFactorAvailable } from '../mfa/factor-checks.ts';
import { authenticate } from '../middleware/authenticate.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { validate } from '../middleware/validate.ts';
import { requestMeta } from '../sessions/request-meta.ts';
import { securityEvent } from '../sessions/security-event.ts';
import { recordFailedLogin } from '../sessions/security-events.ts';
import { noteCredentialProved } from '../sessions/step-up.ts';
import { userById } from '../users/users.ts';

/**
 * `{ password }`, or a second factor. Not a recovery code: those are for a lost authenticator, and
 * spending one on a confirmation would leave the user fewer for when they need one.
 */
const reauthBody = z.union([
  z.object({ method: z.literal('password').optional(), password: z.string().min(1).max(1024) }),
  z.discriminatedUnion('method', [totpAnswer, webauthnAnswer]),
]);

/**
 * Step-up (under /api/auth): the signed-in user proves a credential again, and the session's
 * clock restarts (middleware/require-recent-auth.ts). A wrong answer counts exactly like a failed
 * login (same limits, same lockout), so a stolen access token does not buy unlimited guesses.
 * The WebAuthn challenge comes from `POST /api/auth/reauth/options`, which passkeys/ serves.
 */
export const reauth = new Hono<AppEnv>().post(
  '/reauth',
  rateLimit('login'),
  authenticate,
  validate('json', reauthBody),
  async (c) => {
    const { deps, auth } = c.var;
    const body = c.req.valid('json');
    if (body.method !== undefined && body.method !== 'password') requireFactorAvailable(body.method);
    const user = await userById(deps.store, auth.userId);
    if (!user) throw new ApiError('SESSION_REVOKED');
    const attempt = await admitLoginAttempt(c, user.email);
    const right =
      'password' in body
        ? (await deps.hasher.verify(user.pw, body.password)).valid
        : await checkFactor(c, { userId: user.id, purpose: 'reauth', answer: body });
    const now = deps.now();
    if (!right) {
      const method = 'password' in body ? 'password' : body.method;
      const event = securityEvent('login.failed', now, requestMeta(c), { method, step: 'reauth' });
      await recordFailedLogin(deps.store, user.id, event, now);
      throw new ApiError('INVALID_CREDENTIALS', { detail: 'That is not correct.' });
    }
    await attempt.succeeded();
    if (!(await noteCredentialProved(deps.store, { userId: user.id, sessionId: auth.sessionId, now }))) {
      throw new ApiError('SESSION_REVOKED');
    }
    return c.body(null, 204);
  },
);
