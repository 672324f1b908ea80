/**
 * `defineResource`: the one declaration a team writes for a resource of its own
 * (`resources/<name>.resource.ts`, see CONTRACT.md "Resources"). `pnpm generate resource <file>`
 * turns it into the catalogue entry, the API routes and the SPA pages. Types catch a misspelled
 * field type, option or grant; `resourceProblems` catches what types cannot (names, min > max, …),
 * and `defineResource` refuses a definition that has any, so a bad one never loads.
 */

/** The actions every resource has, in catalogue order. */
export const RESOURCE_ACTIONS = ['read', 'create', 'update', 'delete'] as const;
export type ResourceAction = (typeof RESOURCE_ACTIONS)[number];
/** Actions on an existing record, which an owned resource may grant for the caller's own records. */
export const OWNABLE_ACTIONS = ['read', 'update', 'delete'] as const;
export type OwnableResourceAction = (typeof OWNABLE_ACTIONS)[number];

interface FieldBase {
  /** Required unless `optional: true`; an optional field without a value is `null`. */
  readonly optional?: boolean;
}
/** One line, trimmed; `min`/`max` count characters after trimming. */
export interface StringField extends FieldBase {
  readonly type: 'string';
  readonly min?: number;
  readonly max?: number;
}
/** Free text, kept as sent (new lines and all). */
export interface TextField extends FieldBase {
  readonly type: 'text';
  readonly max?: number;
}
/** A whole number (JSON number, no fraction). */
export interface IntegerField extends FieldBase {
  readonly type: 'integer';
  readonly min?: number;
  readonly max?: number;
}
/** One of `values`; `default` is used when a new record leaves it out. */
export interface EnumField<V extends string = string> extends FieldBase {
  readonly type: 'enum';
  readonly values: readonly [V, ...V[]];
  readonly default?: NoInfer<V>;
}
/** A calendar date, `YYYY-MM-DD`. */
export interface DateField extends FieldBase {
  readonly type: 'date';
}
export interface BooleanField extends FieldBase {
  readonly type: 'boolean';
  readonly default?: boolean;
}

export type FieldSpec = StringField | TextField | IntegerField | EnumField | DateField | BooleanField;
export type FieldType = FieldSpec['type'];
export const FIELD_TYPES: readonly FieldType[] = ['string', 'text', 'integer', 'enum', 'date', 'boolean'];

/** Grants a built-in role may be given: an action, or on owned resources `<action>:own`. */
export type ResourceGrant<Owned extends boolean> =
  | ResourceAction
  | (Owned extends true ? `${OwnableResourceAction}:own` : never);

/** The built-in roles a definition grants to; `owner` and `admin` always get `<name>.*`. */
export const GRANTABLE_ROLES = ['member', 'viewer'] as const;
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

export interface ResourceDefinition<
  Name extends string = string,
  Fields extends Record<string, FieldSpec> = Record<string, FieldSpec>,
  Owned extends boolean = boolean,
  Label extends string = string,
> {
  /** Plural, lower-case kebab (`invoices`, `time-entries`): the path and the permission prefix. */
  readonly name: Name;
  /** Singular, for the UI (`Invoice`); in kebab case it names the audit events (`invoice.created`). */
  readonly label: Label;
  /** Records keep `authorId` and grants may be scoped `:own`. */
  readonly owned: Owned;
  readonly fields: Fields;
  readonly grants?: { readonly [R in GrantableRole]?: readonly ResourceGrant<Owned>[] };
}

/** Names a resource may not take: the org's own routes and catalogue entries. */
export const RESERVED_RESOURCE_NAMES = ['members', 'roles', 'audit', 'invitations', 'orgs', 'org'] as const;
/** Record properties every resource has, so no field may take their names. */
export const RESERVED_FIELD_NAMES = ['id', 'authorId', 'createdAt', 'updatedAt'] as const;

const RESOURCE_NAME = /^[a-z]+(-[a-z]+)*s$/;
const FIELD_NAME = /^[a-z][A-Za-z0-9]*$/;
const MAX_FIELDS = 30;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isWhole = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

/** Options each field type takes (besides `type`). */
const OPTIONS: Record<FieldType, readonly string[]> = {
  string: ['optional', 'min', 'max'],
  text: ['optional', 'max'],
  integer: ['optional', 'min', 'max'],
  enum: ['optional', 'values', 'default'],
  date: ['optional'],
  boolean: ['optional', 'default'],
};

