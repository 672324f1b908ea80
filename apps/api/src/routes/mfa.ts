import { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';
import { admitLoginAttempt } from '../lockout/login-guard.ts';
import { recoveryAnswer, totpAnswer, webauthnAnswer } from '../mfa/factor-answer.ts';
import { checkFactor, requireFactorAvailable } from '../mfa/factor-checks.ts';
import { noticeSecondFactorChange } from '../mfa/mfa-notices.ts';
import { mfaStatusOf } from '../mfa/mfa-status.ts';
import { consumeMfaTicket, reserveMfaAnswer, ticketUserId } from '../mfa/mfa-ticket.ts';
import { newRecoveryCodes, recoveryCodeHash, replaceRecoveryCodes } from '../mfa/recovery-codes.ts';
import { newTotpSecret, totpStepOf, totpUri } from '../mfa/totp.ts';
import { disableTotp, enableTotp, pendingTotpSecret, startTotpSetup } from '../mfa/totp-state.ts';
import { authenticate, authenticateRequest, exposePermissionsVersion } from '../middleware/authenticate.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { requireRecentAuth } from '../middleware/require-recent-auth.ts';
import { validate } from '../middleware/validate.ts';
import { finishSignIn } from '../sessions/finish-sign-in.ts';
import { requestMeta } from '../sessions/request-meta.ts';
import { securityEvent } from '../sessions/security-event.ts';
import { recordFailedLogin } from '../sessions/security-events.ts';
import { userById } from '../users/users.ts';

const mfaToken = z.string().min(1).max(256);
const verifyBody = z.discriminatedUnion('method', [
  totpAnswer.extend({ mfaToken }),
  recoveryAnswer.extend({ mfaToken }),
  webauthnAnswer.extend({ mfaToken }),
]);

const deadTicket = () =>
  new ApiError('UNAUTHENTICATED', { detail: 'This sign-in has expired or was already used. Sign in again.' });

/** Second factors: the login ticket's answer, and managing TOTP and recovery codes (under /api/auth). */
export const mfa = new Hono<AppEnv>()
  /*
   * The second step of a sign-in. The ticket's try is spent first, then the attempt is counted
   * like a password attempt (same limits, same device-cookie rules), and only then is the answer
   * checked: a burst of answers gets no more checks than either allows.
   */
  .post('/mfa/verify', rateLimit('login'), validate('json', verifyBody), async (c) => {
    const deps = c.get('deps');
    const answer = c.req.valid('json');
    requireFactorAvailable(answer.method);
    const userId = ticketUserId(answer.mfaToken);
    if (!userId) throw deadTicket();
    // One round trip: the ticket's try and the user record.
    const [ticket, user] = await Promise.all([reserveMfaAnswer(deps, answer.mfaToken), userById(deps.store, userId)]);
    if (!ticket || !user) throw deadTicket();
    const attempt = await admitLoginAttempt(c, user.email);
    if (!(await checkFactor(c, { userId, purpose: 'sign-in', answer }))) {
      const now = deps.now();
      const event = securityEvent('login.failed', now, requestMeta(c), { method: answer.method });
      await recordFailedLogin(deps.store, userId, event, now);
      throw new ApiError('INVALID_CREDENTIALS', { detail: 'The code is not correct.' });
    }
    // A concurrent right answer consumed it first: that one signed in, this one does not.
    if (!(await consumeMfaTicket(deps, ticket))) throw deadTicket();
    await attempt.succeeded();
    if (user.blocked === '1') throw new ApiError('ACCOUNT_BLOCKED');
    // A ticket earned at a provider (social sign-in) names it, so login.succeeded does too.
    const provider = ticket.via === 'password' ? undefined : ticket.via;
    return finishSignIn(c, user, { method: answer.method, provider, attempt });
  })

  .get('/mfa', async (c) => {
    // Read with the session check, in its round trip.
    const status = await authenticateRequest(c, (userId) => mfaStatusOf(c.get('deps').store, userId));
    exposePermissionsVersion(c);
    return c.json(status);
  })

  .post('/mfa/totp/setup', authenticate, requireRecentAuth, validate('json', z.object({})), async (c) => {
    const { deps, auth } = c.var;
    if ((await mfaStatusOf(deps.store, auth.userId)).totp) {
      throw new ApiError('CONFLICT', { detail: 'An authenticator app is already set up; turn it off first.' });
    }
    const secret = newTotpSecret();
    await startTotpSetup(deps, auth.userId, secret);
    return c.json({ secret, uri: totpUri(deps.config, auth.user.email, secret) });
  })

  .post('/mfa/totp/confirm', authenticate, validate('json', z.object({ code: z.string().max(64) })), async (c) => {
    const { deps, auth } = c.var;
    const pending = await pendingTotpSecret(deps, auth.userId);
    if (!pending) {
      throw new ApiError('VALIDATION_FAILED', {
        detail: 'Set up the authenticator again: this set-up has expired.',
        errors: [{ path: 'code', message: 'No authenticator is being set up' }],
      });
    }
    const now = deps.now();
    const step = totpStepOf(pending.secret, c.req.valid('json').code, now);
    if (step === null) {
      throw new ApiError('VALIDATION_FAILED', {
        detail: 'The code is not correct. Check the time on your device and try the current code.',
        errors: [{ path: 'code', message: 'Incorrect code' }],
      });
    }
    const recoveryCodes = newRecoveryCodes();
    const status = await enableTotp(deps, {
      userId: auth.userId,
      sealed: pending.sealed,
      step,
      now,
      event: securityEvent('mfa.enabled', now, requestMeta(c), { method: 'totp' }),
      recoveryHashes: await Promise.all(recoveryCodes.map((code) => recoveryCodeHash(auth.userId, code))),
    });
    if (status === 'exists') throw new ApiError('CONFLICT', { detail: 'An authenticator app is already set up.' });
    if (status === 'changed') {
      throw new ApiError('VALIDATION_FAILED', {
        detail: 'A newer set-up replaced this one: scan the latest QR code.',
        errors: [{ path: 'code', message: 'Incorrect code' }],
      });
    }
    await noticeSecondFactorChange(c, auth.user, 'added', 'An authenticator app');
    return c.json({ recoveryCodes });
  })

  .delete('/mfa/totp', authenticate, requireRecentAuth, async (c) => {
    const { deps, auth } = c.var;
    const event = securityEvent('mfa.disabled', deps.now(), requestMeta(c), { method: 'totp' });
    if (!(await disableTotp(deps, auth.userId, event))) {
      throw new ApiError('NOT_FOUND', { detail: 'No authenticator app is set up.' });
    }
    await noticeSecondFactorChange(c, auth.user, 'removed', 'An authenticator app');
    return c.body(null, 204);
  })

  .post('/mfa/recovery-codes', authenticate, requireRecentAuth, validate('json', z.object({})), async (c) => {
    const { deps, auth } = c.var;
    const event = securityEvent('mfa.recovery-codes.regenerated', deps.now(), requestMeta(c));
    const recoveryCodes = await replaceRecoveryCodes(deps, { userId: auth.userId, event });
    // Recovery codes stand in for a second factor: without one they would be a way in of their own.
    if (!recoveryCodes) throw new ApiError('CONFLICT', { detail: 'Set up an authenticator app or a passkey first.' });
    return c.json({ recoveryCodes });
  });
