import * as z from 'zod';
import { authProvidersConfig, authProvidersProblem } from './auth-providers-config.ts';
import { csv, jsonText, positiveInt } from './env-schemas.ts';
import { mailConfig, mailConfigProblem } from './mail-config.ts';
import { mfaConfig } from './mfa-config.ts';
import { orgConfig } from './org-config.ts';
import { rateLimitConfig } from './rate-limit-config.ts';
import { relyingParty, webauthnConfig } from './webauthn-config.ts';

const DAY = 24 * 60 * 60;

/** A JSON array of JWKs in one environment variable. */
const jwkList = jsonText('must be a JSON array of JWKs').pipe(
  z.array(z.looseObject({ kty: z.string(), kid: z.string().min(1) })),
);

/**
 * Every setting the API reads from its environment, with its default. README.md's configuration
 * table lists the same names; keep the two in step.
 */
export const configSchema = z.object({
  /** Anything but `development`/`test` is treated as production: no dev outbox, strict defaults. */
  ENVIRONMENT: z.enum(['development', 'test', 'production']).default('production'),
  UPSTASH_REDIS_REST_URL: z.url().optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1).optional(),
  /** Node and Deno only: talk to Redis over TCP instead of REST. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** A store call that takes longer answers 503 instead of holding the request. */
  STORE_TIMEOUT_MS: positiveInt(1500),
  /** Extra origins allowed to call cookie-authenticated endpoints, comma-separated. */
  ALLOWED_ORIGINS: csv,

  /** Private JWKs (Ed25519 `OKP` or P-256 `EC`), each with a `kid`. The first signs; all verify. */
  JWT_PRIVATE_KEYS: jwkList,
  /** Public JWKs of retired keys that must keep verifying until their tokens expire. */
  JWT_PUBLIC_KEYS: jwkList,
  JWT_ISSUER: z.string().min(1).default('portcullis'),
  JWT_AUDIENCE: z.string().min(1).default('portcullis'),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt(600),
  /** HMAC key for refresh tokens, at least 32 random bytes (base64 or hex). */
  REFRESH_TOKEN_SECRET: z.string().min(43, 'must hold at least 32 random bytes (43+ base64 characters)'),
  /** Rotating the previous token again within this window is a benign race, not reuse. */
  REFRESH_GRACE_SECONDS: z.coerce.number().int().min(0).default(10),
  SESSION_ABSOLUTE_TTL_SECONDS: positiveInt(30 * DAY),
  SESSION_IDLE_TTL_SECONDS: positiveInt(7 * DAY),
  /** lastSeenAt is written at most this often, so that reads stay reads. */
  SESSION_TOUCH_INTERVAL_SECONDS: positiveInt(60),
  MAX_SESSIONS_PER_USER: positiveInt(10),
  SESSION_LIMIT_POLICY: z.enum(['evict-oldest', 'refuse']).default('evict-oldest'),
  /** Emails that get the platform `admin` role when they register, comma-separated. */
  ADMIN_EMAILS: csv.transform((emails) => emails.map((email) => email.toLowerCase())),

  ...rateLimitConfig,
  ...mailConfig,
  ...orgConfig,
  ...mfaConfig,
  ...webauthnConfig,
  ...authProvidersConfig,
});

export type Config = z.output<typeof configSchema>;

/**
 * Parses the environment once at start-up. A misconfiguration throws here, naming what to set,
 * rather than failing on the first request.
 */
export function loadConfig(env: Record<string, unknown>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Portcullis configuration is invalid:\n${problems.join('\n')}`);
  }
  const config = result.data;
  if (!config.REDIS_URL && !(config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN)) {
    throw new Error(
      'Portcullis needs a Redis: set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN (or REDIS_URL on Node/Deno).',
    );
  }
  const mailProblem = mailConfigProblem(config);
  if (mailProblem) throw new Error(mailProblem);
  relyingParty(config); // throws when WEBAUTHN_RP_ID cannot serve APP_URL
  const providersProblem = authProvidersProblem(config);
  if (providersProblem) throw new Error(providersProblem);
  if (config.JWT_PRIVATE_KEYS.length === 0) {
    throw new Error('Portcullis needs a signing key: set JWT_PRIVATE_KEYS to a JSON array of private JWKs with a kid.');
  }
  return config;
}
