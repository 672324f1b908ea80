/**
 * A key builder split around its id, for scripts that reach keys of ids they only learn inside
 * Redis (every member of an org, every post): Lua rebuilds `prefix .. id .. suffix`, so the layout
 * stays defined once, in store/keys.ts.
 *
 * @example
 * keyTemplate(keys.user) // ['pc:{u:', '}:user']
 */
export function keyTemplate(make: (id: string) => string): [prefix: string, suffix: string] {
  const marker = '\u0000';
  const [prefix = '', suffix = ''] = make(marker).split(marker);
  return [prefix, suffix];
}
