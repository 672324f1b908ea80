import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';

export const health = new Hono<AppEnv>().get('/', async (c) => {
  // The store driver gives up after STORE_TIMEOUT_MS, so a dead Redis answers 503 promptly.
  await c.get('deps').store.ping();
  return c.json({ status: 'ok' as const });
});
