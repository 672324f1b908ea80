import type { Config } from '../config/config.ts';
import { keys } from '../store/keys.ts';
import type { Reply, RunOptions, Store } from '../store/store.ts';
import { hashReply, platformRoleOf } from '../users/user.ts';
import type { RequestMeta } from './request-meta.ts';
import { SECURITY_EVENT_CAP } from './security-event.ts';
import {
  createSession,
  listSessions,
  revokeSessions,
  revokeSessionsByToken,
  rotateSession,
  touchSession,
} from './session-scripts.ts';

const SECOND = 1000;

/**
 * Redis keeps a hash in its compact listpack encoding only while every value is at most 64 bytes
 * (hash-max-listpack-value, not configurable on Upstash). A user agent is typically 70–140 bytes and
 * alone would push every session into the hashtable encoding, more than doubling its memory. So it
 * is stored as 64-byte chunks: `ua`, `ua1`, `ua2`, … (request-meta.ts keeps it ASCII, so characters
 * are bytes).
 */
const CHUNK = 64;
function chunks(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK) out.push(text.slice(i, i + CHUNK));
  return out.length > 0 ? out : [''];
}
function joinChunks(fields: Record<string, string>): string {
  let text = fields.ua ?? '';
  for (let i = 1; fields[`ua${i}`] !== undefined; i++) text += fields[`ua${i}`];
  return text;
}

function tag(reply: Reply): [string, Reply[]] {
  if (!Array.isArray(reply) || typeof reply[0] !== 'string') throw new Error('unexpected script reply');
  return [reply[0], reply.slice(1)];
}

export type CreateSessionResult = { status: 'ok'; evicted: number } | { status: 'limit' | 'blocked' | 'missing' };

export async function startSession(
  store: Store,
  config: Config,
  input: { userId: string; sessionId: string; now: number; meta: RequestMeta; event: string },
): Promise<CreateSessionResult> {
  const { userId, sessionId, now, meta } = input;
  const reply = await store.run(
    createSession,
    [keys.user(userId), keys.userSessions(userId), keys.session(userId, sessionId), keys.userEvents(userId)],
    [
      sessionId,
      now,
      now + config.SESSION_ABSOLUTE_TTL_SECONDS * SECOND,
      now + config.SESSION_IDLE_TTL_SECONDS * SECOND,
      config.MAX_SESSIONS_PER_USER,
      config.SESSION_LIMIT_POLICY,
      keys.sessionPrefix(userId),
      input.event,
      SECURITY_EVENT_CAP,
      meta.ip,
      meta.browser,
      meta.os,
      meta.location,
      ...chunks(meta.userAgent),
    ],
  );
  const [status, rest] = tag(reply);
  if (status === 'ok') return { status, evicted: Number(rest[0] ?? 0) };
  if (status === 'limit' || status === 'blocked' || status === 'missing') return { status };
  throw new Error(`create-session: unexpected status ${status}`);
}

/**
 * The opaque `permissionsVersion` of /api/auth/me and the X-Permissions-Version header: the
 * platform role and the user's `pv` counter, which every org change affecting the user bumps.
 */
export function permissionsVersionOf(platformRole: string | undefined, pv: string | number | undefined): string {
  return `${platformRole || 'user'}.${pv || '0'}`;
}

export interface LiveSession {
  email: string;
  name: string;
  role: 'admin' | 'user';
  verified: boolean;
  blocked: boolean;
  permissionsVersion: string;
  createdAt: number;
  /** When the session last proved a credential (ms): sign-in or re-authentication (step-up). */
  provedAt: number;
}

/** Checks that the session is live (and notes lastSeenAt at most once per interval). */
export async function checkSession(
  store: Store,
  config: Config,
  userId: string,
  sessionId: string,
  now: number,
): Promise<LiveSession | null> {
  const reply = await store.run(
    touchSession,
    [keys.session(userId, sessionId), keys.user(userId), keys.userSessions(userId)],
    [sessionId, now, config.SESSION_TOUCH_INTERVAL_SECONDS * SECOND, config.SESSION_IDLE_TTL_SECONDS * SECOND],
  );
  const [status, fields] = tag(reply);
  if (status !== 'ok') return null;
  const [email, name, role, verified, blocked, pv, createdAt, provedAt] = fields.map((field) =>
    typeof field === 'string' || typeof field === 'number' ? String(field) : '',
  );
  const platformRole = platformRoleOf({ role, verified });
  return {
    email: email ?? '',
    name: name ?? '',
    role: platformRole,
    verified: verified === '1',
    blocked: blocked === '1',
    permissionsVersion: permissionsVersionOf(platformRole, pv),
    createdAt: Number(createdAt),
    // A session with neither field is not one we wrote: treat it as never proved (step-up asks).
    provedAt: Number(provedAt) || 0,
  };
}

