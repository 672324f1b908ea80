import type { Reply } from '../../backend.ts';
import { ReplyError } from '../../errors.ts';
import type { Mock } from './mock.ts';
import type { Handler } from './scripts.ts';

const FLAGS = ['NX', 'XX', 'GT', 'LT', 'CH', 'INCR'] as const;
type Flag = (typeof FLAGS)[number];

/**
 * ZADD rebuilt on ZSCORE and a plain ZADD: ioredis-mock does not know GT and LT, answers INCR
 * with a count instead of the new score, and stores "abc" as a score of NaN.
 */
export function zaddCommand(mock: Mock): Handler {
  return async ([key = '', ...rest]): Promise<Reply> => {
    const flags = new Set<Flag>();
    let index = 0;
    for (let flag = FLAGS.find((f) => f === rest[index]); flag; flag = FLAGS.find((f) => f === rest[index])) {
      flags.add(flag);
      index++;
    }
    const pairs = rest.slice(index);
    if (pairs.length === 0 || pairs.length % 2 !== 0) throw new ReplyError('ERR syntax error');
    if (flags.has('NX') && flags.has('XX')) {
      throw new ReplyError('ERR XX and NX options at the same time are not compatible');
    }
    if ((flags.has('GT') && flags.has('LT')) || (flags.has('NX') && (flags.has('GT') || flags.has('LT')))) {
      throw new ReplyError('ERR GT, LT, and/or NX options at the same time are not compatible');
    }
    if (flags.has('INCR') && pairs.length > 2) {
      throw new ReplyError('ERR INCR option supports a single increment-element pair');
    }
    const members: Array<{ score: number; member: string }> = [];
    for (let pair = 0; pair < pairs.length; pair += 2) {
      members.push({ score: parseScore(pairs[pair] ?? ''), member: pairs[pair + 1] ?? '' });
    }

    let added = 0;
    let changed = 0;
    let incremented: Reply = null;
    for (const { score, member } of members) {
      const currentReply = await mock.command('ZSCORE', [key, member]);
      const current = currentReply === null ? null : Number(currentReply);
      if ((current === null && flags.has('XX')) || (current !== null && flags.has('NX'))) continue;
      const next = flags.has('INCR') && current !== null ? current + score : score;
      if (current !== null && ((flags.has('GT') && next <= current) || (flags.has('LT') && next >= current))) continue;
      await mock.command('ZADD', [key, String(next), member]);
      if (current === null) added++;
      else if (next !== current) changed++;
      incremented = formatScore(next);
    }
    if (flags.has('INCR')) return incremented;
    return flags.has('CH') ? added + changed : added;
  };
}

/** Scores as Redis prints them: `inf`, not `Infinity`. */
export function formatScore(score: number): string {
  if (score === Number.POSITIVE_INFINITY) return 'inf';
  if (score === Number.NEGATIVE_INFINITY) return '-inf';
  return String(score);
}

function parseScore(text: string): number {
  const lower = text.trim().toLowerCase();
  if (lower === 'inf' || lower === '+inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  const score = Number(text);
  if (text.trim() === '' || Number.isNaN(score)) throw new ReplyError('ERR value is not a valid float');
  return score;
}
