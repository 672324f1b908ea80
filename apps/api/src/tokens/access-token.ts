import { errors, jwtVerify, SignJWT } from 'jose';
import * as z from 'zod';
import type { Config } from '../config/config.ts';
import type { SigningKeys } from './signing-keys.ts';

export interface AccessClaims {
  sub: string;
  sid: string;
}

const claimsSchema = z.object({ sub: z.string().min(1), sid: z.string().min(1) });

/** Signs a short-lived access token for one session. */
export async function signAccessToken(
  keys: SigningKeys,
  config: Config,
  claims: AccessClaims,
  nowMs: number,
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ sid: claims.sid })
    .setProtectedHeader({ alg: keys.signer.alg, kid: keys.signer.kid, typ: 'JWT' })
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setSubject(claims.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + config.ACCESS_TOKEN_TTL_SECONDS)
    .sign(keys.signer.key);
}

/** jose accepts an `iat` in the future only within its default tolerance of zero; keep ours tiny. */
const CLOCK_SKEW_MS = 0;
/** Enough for every token active in an isolate over one access-token lifetime on a busy Worker. */
const CACHE_LIMIT = 10_000;

interface VerifiedToken {
  claims: AccessClaims;
  expMs: number;
  iatMs: number;
}

/**
 * Tokens already verified, by exact token text, per key set. A client sends the same access token
 * on every request for ten minutes, and an Ed25519 verification was the largest single cost of an
 * authenticated request. Only a token whose signature checked out is ever stored, and the key is
 * the whole token (signature included), so a forged or altered token can never hit the cache.
 * Oldest entries go first when full (a Map iterates in insertion order).
 */
const verified = new WeakMap<SigningKeys, Map<string, VerifiedToken>>();

function remember(keys: SigningKeys, token: string, entry: VerifiedToken): void {
  let cache = verified.get(keys);
  if (!cache) {
    cache = new Map();
    verified.set(keys, cache);
  }
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(token, entry);
}

/**
 * Verifies signature, algorithm, issuer, audience and expiry; returns null for any token we did
 * not issue or that has expired. The algorithm comes from our key for that `kid`, never from the
 * token, so `alg: none` or an HS256 token signed with a public key cannot pass.
 */
export async function verifyAccessToken(
  keys: SigningKeys,
  config: Config,
  token: string,
  nowMs: number,
): Promise<AccessClaims | null> {
  const cached = verified.get(keys)?.get(token);
  if (cached) {
    // Signature, issuer and audience were checked when it was cached; time moves on, so expiry and
    // issued-at are checked again against this request's clock.
    return nowMs < cached.expMs && nowMs >= cached.iatMs - CLOCK_SKEW_MS ? cached.claims : null;
  }
  try {
    const { payload } = await jwtVerify(
      token,
      (header) => {
        const key = header.kid ? keys.verifiers.get(header.kid) : undefined;
        if (!key || header.alg !== key.alg) throw new errors.JWKSNoMatchingKey();
        return key.key;
      },
      {
        algorithms: ['EdDSA', 'ES256'],
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        requiredClaims: ['sub', 'sid', 'iat', 'exp'],
        currentDate: new Date(nowMs),
      },
    );
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) return null;
    remember(keys, token, { claims: claims.data, expMs: (payload.exp ?? 0) * 1000, iatMs: (payload.iat ?? 0) * 1000 });
    return claims.data;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
