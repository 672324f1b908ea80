import type { OAuthFailureCode } from '@portcullis/api/app-type';

// Every code the API's provider callback sends back (`/login?error=<code>`, `/security?error=<code>`);
// a missing one is a vue-tsc error here.
const messages: Record<OAuthFailureCode, string> = {
  'access-denied': 'You cancelled the sign-in at the provider. Nothing was changed.',
  'provider-error': 'The provider could not complete the sign-in. Try again.',
  'provider-unavailable': 'The provider cannot be reached right now. Try again in a moment, or sign in another way.',
  'invalid-state':
    'That sign-in link expired or was already used, or it was started in another browser. Start again from this page.',
  'token-invalid': 'The provider’s answer could not be verified, so you were not signed in. Try again.',
  'email-unverified':
    'The provider has not verified your email address, so no account was created. Verify it there, or register with a password.',
  'account-exists':
    'An account with this email already exists. Sign in to it, then connect the provider from the Security page.',
  'identity-taken': 'That account at the provider is already connected to another Portcullis account.',
  'session-ended': 'Your session ended before the account could be connected. Sign in and try again.',
  'account-blocked': 'This account is blocked. Contact an administrator.',
  'email-not-verified': 'Confirm your email address before signing in: open the link we emailed you.',
  'session-limit': 'Too many devices are signed in to this account. Sign one out first.',
  'server-error': 'Something went wrong on our side. Try again.',
};

/**
 * The sentence for the `error` query parameter a provider sign-in (or link) came back with, or
 * null when there is none. An unknown code still gets a sentence: the parameter is in the URL,
 * anyone can write one, and it is never shown as it is.
 *
 * @example
 * oauthErrorMessage('account-exists') // 'An account with this email already exists. …'
 */
export function oauthErrorMessage(code: unknown): string | null {
  const value = Array.isArray(code) ? code[0] : code;
  if (typeof value !== 'string' || value === '') return null;
  return Object.hasOwn(messages, value)
    ? messages[value as OAuthFailureCode]
    : 'Signing in with the provider did not work. Try again.';
}
