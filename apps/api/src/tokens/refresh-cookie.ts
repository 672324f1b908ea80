import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config/config.ts';

/** `__Secure-` makes browsers refuse the cookie unless it is Secure and set over HTTPS (or localhost). */
export const REFRESH_COOKIE = '__Secure-refresh';
/** Only the auth endpoints ever see the refresh token. */
const PATH = '/api/auth';

export function setRefreshCookie(c: Context, config: Config, token: string): void {
  setCookie(c, REFRESH_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    path: PATH,
    maxAge: config.SESSION_ABSOLUTE_TTL_SECONDS,
  });
}

export function clearRefreshCookie(c: Context): void {
  deleteCookie(c, REFRESH_COOKIE, { httpOnly: true, secure: true, sameSite: 'Strict', path: PATH });
}

export function readRefreshCookie(c: Context): string | undefined {
  return getCookie(c, REFRESH_COOKIE);
}

/**
 * The Set-Cookie value that removes the refresh cookie, for error answers: those are built outside
 * the handler's context, so `clearRefreshCookie` cannot reach them.
 */
export const CLEARED_REFRESH_COOKIE = `${REFRESH_COOKIE}=; Max-Age=0; Path=${PATH}; HttpOnly; Secure; SameSite=Strict`;
