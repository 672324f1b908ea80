import * as z from 'zod';
import { DEVELOPMENT_APP_URL } from './development-app-url.ts';
import { positiveInt } from './env-schemas.ts';

/**
 * Environment settings of passkeys (README.md lists them). Spread into `configSchema` in
 * config.ts; `relyingParty` below turns them, with APP_URL and ALLOWED_ORIGINS, into what
 * WebAuthn checks, and fails at start-up when they cannot work together.
 */
export const webauthnConfig = {
  /**
   * The relying party ID passkeys are bound to: APP_URL's host name unless set. Set it to a parent
   * domain (`example.com` for `https://app.example.com`) to let passkeys work on sibling hosts.
   * Changing it later orphans every registered passkey.
   */
  WEBAUTHN_RP_ID: z.string().trim().toLowerCase().min(1).optional(),
  /** The name an authenticator shows beside a passkey of this app. */
  WEBAUTHN_RP_NAME: z.string().trim().min(1).max(64).default('Portcullis'),
  /** Passkeys one user may register (one more answers 409): bounds storage and the options lists. */
  MAX_PASSKEYS_PER_USER: positiveInt(20),
};

export interface RelyingParty {
  id: string;
  name: string;
  /** Origins a ceremony may come from: the app's own, plus ALLOWED_ORIGINS. */
  origins: string[];
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Why `rpId` cannot serve `host`, or null when it can. Browsers accept an RP ID that is the page's
 * host or a registrable domain it belongs to (WebAuthn §5.1.3 step 8); anything else makes every
 * ceremony fail in the browser, long after deploy — so it is refused here, at start-up. The public
 * suffix list is not consulted: a bare top-level domain is refused, `co.uk`-like suffixes are left
 * to the browser.
 */
export function rpIdProblem(rpId: string, host: string): string | null {
  if (rpId === host) return null;
  if (!HOST_NAME.test(rpId)) return `WEBAUTHN_RP_ID must be a host name such as example.com, not "${rpId}"`;
  if (IPV4.test(host) || host.startsWith('[')) {
    return `WEBAUTHN_RP_ID must be APP_URL's host (${host}) itself: an IP address has no parent domain`;
  }
  if (!host.endsWith(`.${rpId}`)) {
    return `WEBAUTHN_RP_ID (${rpId}) must be APP_URL's host name (${host}) or a domain it belongs to`;
  }
  if (!rpId.includes('.')) return `WEBAUTHN_RP_ID (${rpId}) is a top-level domain; use the app's own domain`;
  return null;
}

const cache = new WeakMap<object, RelyingParty>();

/**
 * The relying party of this deployment. APP_URL decides the origin (as it does for email links;
 * never the request's Host, which the client chooses). Throws, naming what to set, when the RP ID
 * cannot work with it; loadConfig calls this so that happens at start-up.
 */
export function relyingParty(config: {
  APP_URL?: string | undefined;
  ALLOWED_ORIGINS: string[];
  WEBAUTHN_RP_ID?: string | undefined;
  WEBAUTHN_RP_NAME: string;
}): RelyingParty {
  const known = cache.get(config);
  if (known) return known;
  const app = new URL(config.APP_URL ?? DEVELOPMENT_APP_URL);
  const id = config.WEBAUTHN_RP_ID ?? app.hostname;
  const problem = rpIdProblem(id, app.hostname);
  if (problem) throw new Error(`Portcullis configuration is invalid: ${problem}.`);
  const origins = [...new Set([app.origin, ...config.ALLOWED_ORIGINS])];
  const party = { id, name: config.WEBAUTHN_RP_NAME, origins };
  cache.set(config, party);
  return party;
}