function fieldProblems(key: string, field: unknown): string[] {
  const at = `field "${key}"`;
  if (!FIELD_NAME.test(key)) return [`${at}: a field name is camelCase letters and digits, starting with a letter`];
  if ((RESERVED_FIELD_NAMES as readonly string[]).includes(key)) {
    return [`${at}: "${key}" is reserved (every record has ${RESERVED_FIELD_NAMES.join(', ')})`];
  }
  if (!isObject(field)) return [`${at}: expected an object such as { type: 'string' }`];
  const type = field.type;
  if (typeof type !== 'string' || !(FIELD_TYPES as readonly string[]).includes(type)) {
    return [`${at}: unknown field type ${JSON.stringify(type)} (known: ${FIELD_TYPES.join(', ')})`];
  }
  const problems: string[] = [];
  const allowed = OPTIONS[type as FieldType];
  for (const option of Object.keys(field)) {
    if (option !== 'type' && !allowed.includes(option)) {
      problems.push(`${at}: unknown option "${option}" for type ${type} (known: ${allowed.join(', ')})`);
    }
  }
  if ('optional' in field && typeof field.optional !== 'boolean')
    problems.push(`${at}: optional must be true or false`);
  for (const bound of ['min', 'max'] as const) {
    if (!(bound in field) || !allowed.includes(bound)) continue;
    const value = field[bound];
    const floor = type === 'integer' ? Number.MIN_SAFE_INTEGER : 0;
    if (!isWhole(value) || value < floor) {
      problems.push(`${at}: ${bound} must be a whole number${type === 'integer' ? '' : ' of characters, 0 or more'}`);
    }
  }
  if (isWhole(field.min) && isWhole(field.max) && field.min > field.max) {
    problems.push(`${at}: min (${field.min}) is greater than max (${field.max})`);
  }
  if (type === 'string' && field.max === 0) problems.push(`${at}: max must be at least 1`);
  if (type === 'enum') {
    const values = field.values;
    if (!Array.isArray(values) || values.length === 0) {
      problems.push(`${at}: an enum needs values, e.g. values: ['draft', 'sent']`);
    } else {
      if (!values.every((value) => typeof value === 'string' && /^\S(.*\S)?$/.test(value) && value.length <= 100)) {
        problems.push(`${at}: enum values are non-empty strings without surrounding spaces`);
      }
      if (new Set(values).size !== values.length) problems.push(`${at}: enum values must be distinct`);
      if ('default' in field && !values.includes(field.default)) {
        problems.push(`${at}: default ${JSON.stringify(field.default)} is not one of the values`);
      }
    }
  }
  if (type === 'boolean' && 'default' in field && typeof field.default !== 'boolean') {
    problems.push(`${at}: default must be true or false`);
  }
  return problems;
}

/**
 * Everything wrong with a definition, one message each naming the field or option at fault;
 * empty when it is good. Checks what the types cannot (and everything again, for a definition
 * written in plain JavaScript or cast).
 *
 * @example
 * resourceProblems({ name: 'Invoice', label: 'Invoice', owned: false, fields: {} })
 * // ['name: "Invoice" must be plural, lower-case kebab (e.g. "invoices", "time-entries")', 'fields: …']
 */
export function resourceProblems(definition: unknown): string[] {
  if (!isObject(definition)) return ['the definition must be an object: export default defineResource({ … })'];
  const problems: string[] = [];
  for (const key of Object.keys(definition)) {
    if (!['name', 'label', 'owned', 'fields', 'grants'].includes(key)) {
      problems.push(`unknown property "${key}" (known: name, label, owned, fields, grants)`);
    }
  }
  const { name, label, owned, fields, grants } = definition;
  if (typeof name === 'string' && (RESERVED_RESOURCE_NAMES as readonly string[]).includes(name)) {
    problems.push(`name: "${name}" is reserved by the org's own routes (${RESERVED_RESOURCE_NAMES.join(', ')})`);
  } else if (typeof name !== 'string' || !RESOURCE_NAME.test(name) || name.length > 40) {
    problems.push(
      `name: ${JSON.stringify(name)} must be plural, lower-case kebab, at most 40 characters (e.g. "invoices", "time-entries")`,
    );
  }
  if (typeof label !== 'string' || !/^[A-Z][A-Za-z]*( [A-Za-z]+)*$/.test(label) || label.length > 40) {
    problems.push(`label: ${JSON.stringify(label)} must be a singular name in letters, capitalised (e.g. "Invoice")`);
  }
  if (typeof owned !== 'boolean') problems.push('owned: must be true or false');
  if (!isObject(fields) || Object.keys(fields).length === 0) {
    problems.push('fields: declare at least one field, e.g. { title: { type: "string" } }');
  } else {
    if (Object.keys(fields).length > MAX_FIELDS) problems.push(`fields: at most ${MAX_FIELDS} fields`);
    for (const [key, field] of Object.entries(fields)) problems.push(...fieldProblems(key, field));
  }
  if (grants !== undefined) {
    if (!isObject(grants)) {
      problems.push('grants: expected an object such as { member: ["read"] }');
    } else {
      const known = [...RESOURCE_ACTIONS, ...(owned === true ? OWNABLE_ACTIONS.map((a) => `${a}:own`) : [])];
      for (const [role, list] of Object.entries(grants)) {
        if (!(GRANTABLE_ROLES as readonly string[]).includes(role)) {
          problems.push(
            `grants.${role}: unknown role (grant to ${GRANTABLE_ROLES.join(' or ')}; owner and admin always get every action)`,
          );
          continue;
        }
        if (!Array.isArray(list)) {
          problems.push(`grants.${role}: expected a list of actions`);
          continue;
        }
        for (const grant of list) {
          if (typeof grant === 'string' && grant.endsWith(':own') && owned !== true) {
            problems.push(`grants.${role}: "${grant}" needs owned: true (only owned records have an owner)`);
          } else if (typeof grant !== 'string' || !known.includes(grant)) {
            problems.push(`grants.${role}: unknown action ${JSON.stringify(grant)} (known: ${known.join(', ')})`);
          }
        }
        if (new Set(list).size !== list.length) problems.push(`grants.${role}: an action is listed twice`);
      }
    }
  }
  return problems;
}

