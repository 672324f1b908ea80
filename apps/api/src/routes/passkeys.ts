import { singleLineString } from '@portcullis/permissions';
import { type Context, Hono } from 'hono';
import * as z from 'zod';
import { passkeyChangedEmail } from '../account/account-emails.ts';
import { afterResponse } from '../account/after-response.ts';
import { requireVerifiedEmail } from '../account/auth-hooks.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';
import { randomId } from '../ids.ts';
import { accountKey } from '../lockout/account-key.ts';
import { peekMfaTicket } from '../mfa/mfa-ticket.ts';
import { authenticate } from '../middleware/authenticate.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { requireRecentAuth } from '../middleware/require-recent-auth.ts';
import { validate } from '../middleware/validate.ts';
import { creationOptions, requestOptions, verifyAssertion, verifyCreation } from '../passkeys/ceremonies.ts';
import { factorBinding } from '../passkeys/passkey-factor.ts';
import {
  addPasskey,
  listPasskeys,
  type Passkey,
  removePasskey,
  renamePasskey,
  toPublicPasskey,
} from '../passkeys/passkeys.ts';
import { authenticationResponseSchema, registrationResponseSchema } from '../passkeys/response-schemas.ts';
import { finishSignIn } from '../sessions/finish-sign-in.ts';
import { requestMeta } from '../sessions/request-meta.ts';
import { securityEvent } from '../sessions/security-event.ts';
import { setDeviceCookie } from '../tokens/device-cookie.ts';

const nameSchema = singleLineString('Name must be a string').trim().min(1, 'Enter a name').max(100);
const empty = z.object({});
const idParam = z.object({ id: z.string().min(1).max(64) });

/** A registration challenge belongs to the session that asked for it (which passed step-up). */
const registrationSubject = (auth: { userId: string; sessionId: string }) => `${auth.userId}:${auth.sessionId}`;

/** Emails the owner about a passkey added or removed, after the response. */
function tellOwner(c: Context<AppEnv>, change: 'added' | 'removed', passkeyName: string): Promise<void> {
  const { deps, auth } = c.var;
  const circumstances = { ...requestMeta(c), at: deps.now() };
  const { email: to, name } = auth.user;
  return afterResponse(c, `passkey-${change} email`, () =>
    deps.mailer.send(passkeyChangedEmail({ to, name, change, passkeyName, circumstances })),
  );
}

/** "Passkey on macOS": a default a user recognises in the list, until they rename it. */
function defaultName(c: Context<AppEnv>): string {
  const { os } = requestMeta(c);
  return os ? `Passkey on ${os}` : 'Passkey';
}

/** Request options listing the user's passkeys; 409 when there are none to offer. */
async function optionsForUser(
  c: Context<AppEnv>,
  binding: { userId: string; purpose: 'sign-in' | 'reauth'; sessionId?: string },
) {
  const deps = c.var.deps;
  const allow = await listPasskeys(deps.store, binding.userId);
  if (allow.length === 0) throw new ApiError('CONFLICT', { detail: 'This account has no passkey.' });
  return requestOptions(deps, { ...factorBinding(binding.purpose, binding.userId, binding.sessionId), allow });
}

/**
 * Passkeys (CONTRACT.md, "Second factors, passkeys and step-up"): the signed-in user's list,
 * registration, rename and removal; passwordless sign-in with a discoverable credential; the
 * challenges for a passkey as a second factor and for re-authentication, whose answers
 * `/mfa/verify` and `/reauth` check (passkeys/passkey-factor.ts). Mounted under /api/auth.
 */
