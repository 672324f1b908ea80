/**
 * Environment settings of the rate limits and lockout (README.md lists them). Spread into
 * `configSchema` in config.ts; each entry is a zod schema with its default.
 */
export const rateLimitConfig = {};
