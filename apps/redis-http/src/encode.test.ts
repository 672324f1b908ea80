import { describe, expect, it } from 'vitest';
import { encodeReply } from './encode.ts';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('encodeReply', () => {
  it('base64-encodes strings, status replies included, as UTF-8', () => {
    expect(encodeReply('OK', true)).toBe('T0s=');
    expect(encodeReply('PONG', true)).toBe(b64('PONG'));
    expect(encodeReply('ü🗝', true)).toBe(b64('ü🗝'));
  });

  it('base64-encodes the raw bytes of a Buffer, even when they are not UTF-8', () => {
    expect(encodeReply(Buffer.from([0xff, 0x00, 0xfe]), true)).toBe('/wD+');
  });

  it('leaves integers and null as they are', () => {
    expect(encodeReply(42, true)).toBe(42);
    expect(encodeReply(-1, true)).toBe(-1);
    expect(encodeReply(null, true)).toBeNull();
  });

  it('encodes strings at any depth of nested arrays', () => {
    expect(encodeReply(['a', 1, null, ['b', [Buffer.from('c')]]], true)).toEqual([
      b64('a'),
      1,
      null,
      [b64('b'), [b64('c')]],
    ]);
  });

  it('sends plain UTF-8 strings without base64', () => {
    expect(encodeReply(['PONG', Buffer.from('é'), 3], false)).toEqual(['PONG', 'é', 3]);
  });
});
