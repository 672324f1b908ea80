import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type * as z from 'zod';
import { ApiError, type FieldError } from '../errors/index.ts';

/** zod issues → the contract's `errors: [{ path, message }]`, paths dotted (`members.0.role`). */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/**
 * `@hono/zod-validator` with our error format: its default 400 body is the raw zod result, which
 * is neither problem+json nor stable.
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      throw new ApiError('VALIDATION_FAILED', { errors: toFieldErrors(result.error.issues) });
    }
  });
}
