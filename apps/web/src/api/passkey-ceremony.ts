import {
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
  WebAuthnError,
} from '@simplewebauthn/browser';
import { ApiProblem, problemMessage } from './api-problem.ts';
import type { ApiAnswer, ApiInput } from './api-routes.ts';

/**
 * The options as the API's route types have them. Hono's JSON typing turns the library's types
 * into near-copies TypeScript cannot match back (transports widen to `string`, the PRF
 * extension's buffers become opaque objects); the JSON itself is what @simplewebauthn/server made
 * for @simplewebauthn/browser, of the same version line. Hence the one cast in each ceremony.
 */
export type RequestOptions = ApiAnswer<'post', '/api/auth/passkeys/login/options'>;
export type CreationOptions = ApiAnswer<'post', '/api/auth/passkeys/register/options'>;

/**
 * A failed browser prompt as an `ApiProblem`, so that forms and actions show it like any other
 * failure. Closing the prompt, letting it time out and another prompt taking over all reject with
 * NotAllowedError or AbortError: to the person that is "cancelled", never an error of ours.
 */
export function passkeyProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'AbortError') {
    return new ApiProblem({ status: 0, code: 'PASSKEY_CANCELLED', message: problemMessage('PASSKEY_CANCELLED') });
  }
  const message =
    error instanceof WebAuthnError && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED'
      ? 'That passkey is already on your account.'
      : problemMessage('PASSKEY_FAILED');
  return new ApiProblem({ status: 0, code: 'PASSKEY_FAILED', message });
}

/**
 * The browser's answers as the API's schemas take them. `clientExtensionResults` is copied into a
 * plain object: the library's type for it is an interface, which TypeScript will not let stand for
 * the API's open object (`Record<string, unknown>`), though the JSON is the same.
 */
export type PasskeyAttestation = ApiInput<'post', '/api/auth/passkeys/register'>['json']['response'];
export type PasskeyAssertion = ApiInput<'post', '/api/auth/passkeys/login'>['json']['response'];

/** Asks the browser to create a passkey for the API's creation options. */
export async function createPasskey(options: CreationOptions): Promise<PasskeyAttestation> {
  const optionsJSON = options as unknown as PublicKeyCredentialCreationOptionsJSON;
  try {
    const answer = await startRegistration({ optionsJSON });
    return { ...answer, clientExtensionResults: { ...answer.clientExtensionResults } };
  } catch (error) {
    throw passkeyProblem(error);
  }
}

/**
 * Asks the browser to sign the API's challenge with a passkey. `autofill` waits, without a prompt,
 * for the person to pick a passkey from the username field's suggestions (conditional mediation);
 * any other ceremony started meanwhile cancels it.
 */
export async function signWithPasskey(options: RequestOptions, autofill = false): Promise<PasskeyAssertion> {
  const optionsJSON = options as unknown as PublicKeyCredentialRequestOptionsJSON;
  try {
    const answer = await startAuthentication({ optionsJSON, useBrowserAutofill: autofill });
    return { ...answer, clientExtensionResults: { ...answer.clientExtensionResults } };
  } catch (error) {
    throw passkeyProblem(error);
  }
}
