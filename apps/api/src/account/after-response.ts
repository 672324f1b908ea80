import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';

/**
 * Runs work the response must not wait for or fail on (sending mail, noting a device). On Workers
 * it goes to `waitUntil`, so the isolate finishes it after answering. Without an execution context
 * (`app.request` in tests, the Node and Deno entries) Hono's getter throws: tests and development
 * then await it, so the outbox is filled before the response is read; production processes keep
 * running, so it is left to finish on its own. Either way a failure is logged, never thrown.
 */
export async function afterResponse<E extends AppEnv>(
  c: Context<E>,
  label: string,
  task: () => Promise<unknown>,
): Promise<void> {
  const requestId = c.get('requestId') ?? '-';
  const guarded = (async () => {
    try {
      await task();
    } catch (error) {
      console.error(`[${requestId}] ${label} failed`, error);
    }
  })();
  let executionCtx: { waitUntil(promise: Promise<unknown>): void } | undefined;
  try {
    executionCtx = c.executionCtx;
  } catch {
    executionCtx = undefined;
  }
  if (executionCtx) executionCtx.waitUntil(guarded);
  else if (c.get('deps').config.ENVIRONMENT !== 'production') await guarded;
}
