import { describe, expect, it } from 'vitest';
import { formatRelative } from './format-time.ts';

describe('formatRelative', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('says "just now" for the last few seconds', () => {
    expect(formatRelative('2026-03-01T11:59:30Z', now)).toBe('just now');
  });

  it('picks the largest whole unit', () => {
    expect(formatRelative('2026-03-01T11:55:00Z', now)).toMatch(/5 minutes ago/);
    expect(formatRelative('2026-02-27T12:00:00Z', now)).toMatch(/2 days ago/);
  });

  it('shows a dash for a value that is not a date', () => {
    expect(formatRelative('not a date', now)).toBe('—');
  });
});
