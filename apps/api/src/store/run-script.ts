import { scriptSha1 } from './sha1.ts';
import type { Command, RedisArg, Reply, Script } from './store.ts';
import { isNoScript } from './store-errors.ts';

/**
 * EVALSHA, and EVAL once when Redis does not know the script yet (first call, or after a restart
 * or SCRIPT FLUSH). Shared by the drivers and the request's batching store, so all behave the same.
 */
export async function runScript(
  send: (command: Command) => Promise<Reply>,
  script: Script,
  keys: readonly string[],
  args: readonly RedisArg[],
): Promise<Reply> {
  const sha = await scriptSha1(script);
  try {
    return await send(['EVALSHA', sha, keys.length, ...keys, ...args]);
  } catch (error) {
    if (!isNoScript(error)) throw error;
    return await send(['EVAL', script.lua, keys.length, ...keys, ...args]);
  }
}
