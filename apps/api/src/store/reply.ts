import type { Reply } from './store.ts';

/**
 * Reads a Redis reply, or one value inside one, into a type. A value of any other shape is a bug
 * in a script or its caller, not bad input: decoders throw, and the request answers 500.
 * Decoders compose: the field decoders below read whole replies too (`reply: integer`).
 */
export type Decoder<T> = (value: Reply | undefined) => T;

function unexpected(expected: string, value: Reply | undefined): never {
  throw new TypeError(`expected ${expected}, got ${JSON.stringify(value ?? null)}`);
}

/** Text: a string, a number as its decimal text, '' for nil (a missing hash field). */
export const text: Decoder<string> = (value) => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return unexpected('text', value);
};

/** An integer: Redis's integer reply, or a hash field's decimal text. */
export const integer: Decoder<number> = (value) => {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return unexpected('an integer', value);
};

/** A list, its items left as they came (rows, field/value pairs). */
export const list: Decoder<Reply[]> = (value) => (Array.isArray(value) ? value : unexpected('a list', value));

/** Named values read by position, each with its decoder (object order is reply order). */
export type Fields = Readonly<Record<string, Decoder<unknown>>>;
type Values<F extends Fields> = { -readonly [N in keyof F]: ReturnType<F[N]> };
type Flat<T> = { [P in keyof T]: T[P] };
/** One `{ status: …, …values }` object per status of a `statusReply`. */
export type StatusOf<S extends Readonly<Record<string, Fields>>> = {
  [K in keyof S & string]: Flat<{ status: K } & Values<S[K]>>;
}[keyof S & string];

function readFields<F extends Fields>(fields: F, values: readonly Reply[]): Values<F> {
  const names = Object.keys(fields);
  if (values.length > names.length) unexpected(`at most ${names.length} values`, [...values]);
  const out: Record<string, unknown> = {};
  names.forEach((name, index) => {
    out[name] = fields[name]?.(values[index]);
  });
  // Each field went through its own decoder just above.
  return out as Values<F>;
}

/**
 * A script's status table — `{'ok', a, b}`, `{'missing'}` — as a discriminated union, from the
 * statuses it may answer and the values each carries. An unknown status, a value of the wrong
 * shape or too many values throw. Values Redis left out (a Lua table ends at its first nil) reach
 * their decoder as `undefined`.
 *
 * @example
 * statusReply({ ok: { evicted: integer }, limit: {}, missing: {} })
 * // {'ok', 2} → { status: 'ok', evicted: 2 }; {'limit'} → { status: 'limit' }
 */
export function statusReply<const S extends Readonly<Record<string, Fields>>>(statuses: S): Decoder<StatusOf<S>> {
  if (Object.values(statuses).some((fields) => Object.hasOwn(fields, 'status'))) {
    throw new TypeError('a status reply names its status `status`: no value may take that name');
  }
  return (value) => {
    const [status, ...values] = list(value);
    if (typeof status !== 'string' || !Object.hasOwn(statuses, status)) {
      return unexpected(`a status of ${Object.keys(statuses).join(' | ')}`, value);
    }
    // `status` is one of the statuses' own keys (checked above), and its values are decoded.
    return { status, ...readFields(statuses[status] as Fields, values) } as StatusOf<S>;
  };
}

/**
 * A fixed table of values — `{id, name, createdAt}` — or the empty table a script answers for
 * "none", as null.
 *
 * @example
 * recordReply({ roleId: text, def: text }) // {'admin', ''} → { roleId: 'admin', def: '' }; {} → null
 */
export function recordReply<const F extends Fields>(fields: F): Decoder<Values<F> | null> {
  return (value) => {
    const values = list(value);
    return values.length === 0 ? null : readFields(fields, values);
  };
}
