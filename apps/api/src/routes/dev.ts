import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** Development-only endpoints (the outbox). Never mounted when ENVIRONMENT=production. */
export const dev = new Hono<AppEnv>();