/**
 * `rotated`: the token was current; `generation` is the new one. `reissued`: the previous token,
 * past the grace window, whose successor `generation` was never presented — its answer was lost,
 * so the client gets `generation` again. `grace`: the previous token inside the window.
 */
export type RotateResult =
  | { status: 'rotated' | 'reissued' | 'grace'; generation: number }
  | { status: 'reused'; revoked: number }
  | { status: 'missing' | 'blocked' | 'invalid' };

export async function rotate(
  store: Store,
  config: Config,
  input: { userId: string; sessionId: string; generation: number; now: number; reuseEvent: string },
  options?: RunOptions,
): Promise<RotateResult> {
  const { userId, sessionId } = input;
  const reply = await store.run(
    rotateSession,
    [keys.session(userId, sessionId), keys.userSessions(userId), keys.user(userId), keys.userEvents(userId)],
    [
      sessionId,
      input.generation,
      input.now,
      config.REFRESH_GRACE_SECONDS * SECOND,
      config.SESSION_IDLE_TTL_SECONDS * SECOND,
      keys.sessionPrefix(userId),
      input.reuseEvent,
      SECURITY_EVENT_CAP,
    ],
    options,
  );
  const [status, rest] = tag(reply);
  switch (status) {
    case 'rotated':
    case 'reissued':
    case 'grace':
      return { status, generation: Number(rest[0]) };
    case 'reused':
      return { status, revoked: Number(rest[0]) };
    case 'missing':
    case 'blocked':
    case 'invalid':
      return { status };
    default:
      throw new Error(`rotate-session: unexpected status ${status}`);
  }
}

export type RevokeMode = 'one' | 'others' | 'all';

/** Ends one, all-but-one, or all sessions of a user; returns how many ended. */
export async function revoke(
  store: Store,
  input: { userId: string; mode: RevokeMode; sessionId: string; event: string },
): Promise<number> {
  const reply = await store.run(
    revokeSessions,
    [keys.userSessions(input.userId), keys.userEvents(input.userId)],
    [keys.sessionPrefix(input.userId), input.mode, input.sessionId, input.event, SECURITY_EVENT_CAP],
  );
  return Number(reply);
}

/**
 * Logout by refresh token: ends sessions as `revoke` does, but only while the token is one refresh
 * would still honour (see `revokeSessionsByToken`); null when it is not, and nothing ended.
 */
export async function revokeByToken(
  store: Store,
  input: { userId: string; sessionId: string; generation: number; mode: RevokeMode; now: number; event: string },
): Promise<number | null> {
  const { userId, sessionId } = input;
  const reply = await store.run(
    revokeSessionsByToken,
    [keys.session(userId, sessionId), keys.userSessions(userId), keys.userEvents(userId)],
    [keys.sessionPrefix(userId), input.mode, sessionId, input.event, SECURITY_EVENT_CAP, input.generation, input.now],
  );
  const ended = Number(reply);
  return ended < 0 ? null : ended;
}

export interface SessionRecord {
  id: string;
  createdAt: number;
  lastSeenAt: number;
  ip: string;
  userAgent: string;
  browser: string;
  os: string;
  location: string;
}

/** The user's live sessions, most recently seen first. */
export async function sessionsOf(store: Store, userId: string, now: number): Promise<SessionRecord[]> {
  const reply = await store.run(listSessions, [keys.userSessions(userId)], [keys.sessionPrefix(userId), now]);
  if (!Array.isArray(reply)) return [];
  return reply.flatMap((row) => {
    if (!Array.isArray(row) || typeof row[0] !== 'string') return [];
    const fields = hashReply(row.slice(1));
    if (!fields) return [];
    return [
      {
        id: row[0],
        createdAt: Number(fields.born),
        lastSeenAt: Number(fields.seen),
        ip: fields.ip ?? '',
        userAgent: joinChunks(fields),
        browser: fields.br ?? '',
        os: fields.os ?? '',
        location: fields.loc ?? '',
      },
    ];
  });
}
