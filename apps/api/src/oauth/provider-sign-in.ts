import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/index.ts';
import { randomId } from '../ids.ts';
import { accountKey } from '../lockout/account-key.ts';
import { hasMfa, mfaMethodsOf, mfaStatusOf } from '../mfa/mfa-status.ts';
import { issueMfaTicket } from '../mfa/mfa-ticket.ts';
import { startSignedInSession } from '../sessions/finish-sign-in.ts';
import { requestMeta } from '../sessions/request-meta.ts';
import { securityEvent } from '../sessions/security-event.ts';
import { setDeviceCookie } from '../tokens/device-cookie.ts';
import type { StoredUser } from '../users/user.ts';
import { emailSchema } from '../users/user.ts';
import { linkIdentity, signInWithIdentity } from './identities.ts';
import { OAuthFailure } from './oauth-failure.ts';
import type { ProviderProfile } from './provider-client.ts';

/** A name is one line of text: control characters (a provider's, not ours to trust) become spaces. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this replaces
const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u007f]/g, ' ');

/** The account a provider's profile would make, or null when the profile cannot make one. */
function newUserFrom(c: Context<AppEnv>, profile: ProviderProfile, now: number): StoredUser | null {
  const email = emailSchema.safeParse(profile.email ?? '');
  if (!email.success) return null;
  const config = c.var.deps.config;
  const name = oneLine(profile.name ?? '')
    .trim()
    .slice(0, 100);
  return {
    id: randomId(),
    email: email.data,
    name: name || email.data.slice(0, email.data.indexOf('@')),
    // No password until the user sets one through the reset flow: '' never verifies.
    pw: '',
    createdAt: now,
    role: config.ADMIN_EMAILS.includes(email.data) ? 'admin' : 'user',
    // Only verified emails make accounts (see signInWithProvider), so the address is the user's.
    verified: '1',
    blocked: '0',
    pv: 0,
  };
}

/**
 * Signs in the user a provider vouched for, creating the account when the identity is new and its
 * email is verified and free; answers where the browser goes next. With MFA the user lands on the
 * second-step page with a login ticket in the fragment (never the query: fragments are not sent to
 * servers or kept in their logs).
 */
export async function signInWithProvider(
  c: Context<AppEnv>,
  input: { provider: string; profile: ProviderProfile; next: string },
): Promise<string> {
  const deps = c.var.deps;
  const now = deps.now();
  const { provider, profile } = input;
  const identityId = randomId();
  // An unverified email makes no account: whoever controls the provider's claim to an address
  // they do not own would otherwise hold an identity in the account the address's owner later
  // recovers (pre-account hijacking). A known identity signs in whatever its email says now.
  const newUser = profile.emailVerified ? newUserFrom(c, profile, now) : null;
  const outcome = await signInWithIdentity(deps.store, {
    provider,
    profile,
    newUser,
    identityId,
    event: securityEvent('identity.linked', now, requestMeta(c), { provider, identityId }),
  });
  if (outcome.status === 'email-taken') throw new OAuthFailure('account-exists');
  if (outcome.status === 'new') throw new OAuthFailure('email-unverified');
  if (outcome.status === 'unreadable') throw new OAuthFailure('server-error');
  const user = outcome.user;
  if (user.blocked === '1') throw new OAuthFailure('account-blocked');
  if (deps.config.REQUIRE_EMAIL_VERIFICATION && user.verified !== '1') throw new OAuthFailure('email-not-verified');

  const mfa = await mfaStatusOf(deps.store, user.id);
  if (hasMfa(mfa)) {
    const ticket = await issueMfaTicket(deps, user.id, provider);
    const fragment = new URLSearchParams({
      mfaToken: ticket.token,
      methods: mfaMethodsOf(mfa).join(','),
      expiresIn: String(ticket.expiresIn),
    });
    const query = input.next ? `?${new URLSearchParams({ next: input.next })}` : '';
    return `/login/verify${query}#${fragment}`;
  }
  const account = await accountKey(user.email);
  try {
    await startSignedInSession(c, user, {
      method: 'oauth',
      provider,
      // The owner is at this browser: it gets the login lockout's device cookie, as after a password.
      attempt: { trustDevice: () => setDeviceCookie(c, account) },
    });
  } catch (error) {
    if (error instanceof ApiError && error.code === 'ACCOUNT_BLOCKED') throw new OAuthFailure('account-blocked');
    if (error instanceof ApiError && error.code === 'CONFLICT') throw new OAuthFailure('session-limit');
    throw error;
  }
  return input.next || '/';
}

/** Links the identity to the user whose session started the link; answers where the browser goes next. */
export async function linkProviderIdentity(
  c: Context<AppEnv>,
  input: { provider: string; profile: ProviderProfile; userId: string; sessionId: string; next: string },
): Promise<string> {
  const deps = c.var.deps;
  const now = deps.now();
  const identityId = randomId();
  const linked = await linkIdentity(deps.store, {
    ...input,
    identityId,
    now,
    event: securityEvent('identity.linked', now, requestMeta(c), { provider: input.provider, identityId }),
  });
  if (linked === 'taken') throw new OAuthFailure('identity-taken');
  if (linked === 'session-ended') throw new OAuthFailure('session-ended');
  if (linked === 'blocked') throw new OAuthFailure('account-blocked');
  const to = new URL(input.next || '/security', 'https://portcullis.invalid');
  to.searchParams.set('linked', input.provider);
  return `${to.pathname}${to.search}${to.hash}`;
}
