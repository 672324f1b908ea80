import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { DEVELOPMENT_APP_URL } from '../config/development-app-url.ts';

/**
 * Base of the links we email: APP_URL, never the request's Host (or X-Forwarded-Host). Those are
 * the client's to choose, and a reset link on the attacker's host hands them the token
 * (reset-link poisoning).
 */
export function appUrl<E extends AppEnv>(c: Context<E>): string {
  return c.get('deps').config.APP_URL ?? DEVELOPMENT_APP_URL;
}

/** `${base}/${page}?token=…`: the SPA page that finishes a flow. */
export function tokenLink(
  base: string,
  page: 'reset-password' | 'verify-email' | 'confirm-email',
  token: string,
): string {
  return `${base}/${page}?token=${encodeURIComponent(token)}`;
}
