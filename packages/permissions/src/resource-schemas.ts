import * as z from 'zod';
import type { FieldSpec, FieldValue, ResourceDefinition } from './resource.ts';
import { singleLineString } from './single-line-text.ts';

/**
 * The zod schemas of a resource's bodies, built from its field types: the API validates with them
 * and the SPA's form shows the same messages inline before sending.
 */

/** `amountCents` → `Amount cents`: how messages and forms name a field. */
export function fieldLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is `YYYY-MM-DD` and a day that exists (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The schema of one field's value, without optional/default handling. */
function valueSchema(key: string, field: FieldSpec): z.ZodType {
  const label = fieldLabel(key);
  switch (field.type) {
    case 'string': {
      // A required string needs something besides spaces.
      const min = field.min ?? (field.optional ? 0 : 1);
      let schema = singleLineString(`${label} must be text`).trim();
      if (min > 0) schema = schema.min(min, min === 1 ? `${label} is required` : `Use at least ${min} characters`);
      if (field.max !== undefined) schema = schema.max(field.max, `Use at most ${field.max} characters`);
      return schema;
    }
    case 'text': {
      const schema = z.string({ error: `${label} must be text` });
      return field.max === undefined ? schema : schema.max(field.max, `Use at most ${field.max} characters`);
    }
    case 'integer': {
      let schema = z
        .number({ error: `${label} must be a number` })
        .int(`${label} must be a whole number`)
        .min(Number.MIN_SAFE_INTEGER)
        .max(Number.MAX_SAFE_INTEGER);
      if (field.min !== undefined) schema = schema.min(field.min, `Must be at least ${field.min}`);
      if (field.max !== undefined) schema = schema.max(field.max, `Must be at most ${field.max}`);
      return schema;
    }
    case 'enum':
      return z.enum(field.values as [string, ...string[]], { error: `Choose one of: ${field.values.join(', ')}` });
    case 'date':
      return z
        .string({ error: `${label} must be a date` })
        .refine(isCalendarDate, { error: 'Use a real date, YYYY-MM-DD' });
    case 'boolean':
      return z.boolean({ error: `${label} must be true or false` });
  }
}

/** Errors for body properties the resource does not have: one per property, named. */
function strict<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`
        : undefined,
  });
}

/** What a create body may hold: required fields, optional ones (null or left out), defaults. */
export type CreateBody<D extends ResourceDefinition> = {
  [K in keyof D['fields'] as IsRequired<D['fields'][K]> extends true ? K : never]: FieldValue<D['fields'][K]>;
} & {
  [K in keyof D['fields'] as IsRequired<D['fields'][K]> extends true ? never : K]?: FieldValue<D['fields'][K]> | null;
};
/** A field a create body must hold: neither optional nor defaulted. */
type IsRequired<F> = F extends { readonly optional: true }
  ? false
  : F extends { readonly default: unknown }
    ? false
    : true;

/** What an update body may hold: any fields (at least one); optional ones may be cleared with null. */
export type UpdateBody<D extends ResourceDefinition> = {
  [K in keyof D['fields']]?: FieldValue<D['fields'][K]>;
};

/**
 * The create body's schema: unknown properties refused by name, optional fields `null` when left
 * out, defaults applied.
 *
 * @example
 * createSchema(invoices).parse({ title: ' Rent ', amountCents: 5 })
 * // { title: 'Rent', notes: null, amountCents: 5, status: 'draft', dueOn: null, paid: false }
 */
export function createSchema<D extends ResourceDefinition>(definition: D): z.ZodType<CreateOutput<D>, CreateBody<D>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(definition.fields)) {
    const value = valueSchema(key, field);
    if ('default' in field && field.default !== undefined) shape[key] = value.default(field.default);
    else if (field.optional) shape[key] = value.nullable().default(null);
    else shape[key] = value;
  }
  return strict(shape) as unknown as z.ZodType<CreateOutput<D>, CreateBody<D>>;
}

/** A create body once parsed: every field present. */
export type CreateOutput<D extends ResourceDefinition> = {
  -readonly [K in keyof D['fields']]: FieldValue<D['fields'][K]>;
};

/** The update body's schema: any subset of the fields, at least one. */
export function updateSchema<D extends ResourceDefinition>(definition: D): z.ZodType<UpdateBody<D>, UpdateBody<D>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(definition.fields)) {
    const value = valueSchema(key, field);
    shape[key] = (field.optional ? value.nullable() : value).optional();
  }
  return strict(shape).refine((body) => Object.values(body).some((value) => value !== undefined), {
    error: 'Send at least one field to change',
  }) as unknown as z.ZodType<UpdateBody<D>, UpdateBody<D>>;
}
