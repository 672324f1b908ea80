import { positiveInt } from './env-schemas.ts';

/**
 * Environment settings of the rate limits and lockout (README.md lists them). Spread into
 * `configSchema` in config.ts; each entry is a zod schema with its default.
 *
 * Request limits count every request from one client IP (an IPv6 client by its /64) in a sliding
 * window. Login failures are counted per account (the normalised email, whether or not an account
 * has it) and client IP, and per account across all IPs — or, for a browser holding the account's
 * device cookie, per device.
 */
export const rateLimitConfig = {
  /** Every request under /api. */
  RATE_LIMIT_GLOBAL_MAX: positiveInt(100),
  RATE_LIMIT_GLOBAL_WINDOW_SECONDS: positiveInt(10),
  /** Login attempts, whatever their outcome. */
  RATE_LIMIT_LOGIN_MAX: positiveInt(5),
  RATE_LIMIT_LOGIN_WINDOW_SECONDS: positiveInt(10),
  /** Registrations: each costs an argon2 hash, and sign-up spam is the first abuse an auth server sees. */
  RATE_LIMIT_REGISTER_MAX: positiveInt(5),
  RATE_LIMIT_REGISTER_WINDOW_SECONDS: positiveInt(60),
  /** Password forgot, reset and change. */
  RATE_LIMIT_PASSWORD_MAX: positiveInt(5),
  RATE_LIMIT_PASSWORD_WINDOW_SECONDS: positiveInt(60),
  /** Refreshes: a tab refreshes about once per access-token lifetime, so 30 a minute leaves room for a NAT. */
  RATE_LIMIT_REFRESH_MAX: positiveInt(30),
  RATE_LIMIT_REFRESH_WINDOW_SECONDS: positiveInt(60),
  /**
   * Passkey sign-ins, counting both requests of one (options, then the answer) — like login's
   * limit, which counts one request per attempt.
   */
  RATE_LIMIT_PASSKEY_MAX: positiveInt(10),
  RATE_LIMIT_PASSKEY_WINDOW_SECONDS: positiveInt(10),
  /**
   * Sign-ins and links with a provider, counting each request of one (start or link, then the
   * callback): each costs calls to the provider.
   */
  RATE_LIMIT_OAUTH_MAX: positiveInt(20),
  RATE_LIMIT_OAUTH_WINDOW_SECONDS: positiveInt(60),
  /** Verification-email resends: each sends mail. */
  RATE_LIMIT_VERIFY_EMAIL_MAX: positiveInt(5),
  RATE_LIMIT_VERIFY_EMAIL_WINDOW_SECONDS: positiveInt(600),
  /** Invitation links read, declined or resent: a token guess or a mail sent each. */
  RATE_LIMIT_INVITATION_MAX: positiveInt(30),
  RATE_LIMIT_INVITATION_WINDOW_SECONDS: positiveInt(60),

  /**
   * Exponential backoff per account and IP: after this many failures, failure n + 1 waits for a
   * window of LOGIN_BACKOFF_BASE_SECONDS, each further one for a window twice as long, until the
   * lockout takes over. At or above LOGIN_LOCKOUT_THRESHOLD there is no backoff, only the lockout.
   */
  LOGIN_BACKOFF_AFTER_FAILURES: positiveInt(5),
  LOGIN_BACKOFF_BASE_SECONDS: positiveInt(60),
  /** Per account and IP: this many failures in the window lock that pair out until the window ends. */
  LOGIN_LOCKOUT_THRESHOLD: positiveInt(10),
  LOGIN_LOCKOUT_SECONDS: positiveInt(15 * 60),
  /**
   * Per account from every IP (NIST SP 800-63B caps consecutive failures at 100): past this many
   * failures the account refuses every login until the window (a clock hour by default) ends.
   */
  LOGIN_ACCOUNT_MAX_FAILURES: positiveInt(100),
  LOGIN_ACCOUNT_WINDOW_SECONDS: positiveInt(60 * 60),
  /**
   * Lifetime of the device cookie a successful sign-in leaves in the browser. Attempts carrying a
   * valid one for the account skip the account-wide cap and the pair lockout, and are held to a
   * budget of their own (LOGIN_LOCKOUT_THRESHOLD per LOGIN_LOCKOUT_SECONDS per device).
   */
  LOGIN_DEVICE_COOKIE_TTL_SECONDS: positiveInt(365 * 24 * 60 * 60),
};