/**
 * Fields as written, with every option a field's type does not take turned into `never`: a
 * misspelled option (`mx: 5`) is a compile error, which inference alone would let through.
 */
export type ExactFields<Fields> = {
  [K in keyof Fields]: Fields[K] extends { readonly type: infer T }
    ? Fields[K] & { readonly [O in Exclude<keyof Fields[K], keyof Extract<FieldSpec, { type: T }>>]: never }
    : FieldSpec;
};

/** A definition with problems, listed one per line in `message`. */
export class ResourceDefinitionError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid resource definition:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ResourceDefinitionError';
    this.problems = problems;
  }
}

/**
 * Declares a resource. Returns the definition, checked and frozen; a definition with problems
 * (see `resourceProblems`) throws `ResourceDefinitionError`, so neither the generator nor the
 * API ever runs with one.
 *
 * @example
 * export default defineResource({
 *   name: 'invoices', label: 'Invoice', owned: true,
 *   fields: { title: { type: 'string', min: 1, max: 200 } },
 *   grants: { member: ['read', 'create', 'update:own'], viewer: ['read'] },
 * });
 */
export function defineResource<
  const Name extends string,
  const Fields extends Record<string, FieldSpec>,
  const Owned extends boolean,
  const Label extends string,
>(
  definition: ResourceDefinition<Name, Fields, Owned, Label> & { readonly fields: ExactFields<Fields> },
): ResourceDefinition<Name, Fields, Owned, Label> {
  const problems = resourceProblems(definition);
  if (problems.length > 0) throw new ResourceDefinitionError(problems);
  return deepFreeze(definition);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The TypeScript value of a field in a record: `null` when optional and not set. */
export type FieldValue<F extends FieldSpec> = F extends { readonly optional: true }
  ? BaseValue<F> | null
  : BaseValue<F>;
type BaseValue<F extends FieldSpec> = F extends { readonly type: 'integer' }
  ? number
  : F extends { readonly type: 'boolean' }
    ? boolean
    : F extends { readonly type: 'enum'; readonly values: readonly (infer V)[] }
      ? V
      : string;

/** A record as the API answers it: `{ id, ...fields, authorId, createdAt, updatedAt }`. */
export type ResourceRecord<D extends ResourceDefinition> = {
  id: string;
} & { -readonly [K in keyof D['fields']]: FieldValue<D['fields'][K]> } & {
  authorId: string;
  createdAt: string;
  updatedAt: string;
};

/** `'Time Entry'` → `'time-entry'`: the audit events' prefix. */
export const kebabLabel = (label: string): string => label.trim().toLowerCase().replace(/\s+/g, '-');
/** `'time-entries'` → `'timeEntries'`: the list's property in answers. */
export const camelName = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
/** `'Time Entry'` → `'timeEntry'`: a record's property in answers (`{ invoice }`). */
export const recordProperty = (label: string): string => camelName(kebabLabel(label));

type Camel<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;
type Dashed<S extends string> = S extends `${infer A} ${infer B}` ? `${A}-${Dashed<B>}` : S;
/** `recordProperty` as a type: `'Time Entry'` → `'timeEntry'`. */
export type RecordProperty<Label extends string> = Camel<Lowercase<Dashed<Label>>>;
/** `camelName` as a type: `'time-entries'` → `'timeEntries'`. */
export type ListProperty<Name extends string> = Camel<Name>;
