import { type CryptoKey, importJWK, type JWK } from 'jose';
import type { Config } from '../config/config.ts';

export type SigningAlgorithm = 'EdDSA' | 'ES256';

export interface VerificationKey {
  kid: string;
  alg: SigningAlgorithm;
  key: CryptoKey;
  /** What /.well-known/jwks.json publishes for this key. */
  publicJwk: JWK;
}

export interface SigningKeys {
  signer: { kid: string; alg: SigningAlgorithm; key: CryptoKey };
  verifiers: ReadonlyMap<string, VerificationKey>;
  jwks: { keys: JWK[] };
}

type KeyInput = { kty: string; kid: string; [field: string]: unknown };

function algorithmOf(jwk: KeyInput): SigningAlgorithm {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  // Symmetric or RSA keys would let a misconfiguration downgrade every token; refuse them.
  throw new Error(`JWT key ${jwk.kid}: only Ed25519 (OKP) and P-256 (EC) keys are supported`);
}

/** The public half of a JWK: whatever the input, never publish `d`. */
function publicPart(jwk: KeyInput, alg: SigningAlgorithm): JWK {
  const { kty, kid, crv, x, y } = jwk as Record<string, string | undefined>;
  const out: JWK = { kty, kid, alg, use: 'sig' };
  if (crv) out.crv = crv;
  if (x) out.x = x;
  if (y) out.y = y;
  return out;
}

/**
 * Imports the configured keys once. The first private key signs; every private key and every
 * retired public key verifies, so rotating is: put the new key first, move the old one's public
 * half to JWT_PUBLIC_KEYS, drop it after one access-token lifetime.
 */
export async function loadSigningKeys(config: Config): Promise<SigningKeys> {
  const verifiers = new Map<string, VerificationKey>();
  let signer: SigningKeys['signer'] | undefined;

  for (const jwk of config.JWT_PRIVATE_KEYS) {
    if (typeof jwk.d !== 'string') throw new Error(`JWT_PRIVATE_KEYS: key ${jwk.kid} has no private part`);
    const alg = algorithmOf(jwk);
    const publicJwk = publicPart(jwk, alg);
    if (verifiers.has(jwk.kid)) throw new Error(`JWT keys: duplicate kid ${jwk.kid}`);
    verifiers.set(jwk.kid, { kid: jwk.kid, alg, key: (await importJWK(publicJwk, alg)) as CryptoKey, publicJwk });
    signer ??= { kid: jwk.kid, alg, key: (await importJWK({ ...jwk }, alg)) as CryptoKey };
  }
  for (const jwk of config.JWT_PUBLIC_KEYS) {
    const alg = algorithmOf(jwk);
    const publicJwk = publicPart(jwk, alg);
    if (verifiers.has(jwk.kid)) throw new Error(`JWT keys: duplicate kid ${jwk.kid}`);
    verifiers.set(jwk.kid, { kid: jwk.kid, alg, key: (await importJWK(publicJwk, alg)) as CryptoKey, publicJwk });
  }
  if (!signer) throw new Error('JWT_PRIVATE_KEYS is empty');
  return { signer, verifiers, jwks: { keys: [...verifiers.values()].map((v) => v.publicJwk) } };
}
