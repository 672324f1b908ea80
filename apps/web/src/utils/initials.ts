/**
 * One or two letters for an avatar.
 *
 * @example
 * initials('Ada Lovelace', 'ada@example.com') // 'AL'
 */
export function initials(name: string, email: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 0 ? words.slice(0, 2).map((word) => [...word][0] ?? '') : [[...email][0] ?? '?'];
  return letters.join('').toUpperCase();
}
