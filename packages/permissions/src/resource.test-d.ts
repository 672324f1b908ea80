import { describe, expectTypeOf, it } from 'vitest';
import { defineResource, type ResourceRecord } from './resource.ts';

const invoices = defineResource({
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
});

describe('defineResource', () => {
  it('types a record from the fields', () => {
    type Invoice = ResourceRecord<typeof invoices>;
    expectTypeOf<Invoice['title']>().toEqualTypeOf<string>();
    expectTypeOf<Invoice['notes']>().toEqualTypeOf<string | null>();
    expectTypeOf<Invoice['amountCents']>().toEqualTypeOf<number>();
    expectTypeOf<Invoice['status']>().toEqualTypeOf<'draft' | 'sent' | 'paid'>();
    expectTypeOf<Invoice['dueOn']>().toEqualTypeOf<string | null>();
    expectTypeOf<Invoice['paid']>().toEqualTypeOf<boolean>();
    expectTypeOf<Invoice['authorId']>().toEqualTypeOf<string>();
  });

  it('does not compile a misspelled field type, option, grant or role', () => {
    // The calls would throw at run time too (resourceProblems); the point is that they do not compile.
    const attempt = (define: () => unknown) => () => {
      try {
        define();
      } catch {}
    };
    attempt(() =>
      defineResource({
        name: 'notes',
        label: 'Note',
        owned: false,
        // @ts-expect-error a misspelled field type
        fields: { title: { type: 'strng' } },
      }),
    );
    attempt(() =>
      defineResource({
        name: 'notes',
        label: 'Note',
        owned: false,
        // @ts-expect-error a misspelled option
        fields: { title: { type: 'string', mx: 5 } },
      }),
    );
    attempt(() =>
      defineResource({
        name: 'notes',
        label: 'Note',
        owned: false,
        // @ts-expect-error an option of another type: text has no min
        fields: { body: { type: 'text', min: 1 } },
      }),
    );
    attempt(() =>
      defineResource({
        name: 'notes',
        label: 'Note',
        owned: false,
        fields: { title: { type: 'string' } },
        // @ts-expect-error a misspelled grant
        grants: { member: ['raed'] },
      }),
    );
    attempt(() =>
      defineResource({
        name: 'notes',
        label: 'Note',
        owned: false,
        fields: { title: { type: 'string' } },
        // @ts-expect-error :own on a resource without owners
        grants: { member: ['update:own'] },
      }),
    );
    attempt(() =>
      defineResource({
        name: 'notes',
        label: 'Note',
        owned: true,
        fields: { title: { type: 'string' } },
        // @ts-expect-error a role that is not grantable
        grants: { guest: ['read'] },
      }),
    );
    attempt(() =>
      defineResource({
        name: 'notes',
        label: 'Note',
        owned: true,
        fields: { title: { type: 'string' } },
        // @ts-expect-error a misspelled top-level property
        grant: { member: ['read'] },
      }),
    );
  });
});
