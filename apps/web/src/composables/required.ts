import type { FieldErrors } from './use-form.ts';

/**
 * Messages for required fields left blank — the one check worth doing before asking the API.
 *
 * @example
 * required({ email: '', name: 'Ada' }, { email: 'Enter your email address' }) // { email: '…' }
 */
export function required<Values extends Record<string, unknown>>(
  values: Values,
  messages: Partial<Record<keyof Values & string, string>>,
): FieldErrors<keyof Values & string> {
  const errors: FieldErrors<keyof Values & string> = {};
  for (const field of Object.keys(messages) as (keyof Values & string)[]) {
    const value = values[field];
    if (typeof value === 'string' ? !value.trim() : value === undefined || value === null)
      errors[field] = messages[field];
  }
  return errors;
}
