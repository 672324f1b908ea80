const cache = new WeakMap<object, Promise<string>>();

/** Hex SHA-1 of a script, as EVALSHA wants it. WebCrypto, so it runs on Workers, Deno and Node. */
export function scriptSha1(script: { readonly lua: string }): Promise<string> {
  let sha = cache.get(script);
  if (!sha) {
    sha = crypto.subtle
      .digest('SHA-1', new TextEncoder().encode(script.lua))
      .then((digest) => Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join(''));
    cache.set(script, sha);
  }
  return sha;
}
