import * as z from 'zod';

const csv = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

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
  return config;
}
