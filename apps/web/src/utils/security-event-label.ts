import type { SecurityEvent } from '../api/api-types.ts';

// Keyed by the API's event types; an event type added later shows as its raw name until it gets
// a sentence here.
const labels: Record<string, string> = {
  'login.succeeded': 'Signed in',
  'login.failed': 'Failed sign-in attempt',
  logout: 'Signed out',
  'sessions.revoked': 'Signed out devices',
  'refresh.reused': 'Suspicious token reuse — every session was signed out',
  'account.blocked': 'Account blocked by an administrator',
  'account.unblocked': 'Account unblocked by an administrator',
  'password.changed': 'Password changed',
  'password.reset': 'Password reset by email',
  'password.reset-requested': 'Password reset requested',
  'email.verified': 'Email address verified',
};

const warnings = new Set(['login.failed', 'refresh.reused', 'account.blocked']);

/** A sentence for a security event, and whether it deserves attention. */
export function securityEventLabel(event: Pick<SecurityEvent, 'type'>): { text: string; warning: boolean } {
  return {
    text: Object.hasOwn(labels, event.type) ? (labels[event.type] ?? event.type) : event.type,
    warning: warnings.has(event.type),
  };
}
