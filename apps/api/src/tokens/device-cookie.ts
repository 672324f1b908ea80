import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env.ts';
import { randomId } from '../ids.ts';

/**
 * OWASP's device cookie ("Slow Down Online Guessing Attacks with Device Cookies"): a successful
 * sign-in leaves proof in the browser that it has signed in to this account before, and that
 * browser's later attempts are held to a budget of their own instead of the account-wide cap that
 * strangers can fill (lockout/login-guard.ts).
 *
 * `<device id>.<issued at, epoch s>.<tag>`, tag = hex HMAC-SHA256 under a key derived from
 * REFRESH_TOKEN_SECRET of `device|<account>|<device id>|<issued at>`. `account` is the lockout's
 * key for the email typed (lockout/account-key.ts), so a cookie is checked before any lookup,
 * costs an unknown email the same, and is worth nothing for another account. `__Secure-` and
 * HttpOnly: only a browser that signed in holds one, and no script can read it.
 */
export const DEVICE_COOKIE = '__Secure-device';
/** Only the auth endpoints (login, password change) ever see it. */
const PATH = '/api/auth';

const encoder = new TextEncoder();
const DEVICE_ID = /^[A-Za-z0-9_-]{22}$/;
const ISSUED_AT = /^[1-9]\d{0,11}$/;
const TAG = /^[0-9a-f]{64}$/;
/** A browser sends one; a sibling subdomain may toss in more. Enough to find ours among a few. */
const MAX_CANDIDATES = 4;

const message = (account: string, deviceId: string, issuedAt: number) =>
  encoder.encode(`device|${account}|${deviceId}|${issuedAt}`);

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

function fromHex(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/**
 * The device cookie's key: HMAC(REFRESH_TOKEN_SECRET, a fixed label), so it needs no setting of its
 * own and is never the key that signs refresh tokens. Rotating REFRESH_TOKEN_SECRET retires every
 * device cookie (their browsers fall back to the account-wide cap until they sign in again).
 */
export async function deriveDeviceKey(refreshKey: CryptoKey): Promise<CryptoKey> {
  const raw = await crypto.subtle.sign('HMAC', refreshKey, encoder.encode('portcullis/device-cookie-key/v1'));
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** After a successful sign-in: a new device cookie (a new device, a fresh budget) for `account`. */
export async function setDeviceCookie(c: Context<AppEnv>, account: string): Promise<void> {
  const deps = c.get('deps');
  const deviceId = randomId();
  const issuedAt = Math.floor(deps.now() / 1000);
  const tag = await crypto.subtle.sign('HMAC', (await deps.secrets).deviceKey, message(account, deviceId, issuedAt));
  setCookie(c, DEVICE_COOKIE, `${deviceId}.${issuedAt}.${hex(tag)}`, {
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    path: PATH,
    maxAge: deps.config.LOGIN_DEVICE_COOKIE_TTL_SECONDS,
  });
}

/** Every value sent under the device cookie's name (read by hand: a parsed map keeps only one). */
function presented(c: Context<AppEnv>): string[] {
  const header = c.req.header('Cookie') ?? '';
  const prefix = `${DEVICE_COOKIE}=`;
  return header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(prefix))
    .slice(0, MAX_CANDIDATES)
    .map((part) => part.slice(prefix.length));
}

/** The device id of a device cookie we issued for `account` that has not expired, or null. */
export async function trustedDeviceOf(c: Context<AppEnv>, account: string): Promise<string | null> {
  const candidates = presented(c);
  if (candidates.length === 0) return null;
  const deps = c.get('deps');
  const { deviceKey } = await deps.secrets;
  for (const raw of candidates) {
    const [deviceId, issuedText, tag, ...rest] = raw.split('.');
    if (rest.length > 0 || !deviceId || !issuedText || !tag) continue;
    if (!DEVICE_ID.test(deviceId) || !ISSUED_AT.test(issuedText) || !TAG.test(tag)) continue;
    const issuedAt = Number(issuedText);
    if ((issuedAt + deps.config.LOGIN_DEVICE_COOKIE_TTL_SECONDS) * 1000 <= deps.now()) continue;
    // crypto.subtle.verify compares in constant time.
    if (await crypto.subtle.verify('HMAC', deviceKey, fromHex(tag), message(account, deviceId, issuedAt))) {
      return deviceId;
    }
  }
  return null;
}
