import { randomId } from '../ids.ts';
import type { RequestMeta } from './request-meta.ts';

/** Everything that lands on a user's security record. */
export const securityEventTypes = [
  'login.succeeded',
  'login.failed',
  'logout',
  'sessions.revoked',
  'refresh.reused',
  'account.blocked',
  'account.unblocked',
  'password.changed',
  'password.reset',
  'email.verified',
  'email.change-requested',
  'email.changed',
  'profile.updated',
  'mfa.enabled',
  'mfa.disabled',
  'mfa.recovery-codes.regenerated',
  'mfa.recovery-code.used',
  'passkey.added',
  'passkey.removed',
  'identity.linked',
  'identity.unlinked',
] as const;
export type SecurityEventType = (typeof securityEventTypes)[number];

/** The per-user security event list keeps this many, newest first. */
export const SECURITY_EVENT_CAP = 100;

/**
 * Serialised in the Worker because Lua scripts stay free of cjson (the embedded dev backend lacks
 * it); scripts push the string as it is.
 */
export function securityEvent(
  type: SecurityEventType,
  at: number,
  meta: Pick<RequestMeta, 'ip' | 'userAgent'>,
  extra: Record<string, string | number> = {},
): string {
  return JSON.stringify({
    id: randomId(),
    type,
    at: new Date(at).toISOString(),
    ip: meta.ip,
    userAgent: meta.userAgent,
    ...extra,
  });
}

/**
 * An event a platform admin caused on someone's account (block, unblock, sign-out everywhere).
 * It records that an administrator acted — not the admin's address or browser, which are the
 * admin's and would only puzzle the user reading their own list.
 */
export function adminSecurityEvent(
  type: SecurityEventType,
  at: number,
  adminId: string,
  extra: Record<string, string | number> = {},
): string {
  return securityEvent(type, at, { ip: '', userAgent: '' }, { actor: 'admin', by: adminId, ...extra });
}
