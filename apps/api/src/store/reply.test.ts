import { describe, expect, it } from 'vitest';
import { integer, list, recordReply, statusReply, text } from './reply.ts';

describe('statusReply', () => {
  const decode = statusReply({ ok: { evicted: integer, note: text }, missing: {} });

  it('names the values of each status', () => {
    expect(decode(['ok', 2, 'x'])).toEqual({ status: 'ok', evicted: 2, note: 'x' });
    expect(decode(['missing'])).toEqual({ status: 'missing' });
  });

  it('reads values Redis left out (a Lua table ends at its first nil) as their decoder reads nil', () => {
    expect(() => decode(['ok'])).toThrow('expected an integer');
    expect(decode(['ok', 1])).toEqual({ status: 'ok', evicted: 1, note: '' });
  });

  it('throws on a status it was not told of, a bare status, too many values or a value of the wrong shape', () => {
    expect(() => decode(['blocked'])).toThrow('expected a status of ok | missing');
    expect(() => decode('ok')).toThrow('expected a list');
    expect(() => decode(['missing', 1])).toThrow('expected at most 0 values');
    expect(() => decode(['ok', 'two', 'x'])).toThrow('expected an integer');
    expect(() => decode(['ok', 1, ['x']])).toThrow('expected text');
  });

  it('keeps `status` for the status', () => {
    expect(() => statusReply({ ok: { status: text } })).toThrow('no value may take that name');
  });
});

describe('recordReply', () => {
  const decode = recordReply({ roleId: text, def: text });

  it('reads a table of values by position, and an empty one as null', () => {
    expect(decode(['admin', ''])).toEqual({ roleId: 'admin', def: '' });
    expect(decode([])).toBeNull();
    expect(() => decode(['a', 'b', 'c'])).toThrow('expected at most 2 values');
    expect(() => decode(null)).toThrow('expected a list');
  });
});

describe('value decoders', () => {
  it('read text, integers and lists, and nothing else', () => {
    expect([text('a'), text(7), text(null), text(undefined)]).toEqual(['a', '7', '', '']);
    expect(() => text([])).toThrow('expected text');
    expect([integer(3), integer('-12')]).toEqual([3, -12]);
    expect(() => integer('1.5')).toThrow('expected an integer');
    expect(() => integer(null)).toThrow('expected an integer');
    expect(list(['a', 1])).toEqual(['a', 1]);
    expect(() => list('a')).toThrow('expected a list');
  });
});
