import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';

/**
 * Base of the links we email. APP_URL when set (required in production, see mail-config.ts);
 * otherwise, in development, the origin the request was addressed to — the SPA and the API share
 * one origin there.
 */
export function appUrl<E extends AppEnv>(c: Context<E>): string {
  return c.get('deps').config.APP_URL ?? new URL(c.req.url).origin;
}

/** `${base}/${page}?token=…`: the SPA page that finishes a flow. */
export function tokenLink(base: string, page: 'reset-password' | 'verify-email', token: string): string {
  return `${base}/${page}?token=${encodeURIComponent(token)}`;
}
