import { randomId } from '../../apps/api/src/ids.ts';
import { keys } from '../../apps/api/src/keys/keys.ts';

/** What the bench needs of a Redis client: node-redis's `sendCommand` (auto-pipelined per tick). */
export interface RedisCommands {
  sendCommand(args: string[]): Promise<unknown>;
}

/** The session hash fields in the order `create-session` writes them (session-scripts.ts). */
export const SESSION_FIELDS = ['gen', 'rot', 'born', 'seen', 'abs', 'idle', 'ip', 'br', 'os', 'loc', 'ua'] as const;

/** A session hash the API itself wrote at login (HGETALL), used as the shape of the seeded ones. */
export type SessionTemplate = Record<string, string>;

export interface SeededUser {
  userId: string;
  sessionIds: string[];
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Sessions per user: most people sign in on one or two devices, a few hit the limit of 10. The
 * shape matters for memory: the per-user index costs less per session the more sessions share it.
 */
const SESSIONS_PER_USER_WEIGHTS = [35, 22, 14, 9, 6, 5, 3, 2, 2, 2];

/** Where production requests come from: Cloudflare's `request.cf` city and country (request-meta.ts). */
const LOCATIONS = ['Lisbon, PT', 'Berlin, DE', 'São Paulo, BR', 'Ashburn, US', 'Mumbai, IN', 'Tokyo, JP', 'London, GB'];

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function sessionsPerUser(random: () => number): number {
  const total = SESSIONS_PER_USER_WEIGHTS.reduce((sum, weight) => sum + weight, 0);
  let roll = random() * total;
  for (const [index, weight] of SESSIONS_PER_USER_WEIGHTS.entries()) {
    roll -= weight;
    if (roll < 0) return index + 1;
  }
  return SESSIONS_PER_USER_WEIGHTS.length;
}

/** A client address as Cloudflare reports it: mostly IPv4, about a third IPv6. */
function clientIp(random: () => number): string {
  const byte = () => Math.floor(random() * 256);
  if (random() < 0.7) return `${1 + Math.floor(random() * 222)}.${byte()}.${byte()}.${byte()}`;
  const group = () => Math.floor(random() * 0x10000).toString(16);
  return `2a0${Math.floor(random() * 10)}:${group()}:${group()}:${group()}:${group()}:${group()}:${group()}:${group()}`;
}

/**
 * The field/value list of one live session, in the shape and value ranges the API writes: a
 * template's user agent, browser and OS (parsed by the API), a generation and timestamps of a
 * session some days old that has been refreshed, a client address and a location.
 */
export function sessionFields(template: SessionTemplate, _userId: string, now: number, random: () => number): string[] {
  const seenAt = now - Math.floor(random() * 6 * DAY);
  const createdAt = Math.max(now - 29 * DAY, seenAt - Math.floor(random() * 20 * DAY));
  const absExp = createdAt + 30 * DAY;
  const values: Record<string, string> = {
    ...template,
    // Ten-minute access tokens, refreshed while the tab is open: a few hundred rotations a week.
    gen: String(Math.floor(random() * 1000)),
    rot: String(seenAt),
    born: String(createdAt),
    seen: String(seenAt),
    abs: String(absExp),
    idle: String(Math.min(seenAt + 7 * DAY, absExp)),
    ip: clientIp(random),
    loc: pick(LOCATIONS, random),
  };
  const order = [
    ...SESSION_FIELDS,
    ...Object.keys(template).filter((field) => !SESSION_FIELDS.some((f) => f === field)),
  ];
  return order.flatMap((field) => [field, values[field] ?? '']);
}

/**
 * Writes `count` live sessions for new random users, pipelined, each exactly as `create-session`
 * does (HSET, PEXPIREAT, ZADD into the user's index, PEXPIREAT) — except the key TTLs: they are
 * `safetyTtlMs`, so that a bench killed with SIGKILL leaves nothing behind for long. A TTL's
 * value does not change what a key costs. `onUser` hears of each user before its keys are
 * written, so that clean-up knows every key that may exist.
 */
export async function seedSessions(
  redis: RedisCommands,
  input: {
    count: number;
    templates: readonly SessionTemplate[];
    now: number;
    safetyTtlMs: number;
    /** Checked between batches: an aborted seed stops before writing more. */
    signal?: AbortSignal;
  },
  random: () => number = Math.random,
  onUser: (user: SeededUser) => void = () => {},
): Promise<SeededUser[]> {
  const users: SeededUser[] = [];
  const expireAt = String(input.now + input.safetyTtlMs);
  let pending: Promise<unknown>[] = [];
  let written = 0;
  while (written < input.count) {
    const user: SeededUser = { userId: randomId(), sessionIds: [] };
    users.push(user);
    onUser(user);
    const sessions = Math.min(sessionsPerUser(random), input.count - written);
    for (let index = 0; index < sessions; index++) {
      const sessionId = randomId();
      user.sessionIds.push(sessionId);
      const key = keys.session(user.userId, sessionId);
      const fields = sessionFields(pick(input.templates, random), user.userId, input.now, random);
      pending.push(redis.sendCommand(['HSET', key, ...fields]));
      pending.push(redis.sendCommand(['PEXPIREAT', key, expireAt]));
      pending.push(
        redis.sendCommand([
          'ZADD',
          keys.userSessions(user.userId),
          fields[fields.indexOf('seen') + 1] ?? '0',
          sessionId,
        ]),
      );
    }
    pending.push(redis.sendCommand(['PEXPIREAT', keys.userSessions(user.userId), expireAt]));
    written += sessions;
    if (pending.length >= 8_000) {
      await Promise.all(pending);
      pending = [];
      input.signal?.throwIfAborted();
    }
  }
  await Promise.all(pending);
  return users;
}

/** Deletes exactly the keys `seedSessions` wrote. */
export async function deleteSeeded(redis: RedisCommands, users: readonly SeededUser[]): Promise<void> {
  let batch: string[] = [];
  const pending: Promise<unknown>[] = [];
  const flush = () => {
    if (batch.length > 0) pending.push(redis.sendCommand(['UNLINK', ...batch]));
    batch = [];
  };
  for (const user of users) {
    batch.push(keys.userSessions(user.userId));
    for (const sessionId of user.sessionIds) batch.push(keys.session(user.userId, sessionId));
    if (batch.length >= 1_000) flush();
  }
  flush();
  await Promise.all(pending);
}
