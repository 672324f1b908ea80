import { singleLineString } from '@portcullis/permissions';
import { type Context, Hono } from 'hono';
import * as z from 'zod';
import { afterRefreshReuse, afterRegister, requireVerifiedEmail } from '../account/auth-hooks.ts';
import type { AppEnv, Deps } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';
import { randomId } from '../ids.ts';
import { admitLoginAttempt } from '../lockout/login-guard.ts';
import { hasMfa, mfaMethodsOf, mfaStatusOf } from '../mfa/mfa-status.ts';
import { issueMfaTicket } from '../mfa/mfa-ticket.ts';
import { authenticate, authenticateRequest, PERMISSIONS_VERSION_HEADER } from '../middleware/authenticate.ts';
import { crossSiteGuard } from '../middleware/cross-site-guard.ts';
import { rateLimit } from '../middleware/rate-limit.ts';
import { validate } from '../middleware/validate.ts';
import { membershipsOf } from '../orgs/orgs.ts';
import { finishSignIn } from '../sessions/finish-sign-in.ts';
import { requestMeta } from '../sessions/request-meta.ts';
import { securityEvent } from '../sessions/security-event.ts';
import { eventsOf, recordFailedLogin } from '../sessions/security-events.ts';
import { permissionsVersionOf, revoke, revokeByToken, rotate } from '../sessions/sessions.ts';
import { accessTokenAnswer } from '../tokens/access-token-answer.ts';
import {
  CLEARED_REFRESH_COOKIE,
  clearRefreshCookie,
  readRefreshCookies,
  setRefreshCookie,
} from '../tokens/refresh-cookie.ts';
import { formatRefreshToken, parseRefreshToken, type RefreshToken } from '../tokens/refresh-token.ts';
import { emailSchema, toPublicUser } from '../users/user.ts';
import { createUser, setPasswordHash, userByEmail } from '../users/users.ts';

const passwordSchema = z.string().min(8, 'Use at least 8 characters').max(128, 'Use at most 128 characters');

const registerBody = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: singleLineString('Name must be a string').trim().min(1, 'Enter your name').max(100),
});

// Login does not apply the registration rules to the password: a wrong password of any length is
// just a wrong password, and must cost the same as any other.
const loginBody = z.object({
  email: emailSchema,
  password: z.string().min(1).max(1024),
});

const logoutBody = z.object({ scope: z.enum(['current', 'others', 'all']).default('current') }).default({
  scope: 'current',
});

const unauthenticated = (detail: string) =>
  new ApiError('UNAUTHENTICATED', { detail, headers: { 'Set-Cookie': CLEARED_REFRESH_COOKIE } });

/** The refresh token from the cookie, if it is one we issued; otherwise a 401 that clears it. */
async function presentedRefreshToken(deps: Deps, c: Context<AppEnv>): Promise<RefreshToken> {
  const [raw, ...others] = readRefreshCookies(c);
  if (others.length > 0) {
    // Cookie tossing (see readRefreshCookies): use neither. The answer clears nothing either: a
    // Set-Cookie could remove only our own cookie, which is the one the user needs back.
    throw new ApiError('UNAUTHENTICATED', { detail: 'More than one session cookie was sent.' });
  }
  if (!raw) throw unauthenticated('No session cookie.');
  const token = await parseRefreshToken((await deps.secrets).refreshKey, raw);
  // Forged, garbled or signed with another secret: answer like a missing cookie and touch nothing,
  // so that knowing a session id is not enough to log anyone out.
  if (!token) throw unauthenticated('The session cookie is not valid.');
  return token;
}