export const passkeys = new Hono<AppEnv>()
  .post('/passkeys/register/options', authenticate, requireRecentAuth, validate('json', empty), async (c) => {
    const { deps, auth } = c.var;
    const existing = await listPasskeys(deps.store, auth.userId);
    const options = await creationOptions(deps, {
      user: { id: auth.userId, email: auth.user.email, name: auth.user.name },
      existing,
      subject: registrationSubject(auth),
    });
    return c.json(options);
  })

  .post(
    '/passkeys/register',
    authenticate,
    validate('json', z.object({ response: registrationResponseSchema, name: nameSchema.optional() })),
    async (c) => {
      const { deps, auth } = c.var;
      const body = c.req.valid('json');
      const credential = await verifyCreation(deps, { response: body.response, subject: registrationSubject(auth) });
      if (!credential) {
        throw new ApiError('VALIDATION_FAILED', {
          detail: 'The passkey could not be verified: ask for new options and try again.',
          errors: [{ path: 'response', message: 'The passkey could not be verified' }],
        });
      }
      const now = deps.now();
      const passkey: Passkey = {
        id: randomId(),
        credentialId: credential.id,
        publicKey: credential.publicKey,
        counter: credential.counter,
        transports: credential.transports ?? [],
        name: body.name ?? defaultName(c),
        createdAt: now,
        lastUsedAt: null,
      };
      const added = await addPasskey(deps.store, {
        userId: auth.userId,
        passkey,
        max: deps.config.MAX_PASSKEYS_PER_USER,
        event: securityEvent('passkey.added', now, requestMeta(c), { passkeyId: passkey.id }),
      });
      if (added === 'taken') throw new ApiError('CONFLICT', { detail: 'This passkey is registered already.' });
      if (added === 'limit') {
        throw new ApiError('CONFLICT', {
          detail: `At most ${deps.config.MAX_PASSKEYS_PER_USER} passkeys per account; remove one first.`,
        });
      }
      if (added === 'missing') throw new ApiError('SESSION_REVOKED');
      await tellOwner(c, 'added', passkey.name);
      return c.json({ passkey: toPublicPasskey(passkey) }, 201);
    },
  )

  .get('/passkeys', authenticate, async (c) => {
    const { deps, auth } = c.var;
    const list = await listPasskeys(deps.store, auth.userId);
    return c.json({ passkeys: list.map(toPublicPasskey) });
  })

  .patch(
    '/passkeys/:id',
    authenticate,
    validate('param', idParam),
    validate('json', z.object({ name: nameSchema })),
    async (c) => {
      const { deps, auth } = c.var;
      // Passkey keys live under the caller's user id: another user's passkey id is simply not there.
      const renamed = await renamePasskey(deps.store, {
        userId: auth.userId,
        passkeyId: c.req.valid('param').id,
        name: c.req.valid('json').name,
      });
      if (!renamed) throw new ApiError('NOT_FOUND', { detail: 'No such passkey.' });
      return c.json({ passkey: toPublicPasskey(renamed) });
    },
  )

  .delete('/passkeys/:id', authenticate, requireRecentAuth, validate('param', idParam), async (c) => {
    const { deps, auth } = c.var;
    const passkeyId = c.req.valid('param').id;
    const removed = await removePasskey(deps.store, {
      userId: auth.userId,
      passkeyId,
      event: securityEvent('passkey.removed', deps.now(), requestMeta(c), { passkeyId }),
    });
    if (removed.status !== 'removed') {
      throw removed.status === 'missing'
        ? new ApiError('NOT_FOUND', { detail: 'No such passkey.' })
        : new ApiError('CONFLICT', {
            detail:
              'This passkey is your only way to sign in: set a password or connect an account before you remove it.',
          });
    }
    await tellOwner(c, 'removed', removed.name);
    return c.body(null, 204);
  })

  .post('/passkeys/login/options', rateLimit('passkey'), validate('json', empty), async (c) => {
    // Nobody is known yet: the challenge is bound to its purpose only, and the browser offers
    // whichever passkey of this site the user picks.
    return c.json(await requestOptions(c.var.deps, { purpose: 'login', subject: '' }));
  })

  .post(
    '/passkeys/login',
    rateLimit('passkey'),
    validate('json', z.object({ response: authenticationResponseSchema })),
    async (c) => {
      const deps = c.var.deps;
      const { response } = c.req.valid('json');
      const owner = await verifyAssertion(deps, { purpose: 'login', subject: '', response });
      // Unknown credential, bad signature, used or expired challenge, wrong origin or RP ID, no
      // user verification, a counter that went back: one answer, so none is told apart.
      if (!owner) throw new ApiError('INVALID_CREDENTIALS', { detail: 'The passkey could not be verified.' });
      const { user } = owner;
      if (user.blocked === '1') throw new ApiError('ACCOUNT_BLOCKED');
      requireVerifiedEmail(deps.config, user);
      // The owner is at this browser: it gets the login lockout's device cookie, as after a password.
      const account = await accountKey(user.email);
      return finishSignIn(c, user, {
        method: 'passkey',
        attempt: { trustDevice: () => setDeviceCookie(c, account) },
      });
    },
  )
  .post(
    '/mfa/webauthn/options',
    rateLimit('passkey'),
    validate('json', z.object({ mfaToken: z.string().min(1).max(256) })),
    async (c) => {
      // Only looked at, not spent: asking for a challenge is not an answer.
      const ticket = await peekMfaTicket(c.var.deps, c.req.valid('json').mfaToken);
      if (!ticket) {
        throw new ApiError('UNAUTHENTICATED', {
          detail: 'This sign-in has expired or was already used. Sign in again.',
        });
      }
      return c.json(await optionsForUser(c, { userId: ticket.userId, purpose: 'sign-in' }));
    },
  )

  .post('/reauth/options', authenticate, validate('json', empty), async (c) => {
    const { userId, sessionId } = c.var.auth;
    return c.json(await optionsForUser(c, { userId, purpose: 'reauth', sessionId }));
  });
