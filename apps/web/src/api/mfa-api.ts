import { api } from './api-client.ts';
import type {
  MfaStatus,
  Passkey,
  PasskeysResponse,
  ReauthRequest,
  RecoveryCodesResponse,
  TotpSetupResponse,
} from './api-types.ts';
import { createPasskey, signWithPasskey } from './passkey-ceremony.ts';

export const getMfaStatus = (signal?: AbortSignal): Promise<MfaStatus> => api.get('/api/auth/mfa', { signal });

/** A new secret, not active until confirmed with a code from it. */
export const setupTotp = (): Promise<TotpSetupResponse> => api.post('/api/auth/mfa/totp/setup', { body: {} });
/** Turns TOTP on; the answer's recovery codes are shown once and never again. */
export const confirmTotp = (code: string): Promise<RecoveryCodesResponse> =>
  api.post('/api/auth/mfa/totp/confirm', { body: { code } });
export const disableTotp = (): Promise<void> => api.delete('/api/auth/mfa/totp');
/** New recovery codes; the old ones stop working. */
export const regenerateRecoveryCodes = (): Promise<RecoveryCodesResponse> =>
  api.post('/api/auth/mfa/recovery-codes', { body: {} });

export const listPasskeys = (signal?: AbortSignal): Promise<PasskeysResponse> =>
  api.get('/api/auth/passkeys', { signal });
export const renamePasskey = async (id: string, name: string): Promise<Passkey> =>
  (await api.patch('/api/auth/passkeys/:id', { params: { id }, body: { name } })).passkey;
export const removePasskey = (id: string): Promise<void> => api.delete('/api/auth/passkeys/:id', { params: { id } });

/** Creates a passkey in the browser (the API excludes the ones already registered) and registers it. */
export async function addPasskey(name: string): Promise<Passkey> {
  const options = await api.post('/api/auth/passkeys/register/options', { body: {} });
  const response = await createPasskey(options);
  const body = name ? { response, name } : { response };
  return (await api.post('/api/auth/passkeys/register', { body })).passkey;
}

/** Restarts the session's step-up clock (204); wrong answers are 401 INVALID_CREDENTIALS. */
export const reauthenticate = (body: ReauthRequest): Promise<void> => api.post('/api/auth/reauth', { body });

export async function reauthenticateWithPasskey(): Promise<void> {
  const options = await api.post('/api/auth/reauth/options', { body: {} });
  await reauthenticate({ method: 'webauthn', response: await signWithPasskey(options) });
}
