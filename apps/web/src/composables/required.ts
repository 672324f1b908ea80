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

/**
 * A new password typed twice: `repeatMessage` on `repeat` when the two differ. Added to the
 * `required` errors, so a blank repeat keeps its own message.
 */
export function typedTwice<Values extends Record<string, unknown>>(
  values: Values,
  errors: FieldErrors<keyof Values & string>,
  fields: { first: keyof Values & string; repeat: keyof Values & string },
): FieldErrors<keyof Values & string> {
  if (!errors[fields.repeat] && values[fields.repeat] !== values[fields.first]) {
    return { ...errors, [fields.repeat]: 'The two passwords differ' };
  }
  return errors;
}
