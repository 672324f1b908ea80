import { randomId } from '../../apps/api/src/ids.ts';
import { keys } from '../../apps/api/src/keys/keys.ts';
import type { RedisCommands, SeededUser } from './seed-sessions.ts';
import { median, percentile } from './stats.ts';

export interface SessionMemory {
  sessions: number;
  /** Median of (session hash + its share of the user's index), in bytes. */
  medianBytes: number;
  p90Bytes: number;
  medianHashBytes: number;
  medianIndexShareBytes: number;
  /** OBJECT ENCODING of the session hashes: listpack is compact, hashtable is not. */
  hashEncodings: Record<string, number>;
  /** Longest field value seen, in bytes (a value over hash-max-listpack-value forces hashtable). */
  longestValueBytes: number;
}

const usage = async (redis: RedisCommands, key: string): Promise<number> =>
  Number(await redis.sendCommand(['MEMORY', 'USAGE', key, 'SAMPLES', '0']));

/**
 * What one session costs in Redis, by `MEMORY USAGE … SAMPLES 0` (exact, not sampled): its hash
 * (key, value and Redis's per-key overhead), plus its share of the user's index — the sorted
 * set's usage divided by its number of members, since the index exists because of the sessions
 * and its cost grows with them. Not counted: the user hash and the events list (per user, whether
 * they have one session or ten) and the key's entry in Redis's expires table (MEMORY USAGE does
 * not report it; the bench's `used_memory` delta over the bulk seed includes it).
 */
export async function measureSessionMemory(redis: RedisCommands, users: readonly SeededUser[]): Promise<SessionMemory> {
  const totals: number[] = [];
  const hashes: number[] = [];
  const shares: number[] = [];
  const hashEncodings: Record<string, number> = {};
  let longestValueBytes = 0;
  // Users in parallel batches: node-redis pipelines whatever is issued in the same tick.
  for (let start = 0; start < users.length; start += 100) {
    await Promise.all(
      users.slice(start, start + 100).map(async (user) => {
        const index = keys.userSessions(user.userId);
        const [indexBytes, members] = await Promise.all([
          usage(redis, index),
          redis.sendCommand(['ZCARD', index]).then(Number),
        ]);
        for (const sessionId of user.sessionIds) {
          const key = keys.session(user.userId, sessionId);
          const [hashBytes, encoding, values] = await Promise.all([
            usage(redis, key),
            redis.sendCommand(['OBJECT', 'ENCODING', key]).then(String),
            redis.sendCommand(['HVALS', key]) as Promise<string[]>,
          ]);
          if (!hashBytes) continue; // evicted or expired meanwhile
          const share = members > 0 ? indexBytes / members : 0;
          hashes.push(hashBytes);
          shares.push(share);
          totals.push(hashBytes + share);
          hashEncodings[encoding] = (hashEncodings[encoding] ?? 0) + 1;
          for (const value of values) longestValueBytes = Math.max(longestValueBytes, Buffer.byteLength(value));
        }
      }),
    );
  }
  totals.sort((a, b) => a - b);
  return {
    sessions: totals.length,
    medianBytes: percentile(totals, 50),
    p90Bytes: percentile(totals, 90),
    medianHashBytes: median(hashes),
    medianIndexShareBytes: median(shares),
    hashEncodings,
    longestValueBytes,
  };
}

function truncateBytes(text: string, maxBytes: number): string {
  let cut = text;
  while (Buffer.byteLength(cut) > maxBytes) cut = cut.slice(0, -1);
  return cut;
}

/**
 * A diagnosis, not a measurement of the API: the median MEMORY USAGE of copies of up to `limit`
 * sessions with every value cut to `maxValueBytes` (in practice only the user agent), written
 * under keys of the same length and deleted at once. Redis keeps a small hash as one compact
 * listpack only while every value fits `hash-max-listpack-value` (64 bytes by default); one
 * longer value turns the whole hash into a hashtable with per-field allocations. Comparing the
 * two tells how much of a session's cost is that conversion.
 */
export async function measureCompactCopies(
  redis: RedisCommands,
  users: readonly SeededUser[],
  maxValueBytes: number,
  limit = 100,
): Promise<{ sessions: number; medianHashBytes: number; encodings: Record<string, number> }> {
  const sample = users.flatMap((user) => user.sessionIds.map((sessionId) => ({ user, sessionId }))).slice(0, limit);
  const sizes: number[] = [];
  const encodings: Record<string, number> = {};
  const probeUser = randomId();
  for (const { user, sessionId } of sample) {
    const flat = (await redis.sendCommand(['HGETALL', keys.session(user.userId, sessionId)])) as string[];
    if (flat.length === 0) continue;
    const cut = flat.map((item, index) => (index % 2 === 1 ? truncateBytes(item, maxValueBytes) : item));
    const probe = keys.session(probeUser, sessionId);
    try {
      await redis.sendCommand(['HSET', probe, ...cut]);
      sizes.push(await usage(redis, probe));
      const encoding = String(await redis.sendCommand(['OBJECT', 'ENCODING', probe]));
      encodings[encoding] = (encodings[encoding] ?? 0) + 1;
    } finally {
      await redis.sendCommand(['DEL', probe]);
    }
  }
  return { sessions: sizes.length, medianHashBytes: median(sizes), encodings };
}
