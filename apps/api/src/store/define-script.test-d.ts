import { describe, expectTypeOf, it } from 'vitest';
import { defineScript } from './define-script.ts';
import { integer, list, recordReply, statusReply, text } from './reply.ts';
import type { Reply, Store } from './store.ts';

// Checked by `tsc -p apps/api` (the API's vitest projects run no type tests).
declare const store: Store;

const touch = defineScript({
  name: 'touch',
  keys: ['session', 'index'],
  args: ['sid', 'now'],
  reply: statusReply({ ok: { seen: integer, email: text }, missing: {} }),
  lua: `return {'missing'}`,
});

const push = defineScript({
  name: 'push',
  keys: ['list'],
  args: ['cap'],
  rest: 'items',
  reply: integer,
  lua: 'return #items',
});

describe('defineScript', () => {
  it('takes every key and argument by name', () => {
    void touch.run(store, { session: 's', index: 'i', sid: 'x', now: 1 });
    // @ts-expect-error an argument is missing
    void touch.run(store, { session: 's', index: 'i', sid: 'x' });
    // @ts-expect-error a key is missing
    void touch.run(store, { session: 's', sid: 'x', now: 1 });
    // @ts-expect-error a misspelled argument
    void touch.run(store, { session: 's', index: 'i', sid: 'x', now: 1, nwo: 1 });
    // @ts-expect-error a key is a string, never a number
    void touch.run(store, { session: 1, index: 'i', sid: 'x', now: 1 });
    // @ts-expect-error an argument is one value, not a list
    void touch.run(store, { session: 's', index: 'i', sid: ['x'], now: 1 });
  });

  it('takes the variable tail as a list', () => {
    void push.run(store, { list: 'l', cap: 10, items: ['a', 1] });
    void push.run(store, { list: 'l', cap: 10, items: [] });
    // @ts-expect-error the tail is a list
    void push.run(store, { list: 'l', cap: 10, items: 'a' });
    // @ts-expect-error the tail is declared, so it must be given
    void push.run(store, { list: 'l', cap: 10 });
    // @ts-expect-error a script without a tail takes none
    void touch.run(store, { session: 's', index: 'i', sid: 'x', now: 1, items: [] });
  });

  it('answers the decoded reply', () => {
    expectTypeOf(touch.run(store, { session: 's', index: 'i', sid: 'x', now: 1 })).resolves.toEqualTypeOf<
      { status: 'ok'; seen: number; email: string } | { status: 'missing' }
    >();
    expectTypeOf(push.run(store, { list: 'l', cap: 1, items: [] })).resolves.toEqualTypeOf<number>();
  });
});

describe('reply decoders', () => {
  it('type each status with its own values', () => {
    const decode = statusReply({ ok: { evicted: integer }, limit: {} });
    const result = decode(null);
    if (result.status === 'ok') expectTypeOf(result.evicted).toEqualTypeOf<number>();
    // @ts-expect-error 'limit' carries no values
    if (result.status === 'limit') void result.evicted;
    // @ts-expect-error not a status it declared
    if (result.status === 'blocked') void result;
  });

  it('type a record, or null for an empty reply', () => {
    expectTypeOf(recordReply({ id: text, rows: list })(null)).toEqualTypeOf<{ id: string; rows: Reply[] } | null>();
  });
});
