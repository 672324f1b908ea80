import * as z from 'zod';
import { flag, positiveInt } from './env-schemas.ts';

const HOUR = 60 * 60;
const DAY = 24 * HOUR;

/**
 * Environment settings of the mailer, email verification and password reset (README.md lists
 * them). Spread into `configSchema` in config.ts; each entry is a zod schema with its default.
 */
export const mailConfig = {
  /** A Resend-compatible `POST /emails` endpoint. Used only when ENVIRONMENT=production. */
  MAIL_API_URL: z.url().default('https://api.resend.com/emails'),
  /** Bearer key of the mail API (secret). Required in production. */
  MAIL_API_KEY: z.string().trim().min(1).optional(),
  /** Sender, e.g. `Portcullis <auth@example.com>`; the mail API must accept its domain. Required in production. */
  MAIL_FROM: z.string().trim().min(3).max(320).optional(),
  /** A send that takes longer is abandoned and logged; it never holds a response. */
  MAIL_TIMEOUT_MS: positiveInt(10_000),
  /**
   * Where the SPA lives; links in emails point here, never to the request's Host, which a client
   * can choose (reset-link poisoning). Required in production; elsewhere see account/app-url.ts.
   */
  APP_URL: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** When true, login refuses an account whose email address is not verified (403 FORBIDDEN). */
  REQUIRE_EMAIL_VERIFICATION: flag(false),
  EMAIL_VERIFICATION_TTL_SECONDS: positiveInt(HOUR),
  PASSWORD_RESET_TTL_SECONDS: positiveInt(HOUR),
  /** A browser+OS pair not seen for this long counts as a new device again (and is emailed about). */
  KNOWN_DEVICE_TTL_SECONDS: positiveInt(90 * DAY),
  KNOWN_DEVICES_PER_USER: positiveInt(20),
  /** Development outbox: messages kept per recipient, and for how long. */
  DEV_OUTBOX_MAX_MESSAGES: positiveInt(50),
  DEV_OUTBOX_TTL_SECONDS: positiveInt(DAY),
};

/**
 * Production sends real mail, so what it needs must be set; reported at start-up together, naming
 * what to set, rather than as a failed send long after deploy. Returns null when all is well.
 */
export function mailConfigProblem(config: {
  ENVIRONMENT: string;
  MAIL_API_KEY?: string | undefined;
  MAIL_FROM?: string | undefined;
  APP_URL?: string | undefined;
}): string | null {
  if (config.ENVIRONMENT !== 'production') return null;
  const missing = [
    config.MAIL_API_KEY ? null : 'MAIL_API_KEY (secret: the mail API key)',
    config.MAIL_FROM ? null : 'MAIL_FROM (e.g. "Portcullis <auth@example.com>")',
    config.APP_URL ? null : 'APP_URL (where the web app is served, e.g. https://app.example.com)',
  ].filter((item) => item !== null);
  if (missing.length === 0) return null;
  return `Portcullis sends email in production (ENVIRONMENT=production): set ${missing.join(', ')}.`;
}
