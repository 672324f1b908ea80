import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';

/** `__Secure-`: browsers keep it only when it is Secure and set over HTTPS (or localhost). */
export const FLOW_COOKIE = '__Secure-oauth-flow';
/** Only the provider routes (start, link, callback) ever see it. */
const PATH = '/api/auth/oauth';

/*
 * SameSite=Lax, not Strict like our other cookies: the provider sends the browser back to the
 * callback with a top-level GET navigation from its own site, a cross-site request that Strict
 * would send without the cookie — every sign-in would fail with invalid-state. Lax sends it on
 * exactly that (a top-level GET) and on no cross-site subrequest. HttpOnly: no script needs it.
 */
const attributes = { httpOnly: true, secure: true, sameSite: 'Lax', path: PATH } as const;

/** Binds a flow to this browser: the callback must come with the same `state` as this cookie. */
export function setFlowCookie(c: Context, state: string, maxAgeSeconds: number): void {
  setCookie(c, FLOW_COOKIE, state, { ...attributes, maxAge: maxAgeSeconds });
}

export function clearFlowCookie(c: Context): void {
  deleteCookie(c, FLOW_COOKIE, attributes);
}

/**
 * Every value of the flow cookie in the request: a sibling subdomain could toss in another of the
 * same name, and the callback must then take none (as for the refresh cookie).
 */
export function readFlowCookies(c: Context): string[] {
  return (c.req.header('Cookie') ?? '').split(';').flatMap((pair) => {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== FLOW_COOKIE) return [];
    return [pair.slice(at + 1).trim()];
  });
}
