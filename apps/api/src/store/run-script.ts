import { scriptSha1 } from './sha1.ts';
import type { Command, RedisArg, Reply, RunOptions, Script } from './store.ts';
import { isNoScript } from './store-errors.ts';

/**
 * EVALSHA, and EVAL once when Redis does not know the script yet (first call, or after a restart
 * or SCRIPT FLUSH). Shared by the drivers so both behave the same. A driver keeps no gates: it runs
 * a gate like any script and refuses a guarded call.
 */
export async function runScript(
  send: (command: Command) => Promise<Reply>,
  script: Script,
  keys: readonly string[],
  args: readonly RedisArg[],
  options?: RunOptions,
): Promise<Reply> {
  if (options?.onlyIfAdmitted) {
    throw new TypeError(`${script.name}: only a request's store (autoPipeline) can run a script behind its gates`);
  }
  const sha = await scriptSha1(script);
  try {
    return await send(['EVALSHA', sha, keys.length, ...keys, ...args]);
  } catch (error) {
    if (!isNoScript(error)) throw error;
    return await send(['EVAL', script.lua, keys.length, ...keys, ...args]);
  }
}
