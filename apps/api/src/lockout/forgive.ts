import type { Limiter, LimitResult } from '../rate-limits/limiter.ts';
import { defineScript } from '../store/define-script.ts';
import { integer } from '../store/reply.ts';
import type { Store } from '../store/store.ts';

/**
 * Takes `amount` off a fixed-window count, never below zero: two successes that race to clear the
 * same failures would otherwise leave credit for the next guesses. A window that has gone (its key
 * expired) is left alone rather than recreated without a TTL.
 */
const forgiveCount = defineScript({
  name: 'forgive-count',
  keys: ['count'],
  args: ['amount'],
  reply: integer,
  lua: `if redis.call('EXISTS', countKey) == 0 then return 0 end
local left = redis.call('DECRBY', countKey, amount)
if left < 0 then redis.call('INCRBY', countKey, -left) end
return 1`,
});

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
  await forgiveCount.run(store, { count: limiter.keyOfWindow(identifier, counted.reset), amount });
}
