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
