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
  'email.change-requested': 'Change of email address requested',
  'email.changed': 'Email address changed',
  'profile.updated': 'Name changed',
  'mfa.enabled': 'Two-step verification turned on',
  'mfa.disabled': 'Two-step verification turned off',
  'mfa.recovery-codes.regenerated': 'New recovery codes made',
  'mfa.recovery-code.used': 'Signed in with a recovery code',
  'passkey.added': 'Passkey added',
  'passkey.removed': 'Passkey removed',
  'identity.linked': 'Account connected for sign-in',
  'identity.unlinked': 'Connected account removed',
};

const warnings = new Set([
  'login.failed',
  'refresh.reused',
  'account.blocked',
  'mfa.disabled',
  'mfa.recovery-code.used',
  'email.change-requested',
]);

/**
 * A sentence for a security event, and whether it deserves attention. Failed sign-ins come summed
 * per hour (`count`; time, address and browser are the latest attempt's).
 */
export function securityEventLabel(event: Pick<SecurityEvent, 'type' | 'count' | 'device'>): {
  text: string;
  warning: boolean;
} {
  let text = Object.hasOwn(labels, event.type) ? (labels[event.type] ?? event.type) : event.type;
  // Signing out one device names it (the API records which).
  if (event.type === 'sessions.revoked' && event.device) text = `Signed out ${event.device}`;
  return {
    text:
      event.type === 'login.failed' && event.count && event.count > 1 ? `${event.count} failed sign-in attempts` : text,
    warning: warnings.has(event.type),
  };
}
