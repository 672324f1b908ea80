import { describe, expect, it } from 'vitest';
import { isAuditCursor, previousStreamId } from './audit-log.ts';

describe('audit cursors', () => {
  it('steps back one stream id, across a millisecond boundary too', () => {
    expect(previousStreamId('1700000000000-3')).toBe('1700000000000-2');
    expect(previousStreamId('1700000000000-0')).toBe('1699999999999');
  });

  it('accepts only ids Redis accepts', () => {
    expect(isAuditCursor('1700000000000-0')).toBe(true);
    expect(isAuditCursor('18446744073709551615-18446744073709551615')).toBe(true);
    expect(isAuditCursor('18446744073709551616-0')).toBe(false);
    expect(isAuditCursor('1700000000000')).toBe(false);
    expect(isAuditCursor('-1-0')).toBe(false);
    expect(isAuditCursor('1-0 ')).toBe(false);
  });
});
