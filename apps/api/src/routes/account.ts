import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';

/** Email verification, password reset and password change, under /api/auth. */
export const account = new Hono<AppEnv>();
