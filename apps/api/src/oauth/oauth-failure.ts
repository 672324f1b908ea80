import {
  AuthorizationResponseError,
  OperationProcessingError,
  ResponseBodyError,
  WWWAuthenticateChallengeError,
} from 'oauth4webapi';

/**
 * Why a sign-in with a provider did not finish: the `error` of `/login?error=<code>` (the SPA has a
 * message for each). Every failure of the callback is one of these — never a 5xx, since the
 * browser arrives by a top-level navigation and a problem+json page would strand the user.
 */
export const oauthFailureCodes = [
  /** The user said no on the provider's consent page. */
  'access-denied',
  /** The provider answered the authorization request with another error. */
  'provider-error',
  /** The provider could not be reached, timed out, or answered with a server error. */
  'provider-unavailable',
  /** No flow cookie, a state that does not match it, a flow already finished or expired. */
  'invalid-state',
  /**
   * The code, the ID token or UserInfo did not check out: wrong aud/iss/nonce/signature, expired,
   * reused code, an access token UserInfo refused, a UserInfo `sub` other than the ID token's.
   */
  'token-invalid',
  /** The provider does not vouch for the email, so no account is made from it. */
  'email-unverified',
  /** An account has this email: sign in to it and link the provider from the security page. */
  'account-exists',
  /** The identity is linked to another account already. */
  'identity-taken',
  /** The session that started a link has ended. */
  'session-ended',
  'account-blocked',
  /** REQUIRE_EMAIL_VERIFICATION is on and the account's email is not verified. */
  'email-not-verified',
  /** MAX_SESSIONS_PER_USER with the `refuse` policy. */
  'session-limit',
  /** Anything else (the store unreachable, a bug): logged, never shown. */
  'server-error',
] as const;
export type OAuthFailureCode = (typeof oauthFailureCodes)[number];

export class OAuthFailure extends Error {
  readonly code: OAuthFailureCode;
  constructor(code: OAuthFailureCode, options?: { cause?: unknown }) {
    super(code, options);
    this.name = 'OAuthFailure';
    this.code = code;
  }
}

const serverTrouble = (cause: unknown): boolean => cause instanceof Response && cause.status >= 500;

/**
 * An error thrown while talking to a provider, as a failure code. Network errors, timeouts and
 * 5xx answers are the provider's outage; an error answer to the authorization request is its
 * verdict; anything the token endpoint, the ID token check or UserInfo refused is `token-invalid`.
 */
export function providerFailure(error: unknown): OAuthFailure {
  if (error instanceof OAuthFailure) return error;
  if (error instanceof AuthorizationResponseError) {
    return new OAuthFailure(error.error === 'access_denied' ? 'access-denied' : 'provider-error', { cause: error });
  }
  // UserInfo refuses an access token with a WWW-Authenticate challenge (RFC 6750), not a body.
  if (error instanceof ResponseBodyError || error instanceof WWWAuthenticateChallengeError) {
    return new OAuthFailure(error.status >= 500 ? 'provider-unavailable' : 'token-invalid', { cause: error });
  }
  if (error instanceof OperationProcessingError) {
    return new OAuthFailure(serverTrouble(error.cause) ? 'provider-unavailable' : 'token-invalid', { cause: error });
  }
  // fetch's TypeError (refused, reset, DNS), the AbortSignal's TimeoutError, and whatever else a
  // provider's odd answer provokes: the provider did not give us a usable answer.
  return new OAuthFailure('provider-unavailable', { cause: error });
}
