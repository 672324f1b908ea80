import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
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

/**
 * Every value of the refresh cookie in the request, in order. Normally one; more when a page on a
 * sibling subdomain set a `Domain=` cookie of the same name ("cookie tossing"), which the browser
 * then sends beside ours — first, if its Path is longer. The caller must take none of them.
 */
export function readRefreshCookies(c: Context): string[] {
  // Cookie values cannot hold ';' or ',' (RFC 6265 cookie-octet), so this split finds every pair,
  // also in a Cookie header an intermediary joined from several with ", ".
  return (c.req.header('Cookie') ?? '').split(/[;,]/).flatMap((pair) => {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== REFRESH_COOKIE) return [];
    return [pair.slice(at + 1).trim()];
  });
}

/**
 * The Set-Cookie value that removes the refresh cookie, for error answers: those are built outside
 * the handler's context, so `clearRefreshCookie` cannot reach them.
 */
export const CLEARED_REFRESH_COOKIE = `${REFRESH_COOKIE}=; Max-Age=0; Path=${PATH}; HttpOnly; Secure; SameSite=Strict`;
