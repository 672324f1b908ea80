import { builtInRoleIds, builtInRoles } from '@portcullis/permissions';
// Unicode's confusables.txt (UTS #39) as a code point → prototype table, from the unhomoglyph
// package. Its own function compiles the 6,000 keys into one regular expression, which costs tens
// of milliseconds at every Worker start; a lookup per code point does the same mapping for free.
import prototypes from 'unhomoglyph/data.json' with { type: 'json' };

const prototypeOf: Readonly<Record<string, string | undefined>> = prototypes;

/**
 * The key under which a role name is unique in its org: the UTS #39 skeleton of the lower-cased
 * name (skeleton(X) = NFD of X's NFD with every code point replaced by its confusable prototype),
 * lower-cased again. Names that look alike share a key: "Owner", "owner", "Οwner" with a Greek
 * omicron, "0wner" with a zero, "Еditor" with a Cyrillic Е and "Editor". The name is expected as
 * `roleNameSchema` leaves it: NFKC, without invisible characters.
 *
 * @example
 * roleNameKey('Οwner') === roleNameKey('owner') // true
 */
export function roleNameKey(name: string): string {
  let skeleton = '';
  for (const char of name.toLowerCase().normalize('NFD')) skeleton += prototypeOf[char] ?? char;
  return skeleton.normalize('NFD').toLowerCase();
}

/** Keys of the built-in roles' ids and names: taken in every org. */
const builtInKeys = new Set(builtInRoleIds.flatMap((id) => [roleNameKey(id), roleNameKey(builtInRoles[id].name)]));

/** Whether a custom role name would pass for a built-in role. */
export function isBuiltInRoleNameKey(key: string): boolean {
  return builtInKeys.has(key);
}
