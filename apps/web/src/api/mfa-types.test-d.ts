import { describe, expectTypeOf, it } from 'vitest';
import type { LoginResponse, SecondFactorChallenge, SecondFactorMethod, SignedInResponse } from './api-types.ts';

// Checked by vue-tsc, like api-routes.test-d.ts: the second-step screens read these off the API.
describe('sign-in answers', () => {
  it('is either a session or a ticket for the second step, told apart by mfaRequired', () => {
    expectTypeOf<LoginResponse>().toEqualTypeOf<SignedInResponse | SecondFactorChallenge>();
    expectTypeOf<SecondFactorChallenge['mfaToken']>().toBeString();
    expectTypeOf<SignedInResponse['accessToken']>().toBeString();
    expectTypeOf<SecondFactorMethod>().toEqualTypeOf<'totp' | 'webauthn' | 'recovery'>();
  });
});
