import { describe, expect, it } from 'vitest';
import { formatWait } from './format-wait.ts';

describe('formatWait', () => {
  it('counts seconds, then minutes and seconds', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(59)).toBe('59 seconds');
    expect(formatWait(89)).toBe('89 seconds');
    expect(formatWait(90)).toBe('1 min 30 s');
    expect(formatWait(900)).toBe('15 min 00 s');
  });
});
