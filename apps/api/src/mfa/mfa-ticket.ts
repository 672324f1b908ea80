import { newOneTimeToken, parseOneTimeToken, tokenHash } from '../account/one-time-token.ts';
import type { Deps } from '../app-env.ts';
import { text } from '../orgs/script-reply.ts';
import { keys } from '../store/keys.ts';
import { defineScript } from '../store/store.ts';

/*
 * The login ticket (`mfaToken`): what a right password earns a user who has MFA, instead of a
 * session. `<userId>.<256 random bits>` (the shape of account/one-time-token.ts): the user id
 * routes it to the user's own slot, and only the SHA-256 of the whole token is stored. A ticket
 * lives MFA_TICKET_TTL_SECONDS, takes MFA_TICKET_MAX_ANSWERS answers, and the first right answer
 * consumes it. Every answer *reserves* its try before it is checked (like login attempts, see
 * rate-limits/login-guard.ts), so a burst of answers sent at once gets no more checks than the
 * ticket allows.
 *
 * Time comes from the API's clock (ARGV), never Redis TIME; the key's TTL only collects garbage.
 */

/** How the first step was passed: a password today; a provider's id for social sign-in later. */
export type TicketVia = 'password' | (string & {});

export interface MfaTicket {
  /** What the client sends back as `mfaToken`. */
  token: string;
  /** Seconds until it expires, for the answer's `expiresIn`. */
  expiresIn: number;
}

/** A live ticket, as an answer to it sees it. */
export interface TicketHolder {
  userId: string;
  via: TicketVia;
  /** The key of the ticket, for `consumeMfaTicket`. */
  key: string;
}

/** KEYS: ticket. ARGV: now, expiry (ms), ttl (ms), via. → 1 */
const issueTicket = defineScript(
  'mfa-ticket-issue',
  `
redis.call('HSET', KEYS[1], 'exp', ARGV[2], 'n', 0, 'via', ARGV[4])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
`,
);

/**
 * Reserves one answer on a live ticket. KEYS: ticket. ARGV: now, max answers.
 * → {'ok', via} | {'dead'} (unknown, expired, consumed, or out of answers)
 * Past the last answer the ticket is not deleted, only refused: a right answer reserved before
 * may still be in flight and must still be able to consume it.
 */
const reserveAnswer = defineScript(
  'mfa-ticket-reserve',
  `
local t = redis.call('HMGET', KEYS[1], 'exp', 'via')
if not t[1] or tonumber(t[1]) <= tonumber(ARGV[1]) then return {'dead'} end
if redis.call('HINCRBY', KEYS[1], 'n', 1) > tonumber(ARGV[2]) then return {'dead'} end
return {'ok', t[2]}
`,
);

/** Whether a ticket is live without spending an answer. KEYS: ticket. ARGV: now, max. → {'ok', via} | {'dead'} */
const peekTicket = defineScript(
  'mfa-ticket-peek',
  `
local t = redis.call('HMGET', KEYS[1], 'exp', 'via', 'n')
if not t[1] or tonumber(t[1]) <= tonumber(ARGV[1]) or tonumber(t[3]) >= tonumber(ARGV[2]) then return {'dead'} end
return {'ok', t[2]}
`,
);

/** KEYS: ticket. ARGV: now. → 1 consumed | 0 already gone (used by a concurrent answer, expired). */
const consumeTicket = defineScript(
  'mfa-ticket-consume',
  `
local exp = redis.call('HGET', KEYS[1], 'exp')
if not exp or tonumber(exp) <= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
return 1
`,
);

const SECOND = 1000;

/** A new ticket for `userId`, who has just passed the first step (`via`). */
export async function issueMfaTicket(
  deps: Pick<Deps, 'store' | 'config' | 'now'>,
  userId: string,
  via: TicketVia,
): Promise<MfaTicket> {
  const { token } = newOneTimeToken(userId);
  const ttl = deps.config.MFA_TICKET_TTL_SECONDS * SECOND;
  const now = deps.now();
  await deps.store.run(issueTicket, [keys.mfaTicket(userId, await tokenHash(token))], [now, now + ttl, ttl, via]);
  return { token, expiresIn: deps.config.MFA_TICKET_TTL_SECONDS };
}

/** The user a ticket names, or null when it does not have a ticket's shape (then it is refused unread). */
export function ticketUserId(raw: string): string | null {
  return parseOneTimeToken(raw)?.userId ?? null;
}

async function ticketKey(raw: string): Promise<{ userId: string; key: string } | null> {
  const parsed = parseOneTimeToken(raw);
  return parsed ? { userId: parsed.userId, key: keys.mfaTicket(parsed.userId, await tokenHash(raw)) } : null;
}

function holder(reply: unknown, userId: string, key: string): TicketHolder | null {
  if (!Array.isArray(reply) || reply[0] !== 'ok') return null;
  return { userId, key, via: text(reply[1]) || 'password' };
}

/**
 * Spends one of the ticket's answers, before the answer is checked; null when the ticket is dead
 * (unknown, expired, consumed or out of answers: 401 UNAUTHENTICATED). A wrong answer needs no
 * further call: it was counted here.
 */
export async function reserveMfaAnswer(
  deps: Pick<Deps, 'store' | 'config' | 'now'>,
  raw: string,
): Promise<TicketHolder | null> {
  const found = await ticketKey(raw);
  if (!found) return null;
  const reply = await deps.store.run(reserveAnswer, [found.key], [deps.now(), deps.config.MFA_TICKET_MAX_ANSWERS]);
  return holder(reply, found.userId, found.key);
}

/**
 * The ticket's holder without spending an answer, or null when it is dead: for handing out a
 * challenge to answer (the passkeys module's `POST /api/auth/mfa/webauthn/options`).
 */
export async function peekMfaTicket(
  deps: Pick<Deps, 'store' | 'config' | 'now'>,
  raw: string,
): Promise<TicketHolder | null> {
  const found = await ticketKey(raw);
  if (!found) return null;
  const reply = await deps.store.run(peekTicket, [found.key], [deps.now(), deps.config.MFA_TICKET_MAX_ANSWERS]);
  return holder(reply, found.userId, found.key);
}

/**
 * Consumes the ticket after a right answer; false when a concurrent answer consumed it first (or
 * it expired meanwhile): then this answer signs nobody in, so one ticket is one session at most.
 */
export async function consumeMfaTicket(deps: Pick<Deps, 'store' | 'now'>, ticket: TicketHolder): Promise<boolean> {
  return (await deps.store.run(consumeTicket, [ticket.key], [deps.now()])) === 1;
}
