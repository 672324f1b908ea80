/**
 * Environment settings of the mailer, email verification and password reset (README.md lists
 * them). Spread into `configSchema` in config.ts; each entry is a zod schema with its default.
 */
export const mailConfig = {};
