import type { Config } from '../config/config.ts';
import { keys } from '../keys/keys.ts';
import type { Store } from '../store/store.ts';
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

export type CreateSessionResult = { status: 'ok'; evicted: number } | { status: 'limit' | 'blocked' | 'missing' };

export async function startSession(
  store: Store,
  config: Config,
  input: { userId: string; sessionId: string; now: number; meta: RequestMeta; event: string },
): Promise<CreateSessionResult> {
  const { userId, sessionId, now, meta } = input;
  return createSession.run(store, {
    user: keys.user(userId),
    index: keys.userSessions(userId),
    session: keys.session(userId, sessionId),
    events: keys.userEvents(userId),
    sid: sessionId,
    now,
    absExp: now + config.SESSION_ABSOLUTE_TTL_SECONDS * SECOND,
    idleExp: now + config.SESSION_IDLE_TTL_SECONDS * SECOND,
    max: config.MAX_SESSIONS_PER_USER,
    policy: config.SESSION_LIMIT_POLICY,
    prefix: keys.sessionPrefix(userId),
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
    ip: meta.ip,
    browser: meta.browser,
    os: meta.os,
    loc: meta.location,
    uaChunks: chunks(meta.userAgent),
  });
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
  /** False for an account made from a provider until its user sets a password (reset flow). */
  hasPassword: boolean;
}

/** Checks that the session is live (and notes lastSeenAt at most once per interval). */
export async function checkSession(
  store: Store,
  config: Config,
  userId: string,
  sessionId: string,
  now: number,
): Promise<LiveSession | null> {
  const user = await touchSession.run(store, {
    session: keys.session(userId, sessionId),
    user: keys.user(userId),
    index: keys.userSessions(userId),
    sid: sessionId,
    now,
    touchInterval: config.SESSION_TOUCH_INTERVAL_SECONDS * SECOND,
    idleTtl: config.SESSION_IDLE_TTL_SECONDS * SECOND,
  });
  if (user.status !== 'ok') return null;
  const platformRole = platformRoleOf(user);
  return {
    email: user.email,
    name: user.name,
    role: platformRole,
    verified: user.verified === '1',
    blocked: user.blocked === '1',
    permissionsVersion: permissionsVersionOf(platformRole, user.pv),
    createdAt: Number(user.createdAt),
    // A session with neither field is not one we wrote: treat it as never proved (step-up asks).
    provedAt: Number(user.provedAt) || 0,
    hasPassword: user.hasPw === '1',
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
): Promise<RotateResult> {
  const { userId, sessionId } = input;
  return rotateSession.run(store, {
    session: keys.session(userId, sessionId),
    index: keys.userSessions(userId),
    user: keys.user(userId),
    events: keys.userEvents(userId),
    sid: sessionId,
    presented: input.generation,
    now: input.now,
    graceMs: config.REFRESH_GRACE_SECONDS * SECOND,
    idleTtl: config.SESSION_IDLE_TTL_SECONDS * SECOND,
    prefix: keys.sessionPrefix(userId),
    reuseEvent: input.reuseEvent,
    eventCap: SECURITY_EVENT_CAP,
  });
}

export type RevokeMode = 'one' | 'others' | 'all';

/** Ends one, all-but-one, or all sessions of a user; returns how many ended. */
export async function revoke(
  store: Store,
  input: { userId: string; mode: RevokeMode; sessionId: string; event: string },
): Promise<number> {
  const { userId } = input;
  return revokeSessions.run(store, {
    index: keys.userSessions(userId),
    events: keys.userEvents(userId),
    prefix: keys.sessionPrefix(userId),
    mode: input.mode,
    sid: input.sessionId,
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
  });
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
  const ended = await revokeSessionsByToken.run(store, {
    session: keys.session(userId, sessionId),
    index: keys.userSessions(userId),
    events: keys.userEvents(userId),
    prefix: keys.sessionPrefix(userId),
    mode: input.mode,
    sid: sessionId,
    event: input.event,
    eventCap: SECURITY_EVENT_CAP,
    presented: input.generation,
    now: input.now,
  });
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

/** What a session's owner (the devices list) and an admin see of it: never its secrets. */
export interface PublicSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string;
  userAgent: string;
  device: { browser: string; os: string };
  location?: string;
}

export function toPublicSession(session: SessionRecord): PublicSession {
  return {
    id: session.id,
    createdAt: new Date(session.createdAt).toISOString(),
    lastSeenAt: new Date(session.lastSeenAt).toISOString(),
    ip: session.ip,
    userAgent: session.userAgent,
    device: { browser: session.browser, os: session.os },
    ...(session.location ? { location: session.location } : {}),
  };
}

/** The user's live sessions, most recently seen first. */
export async function sessionsOf(store: Store, userId: string, now: number): Promise<SessionRecord[]> {
  const rows = await listSessions.run(store, {
    index: keys.userSessions(userId),
    prefix: keys.sessionPrefix(userId),
    now,
  });
  return rows.flatMap((row) => {
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
