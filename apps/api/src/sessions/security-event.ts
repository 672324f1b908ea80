import { randomId } from '../ids.ts';
import type { RequestMeta } from './request-meta.ts';

export type SecurityEventType = 'login.succeeded' | 'logout' | 'sessions.revoked' | 'refresh.reused';

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
