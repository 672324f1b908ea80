import { keys } from '../../apps/api/src/keys/keys.ts';
import type { RedisCommands } from './seed-sessions.ts';

async function scanAll(redis: RedisCommands, args: string[]): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = (await redis.sendCommand(['SCAN', cursor, ...args, 'COUNT', '1000'])) as [string, string[]];
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  return found;
}

/** Members of a collection key matching a glob, by the type's own SCAN. */
async function scanMembers(redis: RedisCommands, command: 'ZSCAN' | 'SSCAN' | 'HSCAN', key: string, match: string) {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = (await redis.sendCommand([command, key, cursor, 'MATCH', match, 'COUNT', '1000'])) as [
      string,
      string[],
    ];
    cursor = next;
    // ZSCAN and HSCAN answer member/score and field/value pairs.
    found.push(...(command === 'SSCAN' ? batch : batch.filter((_, index) => index % 2 === 0)));
  } while (cursor !== '0');
  return found;
}

/**
 * Removes every trace of the users the bench registered through the API. The API decides its key
 * layout and it grows (a users-by-email index appeared while this bench was written), so rather
 * than a fixed list this deletes every `pc:{u:<id>}:*` key of our user ids, our email keys and
 * any `pc:` key named after a bench email (the development outbox), then removes members carrying
 * `marker` (unique to this run, inside every bench email) from any other `pc:` sorted set, set or
 * hash. Nothing without the marker or one of our ids is touched.
 */
export async function deleteBenchUsers(
  redis: RedisCommands,
  input: { userIds: readonly string[]; emails: readonly string[]; marker: string },
): Promise<number> {
  const ids = new Set(input.userIds);
  // A registration whose answer was lost (Ctrl-C, a timeout) left a user we never learnt the id of;
  // its email key knows it.
  for (const email of input.emails) {
    const id = await redis.sendCommand(['GET', keys.email(email)]);
    if (typeof id === 'string') ids.add(id);
  }
  let removed = 0;
  const userKeys = (await scanAll(redis, ['MATCH', 'pc:{u:*'])).filter((key) => {
    const id = /^pc:\{u:([^}]*)\}/.exec(key)?.[1];
    return id !== undefined && ids.has(id);
  });
  const doomed = [...userKeys, ...input.emails.map((email) => keys.email(email))];
  for (let start = 0; start < doomed.length; start += 500) {
    removed += Number(await redis.sendCommand(['UNLINK', ...doomed.slice(start, start + 500)]));
  }

  const shared = (await scanAll(redis, ['MATCH', 'pc:*'])).filter(
    (key) => !key.startsWith('pc:{u:') && !key.startsWith('pc:email:'),
  );
  const glob = `*${input.marker}*`;
  // Keys named after a bench email (the development outbox, `pc:outbox:<email>`).
  const named = shared.filter((key) => key.includes(input.marker));
  if (named.length > 0) removed += Number(await redis.sendCommand(['UNLINK', ...named]));
  for (const key of shared.filter((key) => !key.includes(input.marker))) {
    const type = String(await redis.sendCommand(['TYPE', key]));
    const plan =
      type === 'zset'
        ? (['ZSCAN', 'ZREM'] as const)
        : type === 'set'
          ? (['SSCAN', 'SREM'] as const)
          : type === 'hash'
            ? (['HSCAN', 'HDEL'] as const)
            : undefined;
    if (!plan) continue;
    const members = await scanMembers(redis, plan[0], key, glob);
    if (members.length > 0) removed += Number(await redis.sendCommand([plan[1], key, ...members]));
  }
  return removed;
}

/** Deletes every key that starts with `prefix` (one no one else uses: Better Auth's of this run). */
export async function deleteKeysWithPrefix(redis: RedisCommands, prefix: string): Promise<number> {
  const doomed = await scanAll(redis, ['MATCH', `${prefix.replace(/[\\*?[\]]/g, '\\$&')}*`]);
  let removed = 0;
  for (let start = 0; start < doomed.length; start += 500) {
    removed += Number(await redis.sendCommand(['UNLINK', ...doomed.slice(start, start + 500)]));
  }
  return removed;
}
