import { describe, expect, it } from 'vitest';
import { securityEventLabel } from './security-event-label.ts';

describe('securityEventLabel', () => {
  it('names an event and flags the ones to check', () => {
    expect(securityEventLabel({ type: 'login.succeeded' })).toEqual({ text: 'Signed in', warning: false });
    expect(securityEventLabel({ type: 'refresh.reused' }).warning).toBe(true);
  });

  it('says how many failed sign-ins an hour’s entry stands for', () => {
    expect(securityEventLabel({ type: 'login.failed', count: 1 })).toEqual({
      text: 'Failed sign-in attempt',
      warning: true,
    });
    expect(securityEventLabel({ type: 'login.failed', count: 200 }).text).toBe('200 failed sign-in attempts');
  });

  it('names the device a sign-out of one device ended', () => {
    expect(securityEventLabel({ type: 'sessions.revoked', device: 'Chrome on Linux' }).text).toBe(
      'Signed out Chrome on Linux',
    );
    expect(securityEventLabel({ type: 'sessions.revoked' }).text).toBe('Signed out devices');
  });

  it('shows an event type it does not know as it is', () => {
    expect(securityEventLabel({ type: 'something.new' }).text).toBe('something.new');
  });
});
