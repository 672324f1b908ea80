import { keys } from '../keys/keys.ts';
import type { Store } from '../store/store.ts';

/** `GET /api/auth/mfa`: which second factors the user has. */
export interface MfaStatus {
  /** A confirmed TOTP authenticator. */
  totp: boolean;
  /** Registered passkeys (written by passkeys/; see `keys.userPasskeys`). */
  passkeys: number;
  recoveryCodesLeft: number;
}

/** The second-factor methods a login ticket may be answered with (CONTRACT.md). */
export type MfaMethod = 'totp' | 'webauthn' | 'recovery';

/**
 * Three O(1) reads in the user's slot, started together: a request's store sends them with the
 * other calls it starts at the same time (the session check, an org's access), so they cost no
 * round trip of their own.
 */
export async function mfaStatusOf(store: Store, userId: string): Promise<MfaStatus> {
  const [totp, passkeys, recovery] = await Promise.all([
    store.send(['EXISTS', keys.userTotp(userId)]),
    store.send(['HLEN', keys.userPasskeys(userId)]),
    store.send(['SCARD', keys.userRecoveryCodes(userId)]),
  ]);
  return { totp: Number(totp) === 1, passkeys: Number(passkeys) || 0, recoveryCodesLeft: Number(recovery) || 0 };
}

/**
 * A user *has MFA* once a TOTP authenticator is confirmed or a passkey is registered (CONTRACT.md).
 * Recovery codes alone are not a second factor: they stand in for one.
 */
export function hasMfa(status: MfaStatus): boolean {
  return status.totp || status.passkeys > 0;
}

/** The methods a user with MFA may answer a login ticket with. */
export function mfaMethodsOf(status: MfaStatus): MfaMethod[] {
  const methods: MfaMethod[] = [];
  if (status.totp) methods.push('totp');
  if (status.passkeys > 0) methods.push('webauthn');
  if (status.recoveryCodesLeft > 0) methods.push('recovery');
  return methods;
}
