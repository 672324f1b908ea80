/** A key's layout split around its id, as two script arguments: `<name>Prefix` and `<name>Suffix`. */
export type KeyTemplate<N extends string> = { [A in `${N}Prefix` | `${N}Suffix`]: string };

/**
 * A key builder split around its id, for scripts that reach keys of ids they only learn inside
 * Redis (every member of an org, every post, the user an email points to): Lua rebuilds
 * `<name>Prefix .. id .. <name>Suffix`, so the layout stays defined once, in keys.ts.
 *
 * @example
 * keyTemplate('user', keys.user) // { userPrefix: 'pc:{u:', userSuffix: '}:user' }
 */
export function keyTemplate<N extends string>(name: N, make: (id: string) => string): KeyTemplate<N> {
  const marker = '\u0000';
  const [prefix = '', suffix = ''] = make(marker).split(marker);
  // The two names are exactly the template's keys: `${N}Prefix` and `${N}Suffix`.
  return { [`${name}Prefix`]: prefix, [`${name}Suffix`]: suffix } as KeyTemplate<N>;
}
