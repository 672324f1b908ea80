import { randomId } from '../ids.ts';

/**
 * Invitation tokens: `<orgId>.<invitationId>.<secret>`, the secret 256 random bits. The ids route
 * the token to the org's own keys (no global token index); Redis keeps only the SHA-256 of the
 * whole token — 256 random bits cannot be guessed offline, so a fast hash is enough.
 */
export interface InvitationToken {
  orgId: string;
  invitationId: string;
  token: string;
}

const TOKEN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})\.[A-Za-z0-9_-]{44}$/;

export function newInvitationToken(orgId: string, invitationId: string): InvitationToken {
  return { orgId, invitationId, token: `${orgId}.${invitationId}.${randomId()}${randomId()}` };
}

/** The token if it has our shape; null for anything else (refused without a lookup). */
export function parseInvitationToken(raw: string): InvitationToken | null {
  const match = TOKEN.exec(raw);
  return match?.[1] && match[2] ? { orgId: match[1], invitationId: match[2], token: raw } : null;
}
