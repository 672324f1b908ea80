import { base64url } from 'jose';
import * as oauth from 'oauth4webapi';
import { tokenHash } from '../account/one-time-token.ts';
import { keys } from '../keys/keys.ts';
import { defineScript } from '../store/define-script.ts';
import { integer, recordReply, text } from '../store/reply.ts';
import type { Store } from '../store/store.ts';
import type { FlowSecrets } from './provider-client.ts';

/*
 * A started sign-in (or link) with a provider, between the redirect out and the callback. Redis
 * keeps it by the SHA-256 of its `state` for OAUTH_FLOW_TTL_SECONDS, and the callback takes it
 * (read and delete in one script): a state is good once, so a replayed callback finds nothing.
 * The PKCE verifier and the nonce are not stored at all: they are HMACs of the state under a key
 * derived from REFRESH_TOKEN_SECRET, so Redis holds no secret of the flow.
 */

export interface Flow {
  provider: string;
  /** Where the browser goes afterwards: a same-origin path (safe-next.ts), or '' for the default. */
  next: string;
  /** A link asked for by this user's session; '' for a sign-in. */
  linkUserId: string;
  linkSessionId: string;
}

const saveFlow = defineScript({
  name: 'oauth-flow-save',
  keys: ['flow'],
  args: ['provider', 'nextPath', 'linkUserId', 'linkSessionId', 'expires', 'ttl'],
  reply: integer,
  lua: `
redis.call('HSET', flowKey, 'provider', provider, 'next', nextPath, 'user', linkUserId, 'session', linkSessionId, 'exp', expires)
redis.call('PEXPIRE', flowKey, tonumber(ttl))
return 1
`,
});

/** → `{provider, next, user, session}` of a live flow, deleted in the same step | `{}`. */
const takeFlow = defineScript({
  name: 'oauth-flow-take',
  keys: ['flow'],
  args: ['now'],
  reply: recordReply({ provider: text, next: text, linkUserId: text, linkSessionId: text }),
  lua: `
local f = redis.call('HMGET', flowKey, 'provider', 'next', 'user', 'session', 'exp')
if not f[1] then return {} end
redis.call('DEL', flowKey)
if tonumber(f[5]) <= tonumber(now) then return {} end
return {f[1], f[2], f[3], f[4]}
`,
});

const encoder = new TextEncoder();

/** The flow key: HMAC(REFRESH_TOKEN_SECRET, a fixed label), never the key that signs refresh tokens. */
async function flowKey(refreshKey: CryptoKey): Promise<CryptoKey> {
  const raw = await crypto.subtle.sign('HMAC', refreshKey, encoder.encode('portcullis/oauth-flow-key/v1'));
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** The state's verifier and nonce (43 base64url characters each: PKCE's verifier alphabet and length). */
export async function flowSecrets(refreshKey: CryptoKey, state: string): Promise<FlowSecrets> {
  const key = await flowKey(refreshKey);
  const derive = async (label: string) =>
    base64url.encode(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`${label}|${state}`))));
  return { state, codeVerifier: await derive('pkce'), nonce: await derive('nonce') };
}

/** A new state: 256 random bits, base64url (what goes to the provider and into the cookie). */
export const newState = (): string => oauth.generateRandomState();

/** Stores a flow under its state until `now + ttl`. */
export async function saveFlowState(
  store: Store,
  state: string,
  flow: Flow,
  input: { now: number; ttlSeconds: number },
): Promise<void> {
  const ttl = input.ttlSeconds * 1000;
  await saveFlow.run(store, {
    flow: keys.oauthFlow(await tokenHash(state)),
    provider: flow.provider,
    nextPath: flow.next,
    linkUserId: flow.linkUserId,
    linkSessionId: flow.linkSessionId,
    expires: input.now + ttl,
    ttl,
  });
}

/** The flow of this state, taken (it cannot be taken twice), or null when unknown, used or expired. */
export async function finishFlow(store: Store, state: string, now: number): Promise<Flow | null> {
  return takeFlow.run(store, { flow: keys.oauthFlow(await tokenHash(state)), now });
}
