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
    return claims.success ? claims.data : null;
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
