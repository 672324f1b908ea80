import type { Context, TypedResponse } from 'hono';
import { afterLogin } from '../account/auth-hooks.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';
import { randomId } from '../ids.ts';
import type { LoginAttempt } from '../lockout/login-guard.ts';
import { accessTokenAnswer } from '../tokens/access-token-answer.ts';
import { setRefreshCookie } from '../tokens/refresh-cookie.ts';
import { formatRefreshToken } from '../tokens/refresh-token.ts';
import { type PublicUser, type StoredUser, toPublicUser } from '../users/user.ts';
import { requestMeta } from './request-meta.ts';
import { securityEvent } from './security-event.ts';
import { startSession } from './sessions.ts';

/** How the user proved who they are, as `login.succeeded` records it. */
export type SignInMethod = 'password' | 'totp' | 'recovery' | 'webauthn' | 'passkey' | 'oauth';

/** How a sign-in was proved, and by which provider when the first step was one (social sign-in). */
export interface SignInInput {
  method: SignInMethod;
  /** The provider's id (AUTH_PROVIDERS): `login.succeeded` names it. */
  provider?: string | undefined;
  attempt?: Pick<LoginAttempt, 'trustDevice'>;
}

/** The login answer (CONTRACT.md), typed for the SPA's path-checked client. */
export interface LoginAnswer {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: PublicUser;
}

/**
 * The one way a sign-in ends, whatever proved the user (a password alone, or a login ticket
 * answered with a second factor, or a passkey): a new session, the refresh cookie, the device
 * cookie of the login lockout, `login.succeeded` naming the method, the new-device email, and the
 * login answer `{ accessToken, tokenType, expiresIn, user }`. The caller has checked the
 * credentials, the block and email verification; the session script re-checks the block.
 */
export async function finishSignIn(
  c: Context<AppEnv>,
  user: StoredUser,
  input: SignInInput,
): Promise<Response & TypedResponse<LoginAnswer, 200, 'json'>> {
  const deps = c.get('deps');
  const sessionId = await startSignedInSession(c, user, input);
  const answer: LoginAnswer = {
    ...(await accessTokenAnswer(deps, user.id, sessionId, deps.now())),
    user: toPublicUser(user),
  };
  return c.json(answer, 200);
}

/**
 * The part of `finishSignIn` that a redirect ends with too (the callback of a provider, which
 * answers with a 302, not JSON): the session, the refresh and device cookies, `login.succeeded`,
 * the new-device email. Returns the session id.
 */
export async function startSignedInSession(c: Context<AppEnv>, user: StoredUser, input: SignInInput): Promise<string> {
  const deps = c.get('deps');
  const now = deps.now();
  const meta = requestMeta(c);
  const sessionId = randomId();
  const extra: Record<string, string> = input.provider ? { provider: input.provider } : {};
  const created = await startSession(deps.store, deps.config, {
    userId: user.id,
    sessionId,
    now,
    meta,
    event: securityEvent('login.succeeded', now, meta, { sessionId, method: input.method, ...extra }),
  });
  if (created.status === 'blocked') throw new ApiError('ACCOUNT_BLOCKED');
  if (created.status === 'missing') throw new ApiError('INVALID_CREDENTIALS');
  if (created.status === 'limit') {
    throw new ApiError('CONFLICT', {
      detail: `At most ${deps.config.MAX_SESSIONS_PER_USER} sessions may be signed in at once; sign one out first.`,
    });
  }
  const refreshToken = await formatRefreshToken((await deps.secrets).refreshKey, {
    userId: user.id,
    sessionId,
    generation: 0,
  });
  setRefreshCookie(c, deps.config, refreshToken);
  await input.attempt?.trustDevice();
  await afterLogin(c, user);
  return sessionId;
}
