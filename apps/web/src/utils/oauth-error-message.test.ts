import { describe, expect, it } from 'vitest';
import { oauthErrorMessage } from './oauth-error-message.ts';

describe('oauthErrorMessage', () => {
  it('says what happened for each code the callback sends', () => {
    expect(oauthErrorMessage('account-exists')).toMatch(/already exists.*connect the provider from the Security page/);
    expect(oauthErrorMessage('access-denied')).toMatch(/cancelled/);
    expect(oauthErrorMessage(['identity-taken'])).toMatch(/another Portcullis account/);
  });

  it('never echoes a code it does not know, and says nothing without one', () => {
    expect(oauthErrorMessage('<img src=x onerror=alert(1)>')).toBe(
      'Signing in with the provider did not work. Try again.',
    );
    expect(oauthErrorMessage(undefined)).toBeNull();
    expect(oauthErrorMessage('')).toBeNull();
  });
});
