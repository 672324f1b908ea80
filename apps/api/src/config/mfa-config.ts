import { base64url } from 'jose';
import * as z from 'zod';
import { positiveInt } from './env-schemas.ts';

/**
 * 32 random bytes in base64url (43 characters), e.g. `openssl rand 32 | basenc --base64url`; the
 * `=` padding that command adds is dropped.
 */
const aesKey = z
  .string({ message: 'must be set: 32 random bytes in base64url (43 characters)' })
  .trim()
  .transform((value) => value.replace(/=+$/, ''))
  .refine(
    (value) => {
      try {
        return /^[A-Za-z0-9_-]{43}$/.test(value) && base64url.decode(value).length === 32;
      } catch {
        return false;
      }
    },
    { message: 'must be 32 random bytes in base64url (43 characters)' },
  );

/**
 * Environment settings of second factors and step-up (README.md lists them). Spread into
 * `configSchema` in config.ts.
 */
export const mfaConfig = {
  /**
   * AES-256-GCM key that seals TOTP secrets at rest (mfa/secret-box.ts), so that a Redis dump
   * cannot mint codes. Required everywhere, like REFRESH_TOKEN_SECRET: `pnpm start` writes one to
   * `.dev.vars`. Changing it makes every stored TOTP secret unreadable (users set TOTP up again).
   */
  MFA_ENCRYPTION_KEY: aesKey,
  /** How long a login ticket (`mfaToken`) waits for its second factor. */
  MFA_TICKET_TTL_SECONDS: positiveInt(300),
  /** Answers a login ticket takes; the one after the last is refused and the ticket is dead. */
  MFA_TICKET_MAX_ANSWERS: positiveInt(5),
  /** How long a TOTP secret from `POST /api/auth/mfa/totp/setup` waits for its confirmation. */
  TOTP_SETUP_TTL_SECONDS: positiveInt(600),
  /** The issuer authenticator apps show next to the account (the `otpauth://` URI's `issuer`). */
  TOTP_ISSUER: z.string().trim().min(1).max(64).default('Portcullis'),
  /** Sensitive routes want the session to have proved a credential this recently (step-up). */
  REAUTH_WINDOW_SECONDS: positiveInt(600),
};
