import Bowser from 'bowser';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';

export interface RequestMeta {
  ip: string;
  userAgent: string;
  browser: string;
  os: string;
  location: string;
}

interface CfLocation {
  city?: unknown;
  region?: unknown;
  country?: unknown;
}

/** "Lisbon, PT" from Cloudflare's request.cf, when the request came through Cloudflare. */
function locationOf(request: Request): string {
  const cf = (request as Request & { cf?: CfLocation }).cf;
  if (!cf) return '';
  return [cf.city, cf.country].filter((part): part is string => typeof part === 'string' && part !== '').join(', ');
}

/** Who is asking, from where, with what: recorded on sessions and security events. */
export function requestMeta(c: Context<AppEnv>): RequestMeta {
  // Bounded: the user agent is stored on every session and attackers choose it.
  // ASCII only (anything else becomes "?"), so that stored chunks of 64 characters are 64 bytes.
  const userAgent = (c.req.header('User-Agent') ?? '').replace(/[^\x20-\x7e]/g, '?').slice(0, 512);
  const parsed = userAgent ? Bowser.parse(userAgent) : undefined;
  const browser = parsed?.browser.name
    ? `${parsed.browser.name}${parsed.browser.version ? ` ${parsed.browser.version.split('.')[0]}` : ''}`
    : '';
  const os = parsed?.os.name ? `${parsed.os.name}${parsed.os.versionName ? ` ${parsed.os.versionName}` : ''}` : '';
  // Each stays under 64 bytes so the session hash keeps its compact encoding (see sessions.ts);
  // 21 characters of any script are at most 63 bytes of UTF-8.
  return {
    ip: (c.get('deps').clientIp(c) ?? '').slice(0, 64),
    userAgent,
    browser: browser.slice(0, 64),
    os: os.slice(0, 64),
    location: locationOf(c.req.raw).slice(0, 21),
  };
}
