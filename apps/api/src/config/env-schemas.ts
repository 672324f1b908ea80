import * as z from 'zod';

/** A comma-separated list; blanks dropped. */
export const csv = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

/** A positive integer from an environment string, with its default. */
export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * A yes/no switch: `true`/`false`/`1`/`0` (any case), or a real boolean from a wrangler.toml var.
 * Anything else fails at start-up — `z.coerce.boolean()` would read "false" as true.
 */
export const flag = (fallback: boolean) =>
  z
    .union([z.boolean(), z.string()])
    .default(fallback)
    .transform((value, ctx) => {
      if (typeof value === 'boolean') return value;
      const text = value.trim().toLowerCase();
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      ctx.addIssue({ code: 'custom', message: 'must be true or false' });
      return z.NEVER;
    });

/**
 * A JSON document in one environment variable (secrets are flat strings on every platform),
 * default `[]`; text that is not JSON fails at start-up with `message`. Pipe it into its schema.
 */
export const jsonText = (message: string) =>
  z
    .string()
    .default('[]')
    .transform((value, ctx) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
    });