export const auth = new Hono<AppEnv>()
  .post('/register', rateLimit('register'), validate('json', registerBody), async (c) => {
    const deps = c.get('deps');
    const body = c.req.valid('json');
    const now = deps.now();
    const user = {
      id: randomId(),
      email: body.email,
      name: body.name,
      pw: await deps.hasher.hash(body.password),
      createdAt: now,
      role: deps.config.ADMIN_EMAILS.includes(body.email) ? ('admin' as const) : ('user' as const),
      verified: '0' as const,
      blocked: '0' as const,
      pv: 0,
    };
    if (!(await createUser(deps.store, user))) {
      throw new ApiError('CONFLICT', {
        detail: 'An account with this email already exists.',
        errors: [{ path: 'email', message: 'An account with this email already exists' }],
      });
    }
    await afterRegister(c, user);
    return c.json({ user: toPublicUser(user) }, 201);
  })

  .post('/login', rateLimit('login'), validate('json', loginBody), async (c) => {
    const deps = c.get('deps');
    const { email, password } = c.req.valid('json');
    // Before any lookup or hashing: a locked-out attempt is refused cheaply, known email or not.
    const attempt = await admitLoginAttempt(c, email);
    const user = await userByEmail(deps.store, email);
    if (!user) {
      // Same work as a wrong password, so response time does not reveal which emails exist.
      await deps.hasher.verifyDummy(password);
      throw new ApiError('INVALID_CREDENTIALS');
    }
    // Read while the password is hashed, so it costs no round trip of its own.
    const mfaStatus = mfaStatusOf(deps.store, user.id);
    mfaStatus.catch(() => {}); // awaited below, unless the password is wrong
    // An account made with a provider has no password ('') until its user sets one: the same
    // work as a wrong one, so the answer's timing does not tell such accounts apart.
    const { valid, needsRehash } =
      user.pw === ''
        ? { valid: await deps.hasher.verifyDummy(password).then(() => false), needsRehash: false }
        : await deps.hasher.verify(user.pw, password);
    if (!valid) {
      const now = deps.now();
      await recordFailedLogin(deps.store, user.id, securityEvent('login.failed', now, requestMeta(c)), now);
      throw new ApiError('INVALID_CREDENTIALS');
    }
    const mfa = await mfaStatus;
    // The password was right. Without a second factor that is a sign-in, which clears the
    // failures counted so far; with one, only this attempt is given back (see LoginAttempt).
    await (hasMfa(mfa) ? attempt.refund() : attempt.succeeded());
    if (user.blocked === '1') throw new ApiError('ACCOUNT_BLOCKED');
    requireVerifiedEmail(deps.config, user);
    if (needsRehash) await setPasswordHash(deps.store, user.id, await deps.hasher.hash(password));
    if (hasMfa(mfa)) {
      // No session, no cookie, no device cookie yet: a ticket that only a second factor redeems.
      const ticket = await issueMfaTicket(deps, user.id, 'password');
      return c.json({
        mfaRequired: true as const,
        mfaToken: ticket.token,
        methods: mfaMethodsOf(mfa),
        expiresIn: ticket.expiresIn,
      });
    }
    return finishSignIn(c, user, { method: 'password', attempt });
  })

  .post('/refresh', rateLimit('refresh'), crossSiteGuard, async (c) => {
    const deps = c.get('deps');
    const token = await presentedRefreshToken(deps, c);
    const now = deps.now();
    // Its rate limits allowed it already (limitRequests): a refused refresh never gets here, so it
    // rotates nothing, and its client keeps a working token.
    const result = await rotate(deps.store, deps.config, {
      ...token,
      now,
      reuseEvent: securityEvent('refresh.reused', now, requestMeta(c), {
        sessionId: token.sessionId,
        generation: token.generation,
      }),
    });
    switch (result.status) {
      case 'reissued': // the answer that carried this generation was lost: the same cookie again
      case 'rotated': {
        const next = await formatRefreshToken((await deps.secrets).refreshKey, {
          ...token,
          generation: result.generation,
        });
        setRefreshCookie(c, deps.config, next);
        return c.json(await accessTokenAnswer(deps, token.userId, token.sessionId, now));
      }
      case 'grace':
        // A concurrent request already rotated and set the new cookie; setting or clearing it
        // here would race that answer and could log the user out.
        return c.json(await accessTokenAnswer(deps, token.userId, token.sessionId, now));
      case 'reused':
        await afterRefreshReuse(c, token.userId);
        throw new ApiError('REFRESH_REUSED', {
          detail: 'This session token was used twice; every session of the account has been signed out.',
          headers: { 'Set-Cookie': CLEARED_REFRESH_COOKIE },
        });
      case 'blocked':
        throw new ApiError('ACCOUNT_BLOCKED', { headers: { 'Set-Cookie': CLEARED_REFRESH_COOKIE } });
      case 'missing':
      case 'invalid':
        throw unauthenticated('The session has ended.');
    }
  })

  .post('/logout', validate('json', logoutBody), async (c) => {
    const deps = c.get('deps');
    const { scope } = c.req.valid('json');
    const now = deps.now();
    const mode = scope === 'current' ? 'one' : scope;
    const event = (sessionId: string) =>
      securityEvent(scope === 'current' ? 'logout' : 'sessions.revoked', now, requestMeta(c), { scope, sessionId });
    // Bearer first; the cookie is the fallback for a client whose access token has expired.
    if (c.req.header('Authorization')) {
      await authenticate(c, async () => {});
      const { userId, sessionId } = c.get('auth');
      await revoke(deps.store, { userId, mode, sessionId, event: event(sessionId) });
    } else {
      await crossSiteGuard(c, async () => {});
      const token = await presentedRefreshToken(deps, c);
      // Only a token refresh would still honour: a cookie of an ended session (logged out, reset,
      // reused) must not end the sessions the user has started since.
      const ended = await revokeByToken(deps.store, { ...token, mode, now, event: event(token.sessionId) });
      if (ended === null) throw unauthenticated('The session has ended.');
    }
    if (scope !== 'others') clearRefreshCookie(c);
    return c.body(null, 204);
  })

  // The cheap check an open tab polls while visible: one round trip (the session check every
  // authenticated request makes), no org reads. A changed version tells the tab to reload /me; a
  // 401 tells it the session is over, 403 ACCOUNT_BLOCKED that the account was blocked.
  .get('/permissions-version', authenticate, (c) =>
    c.json({ permissionsVersion: c.get('auth').user.permissionsVersion }),
  )

  .get('/events', authenticate, async (c) => {
    return c.json({ events: await eventsOf(c.get('deps').store, c.get('auth').userId) });
  })

  .get('/me', async (c) => {
    // The orgs are read in the same round trip as the session check, with their own copy of the
    // permissions version so that the list and the version always match.
    const memberships = await authenticateRequest(c, (id) => membershipsOf(c.get('deps').store, id));
    const { userId, sessionId, user } = c.get('auth');
    user.permissionsVersion = permissionsVersionOf(memberships.platformRole, memberships.pv);
    const body = {
      user: {
        id: userId,
        email: user.email,
        name: user.name,
        emailVerified: user.emailVerified,
        platformRole: user.platformRole,
        createdAt: new Date(user.createdAt).toISOString(),
        // Read by the session check itself (no extra round trip): the security page offers
        // "Set a password" instead of "Change password" when it is false.
        hasPassword: user.hasPassword,
      },
      session: { id: sessionId },
      platformRole: user.platformRole,
      orgs: memberships.orgs,
      permissionsVersion: user.permissionsVersion,
    };
    c.header(PERMISSIONS_VERSION_HEADER, user.permissionsVersion);
    return c.json(body);
  });
