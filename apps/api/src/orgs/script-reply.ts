import type { Reply } from '../store/store.ts';

/** A script's `{status, ...values}` reply, split; a reply of any other shape is a bug. */
export function statusReply(reply: Reply, script: string): [status: string, values: Reply[]] {
  if (!Array.isArray(reply) || typeof reply[0] !== 'string') throw new Error(`${script}: unexpected reply`);
  return [reply[0], reply.slice(1)];
}

/** A reply value as text ('' for nil). */
export function text(value: Reply | undefined): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** A `pv` counter a script returned after bumping it, or null when it did not bump one. */
export function pvOf(value: Reply | undefined): number | null {
  const pv = Number(value);
  return Number.isInteger(pv) && pv > 0 ? pv : null;
}
