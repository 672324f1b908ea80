import type { Command, RedisArg, Reply, Script } from './store.ts';
import { isNoScript } from './store-errors.ts';

const hashes = new WeakMap<object, Promise<string>>();

/** Hex SHA-1 of a script, as EVALSHA wants it. WebCrypto, so it runs on Workers, Deno and Node. */
export function scriptSha1(script: { readonly lua: string }): Promise<string> {
  let sha = hashes.get(script);
  if (!sha) {
    sha = crypto.subtle
      .digest('SHA-1', new TextEncoder().encode(script.lua))
      .then((digest) => Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join(''));
    hashes.set(script, sha);
  }
  return sha;
}

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
