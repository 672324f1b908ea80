import { defineScript, type Store } from '../store/store.ts';
import type { Limiter, LimitResult } from './limiter.ts';

/**
 * KEYS: a fixed-window count. ARGV: how much to give back. Never below zero: two successes that
 * race to clear the same failures would otherwise leave credit for the next guesses. A window that
 * has gone (its key expired) is left alone rather than recreated without a TTL.
 */
const forgiveCount = defineScript(
  'forgive-count',
  `if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local left = redis.call('DECRBY', KEYS[1], ARGV[1])
if left < 0 then redis.call('INCRBY', KEYS[1], -left) end
return 1`,
);

/**
 * Gives `amount` back to the count `counted` was made in — the window it was counted in, not the
 * current one, so a refund that arrives after its window ended is no credit in the next.
 */
export async function forgive(
  store: Store,
  limiter: Limiter,
  identifier: string,
  counted: Pick<LimitResult, 'reset'>,
  amount: number,
): Promise<void> {
  if (amount <= 0) return;
  await store.run(forgiveCount, [limiter.keyOfWindow(identifier, counted.reset)], [amount]);
}
