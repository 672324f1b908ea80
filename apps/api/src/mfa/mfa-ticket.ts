import { newOneTimeToken, parseOneTimeToken, tokenHash } from '../account/one-time-token.ts';
import type { Deps } from '../app-env.ts';
import { keys } from '../keys/keys.ts';
import { defineScript } from '../store/define-script.ts';
import { integer, statusReply, text } from '../store/reply.ts';

/*
 * The login ticket (`mfaToken`): what a right password earns a user who has MFA, instead of a
 * session. `<userId>.<256 random bits>` (the shape of account/one-time-token.ts): the user id
 * routes it to the user's own slot, and only the SHA-256 of the whole token is stored. A ticket
 * lives MFA_TICKET_TTL_SECONDS, takes MFA_TICKET_MAX_ANSWERS answers, and the first right answer
 * consumes it. Every answer *reserves* its try before it is checked (like login attempts, see
 * lockout/login-guard.ts), so a burst of answers sent at once gets no more checks than the
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

/** A new ticket: `expires` (ms, the API's clock) decides; the TTL (ms) only collects it. */
const issueTicket = defineScript({
  name: 'mfa-ticket-issue',
  keys: ['ticket'],
  args: ['expires', 'ttl', 'via'],
  reply: integer,
  lua: `
redis.call('HSET', ticketKey, 'exp', expires, 'n', 0, 'via', via)
redis.call('PEXPIRE', ticketKey, tonumber(ttl))
return 1
`,
});

const liveTicket = statusReply({ ok: { via: text }, dead: {} });

/**
 * Reserves one answer on a live ticket; 'dead' when it is unknown, expired, consumed or out of
 * answers. Past the last answer the ticket is not deleted, only refused: a right answer reserved
 * before may still be in flight and must still be able to consume it.
 */
const reserveAnswer = defineScript({
  name: 'mfa-ticket-reserve',
  keys: ['ticket'],
  args: ['now', 'maxAnswers'],
  reply: liveTicket,
  lua: `
local t = redis.call('HMGET', ticketKey, 'exp', 'via')
if not t[1] or tonumber(t[1]) <= tonumber(now) then return {'dead'} end
if redis.call('HINCRBY', ticketKey, 'n', 1) > tonumber(maxAnswers) then return {'dead'} end
return {'ok', t[2]}
`,
});

/** Whether a ticket is live, without spending an answer. */
const peekTicket = defineScript({
  name: 'mfa-ticket-peek',
  keys: ['ticket'],
  args: ['now', 'maxAnswers'],
  reply: liveTicket,
  lua: `
local t = redis.call('HMGET', ticketKey, 'exp', 'via', 'n')
if not t[1] or tonumber(t[1]) <= tonumber(now) or tonumber(t[3]) >= tonumber(maxAnswers) then return {'dead'} end
return {'ok', t[2]}
`,
});

/** → 1 consumed | 0 already gone (used by a concurrent answer, or expired). */
const consumeTicket = defineScript({
  name: 'mfa-ticket-consume',
  keys: ['ticket'],
  args: ['now'],
  reply: integer,
  lua: `
local exp = redis.call('HGET', ticketKey, 'exp')
if not exp or tonumber(exp) <= tonumber(now) then return 0 end
redis.call('DEL', ticketKey)
return 1
`,
});

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
  await issueTicket.run(deps.store, {
    ticket: keys.mfaTicket(userId, await tokenHash(token)),
    expires: now + ttl,
    ttl,
    via,
  });
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

function holder(live: ReturnType<typeof liveTicket>, found: { userId: string; key: string }): TicketHolder | null {
  return live.status === 'ok' ? { ...found, via: live.via || 'password' } : null;
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
  const live = await reserveAnswer.run(deps.store, {
    ticket: found.key,
    now: deps.now(),
    maxAnswers: deps.config.MFA_TICKET_MAX_ANSWERS,
  });
  return holder(live, found);
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
  const live = await peekTicket.run(deps.store, {
    ticket: found.key,
    now: deps.now(),
    maxAnswers: deps.config.MFA_TICKET_MAX_ANSWERS,
  });
  return holder(live, found);
}

/**
 * Consumes the ticket after a right answer; false when a concurrent answer consumed it first (or
 * it expired meanwhile): then this answer signs nobody in, so one ticket is one session at most.
 */
export async function consumeMfaTicket(deps: Pick<Deps, 'store' | 'now'>, ticket: TicketHolder): Promise<boolean> {
  return (await consumeTicket.run(deps.store, { ticket: ticket.key, now: deps.now() })) === 1;
}
