import { describe, expect, it } from 'vitest';
import { constantTimeEqual } from './constant-time-equal.ts';

describe('constantTimeEqual', () => {
  const bytes = Uint8Array.from({ length: 32 }, (_, i) => i);

  it('is true for equal contents in different arrays', () => {
    expect(constantTimeEqual(bytes, bytes.slice())).toBe(true);
    expect(constantTimeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });

  it.each([0, 15, 31])('is false when only byte %i differs', (index) => {
    const other = bytes.slice();
    other[index] = (other[index] ?? 0) ^ 0x01;
    expect(constantTimeEqual(bytes, other)).toBe(false);
  });

  it('is false for a prefix', () => {
    expect(constantTimeEqual(bytes, bytes.subarray(0, 31))).toBe(false);
  });
});
