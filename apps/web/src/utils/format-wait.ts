/**
 * A wait in words for a countdown: seconds up to 90, then minutes and seconds.
 *
 * @example
 * formatWait(1) // '1 second'
 * formatWait(125) // '2 min 05 s'
 */
export function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
}
