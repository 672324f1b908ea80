import { describe, expect, it } from 'vitest';
import { defineResource, kebabLabel, ResourceDefinitionError, recordProperty, resourceProblems } from './resource.ts';

const good = {
  name: 'invoices',
  label: 'Invoice',
  owned: true,
  fields: {
    title: { type: 'string', min: 1, max: 200 },
    notes: { type: 'text', max: 10000, optional: true },
    amountCents: { type: 'integer', min: 0 },
    status: { type: 'enum', values: ['draft', 'sent', 'paid'], default: 'draft' },
    dueOn: { type: 'date', optional: true },
    paid: { type: 'boolean', default: false },
  },
  grants: { member: ['read', 'create', 'update:own', 'delete:own'], viewer: ['read'] },
};

/** `good` with one part replaced. */
const withPart = (part: Record<string, unknown>) => ({ ...good, ...part });
const withField = (field: unknown) => withPart({ fields: { ...good.fields, broken: field } });

describe('resourceProblems', () => {
  it('accepts the contract’s example', () => {
    expect(resourceProblems(good)).toEqual([]);
  });

  it.each([
    ['an unknown field type', withField({ type: 'strng' }), 'field "broken": unknown field type "strng"'],
    ['a missing field type', withField({ max: 3 }), 'field "broken": unknown field type undefined'],
    [
      'a misspelled option',
      withField({ type: 'string', mx: 3 }),
      'field "broken": unknown option "mx" for type string',
    ],
    [
      'an option of another type',
      withField({ type: 'text', min: 1 }),
      'field "broken": unknown option "min" for type text',
    ],
    [
      'min > max on a string',
      withField({ type: 'string', min: 5, max: 2 }),
      'field "broken": min (5) is greater than max (2)',
    ],
    [
      'min > max on an integer',
      withField({ type: 'integer', min: 1, max: 0 }),
      'field "broken": min (1) is greater than max (0)',
    ],
    ['a fractional bound', withField({ type: 'integer', max: 1.5 }), 'field "broken": max must be a whole number'],
    [
      'a negative length',
      withField({ type: 'text', max: -1 }),
      'field "broken": max must be a whole number of characters',
    ],
    ['an enum without values', withField({ type: 'enum', values: [] }), 'field "broken": an enum needs values'],
    ['an enum with no values key', withField({ type: 'enum' }), 'field "broken": an enum needs values'],
    [
      'duplicate enum values',
      withField({ type: 'enum', values: ['a', 'a'] }),
      'field "broken": enum values must be distinct',
    ],
    [
      'an enum default outside its values',
      withField({ type: 'enum', values: ['a'], default: 'b' }),
      'field "broken": default "b" is not one of the values',
    ],
    [
      'a boolean default that is not a boolean',
      withField({ type: 'boolean', default: 'no' }),
      'field "broken": default must be true or false',
    ],
    [
      'optional that is not a boolean',
      withField({ type: 'date', optional: 'yes' }),
      'field "broken": optional must be true or false',
    ],
    [
      'a reserved field name',
      withPart({ fields: { authorId: { type: 'string' } } }),
      'field "authorId": "authorId" is reserved',
    ],
    [
      'a field name that is not camelCase',
      withPart({ fields: { 'due-on': { type: 'date' } } }),
      'field "due-on": a field name is camelCase',
    ],
    ['no fields', withPart({ fields: {} }), 'fields: declare at least one field'],
    ['a singular name', withPart({ name: 'invoice' }), 'name: "invoice" must be plural, lower-case kebab'],
    ['an upper-case name', withPart({ name: 'Invoices' }), 'name: "Invoices" must be plural, lower-case kebab'],
    ['a snake_case name', withPart({ name: 'time_entries' }), 'name: "time_entries" must be plural, lower-case kebab'],
    ['the reserved name members', withPart({ name: 'members' }), 'name: "members" is reserved'],
    ['the reserved name roles', withPart({ name: 'roles' }), 'name: "roles" is reserved'],
    ['the reserved name audit', withPart({ name: 'audit' }), 'name: "audit" is reserved'],
    ['the reserved name invitations', withPart({ name: 'invitations' }), 'name: "invitations" is reserved'],
    ['the reserved name orgs', withPart({ name: 'orgs' }), 'name: "orgs" is reserved'],
    ['a lower-case label', withPart({ label: 'invoice' }), 'label: "invoice" must be a singular name'],
    [
      'owned that is not a boolean',
      withPart({ owned: 'yes', grants: { viewer: ['read'] } }),
      'owned: must be true or false',
    ],
    [
      'a grant naming an unknown action',
      withPart({ grants: { member: ['raed'] } }),
      'grants.member: unknown action "raed"',
    ],
    [
      'an :own grant on a resource without owners',
      withPart({ owned: false, grants: { member: ['update:own'] } }),
      'grants.member: "update:own" needs owned: true',
    ],
    ['create:own', withPart({ grants: { member: ['create:own'] } }), 'grants.member: unknown action "create:own"'],
    ['a grant to an unknown role', withPart({ grants: { guest: ['read'] } }), 'grants.guest: unknown role'],
    ['a grant to admin', withPart({ grants: { admin: ['read'] } }), 'grants.admin: unknown role'],
    [
      'a grant listed twice',
      withPart({ grants: { viewer: ['read', 'read'] } }),
      'grants.viewer: an action is listed twice',
    ],
    ['an unknown property', withPart({ grant: {} }), 'unknown property "grant"'],
  ])('names %s', (_, definition, message) => {
    const problems = resourceProblems(definition);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });
});

describe('defineResource', () => {
  it('returns the definition frozen', () => {
    const definition = defineResource(good as Parameters<typeof defineResource>[0]);
    expect(definition).toEqual(good);
    expect(Object.isFrozen(definition.fields)).toBe(true);
  });

  it('throws every problem at once', () => {
    const bad = withPart({ name: 'Invoice', fields: { x: { type: 'enum', values: [] } } });
    expect(() => defineResource(bad as Parameters<typeof defineResource>[0])).toThrowError(ResourceDefinitionError);
    try {
      defineResource(bad as Parameters<typeof defineResource>[0]);
    } catch (error) {
      expect((error as ResourceDefinitionError).problems).toHaveLength(2);
    }
  });
});

describe('names derived from the definition', () => {
  it('gives audit events and answers their names', () => {
    expect(kebabLabel('Time Entry')).toBe('time-entry');
    expect(recordProperty('Time Entry')).toBe('timeEntry');
    expect(recordProperty('Invoice')).toBe('invoice');
  });
});
