import { Secret, TOTP } from 'otpauth';
import type { Config } from '../config/config.ts';

/*
 * TOTP as RFC 6238 with the parameters every authenticator app supports: SHA-1, 6 digits, 30-second
 * steps, and the step before and after accepted for clock drift. `otpauth` (MIT) computes and
 * compares the codes (in constant time); which steps a user has already spent is ours (totp-state.ts).
 */
const PARAMS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** Steps accepted either side of the current one. */
const WINDOW = 1;

/** A new secret: 160 random bits (RFC 4226's recommended length), in base32 as apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/…` URI a QR code carries: the issuer and the account's email as its label. */
export function totpUri(config: Pick<Config, 'TOTP_ISSUER'>, email: string, secret: string): string {
  return new TOTP({
    ...PARAMS,
    issuer: config.TOTP_ISSUER,
    label: email,
    secret: Secret.fromBase32(secret),
  }).toString();
}

/**
 * The time step whose code `code` is, within ±1 step of `now` (ms), or null when it is none of
 * them. Only a format of six digits (spaces ignored) is tried. The caller must still spend the
 * step (totp-state.ts), or a code could be used twice.
 */
export function totpStepOf(secret: string, code: string, now: number): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = TOTP.validate({ ...PARAMS, token, secret: Secret.fromBase32(secret), timestamp: now, window: WINDOW });
  return delta === null ? null : TOTP.counter({ period: PARAMS.period, timestamp: now }) + delta;
}
