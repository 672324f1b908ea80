/**
 * A software WebAuthn authenticator for tests: what a platform authenticator and the browser do
 * between `navigator.credentials.create/get` and the JSON the SPA posts — P-256 keys (WebCrypto),
 * an attestationObject in CBOR (format `none`, COSE public key), authenticator data (RP ID hash,
 * flags, signature counter) and clientDataJSON. Written from the WebAuthn spec, independently of
 * @simplewebauthn/server, so the server's checks run on real bytes and nothing is mocked.
 *
 * Every field a test may want to get wrong can be overridden per ceremony (origin, RP ID, flags,
 * counter, challenge, credential, signature).
 */

/** Authenticator-data flags (WebAuthn §6.1). */
export const FLAGS = { UP: 0x01, UV: 0x04, BE: 0x08, BS: 0x10, AT: 0x40, ED: 0x80 } as const;

export type Bytes = Uint8Array<ArrayBuffer>;

// --- encodings -------------------------------------------------------------------------------

export function b64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function fromB64url(text: string): Bytes {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function concat(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const utf8 = (text: string): Bytes => new TextEncoder().encode(text);

/** CBOR values this authenticator writes: integers, byte and text strings, maps (RFC 8949). */
type Cbor = number | string | Uint8Array | Map<number | string, Cbor>;

function cborHead(major: number, length: number): Bytes {
  if (length < 24) return Uint8Array.of((major << 5) | length);
  if (length < 0x100) return Uint8Array.of((major << 5) | 24, length);
  if (length < 0x10000) return Uint8Array.of((major << 5) | 25, length >> 8, length & 0xff);
  return Uint8Array.of((major << 5) | 26, length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff);
}

export function cbor(value: Cbor): Bytes {
  if (typeof value === 'number') return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = utf8(value);
    return concat(cborHead(3, bytes.length), bytes);
  }
  if (value instanceof Uint8Array) return concat(cborHead(2, value.length), value);
  return concat(cborHead(5, value.size), ...[...value].flatMap(([key, item]) => [cbor(key), cbor(item)]));
}

/** WebCrypto's ECDSA signature is r‖s (IEEE P1363); WebAuthn's ES256 wants ASN.1 DER (§6.5.6). */
function derSignature(raw: Uint8Array): Bytes {
  const integer = (half: Uint8Array) => {
    let start = 0;
    while (start < half.length - 1 && half[start] === 0) start++;
    const trimmed = half.slice(start);
    const body = (trimmed[0] ?? 0) & 0x80 ? concat(Uint8Array.of(0), trimmed) : trimmed;
    return concat(Uint8Array.of(0x02, body.length), body);
  };
  const sequence = concat(integer(raw.slice(0, 32)), integer(raw.slice(32)));
  return concat(Uint8Array.of(0x30, sequence.length), sequence);
}

const sha256 = async (data: Uint8Array): Promise<Bytes> =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', data as Bytes));

// --- the authenticator -----------------------------------------------------------------------

export interface SoftCredential {
  id: Bytes;
  rpId: string;
  userHandle: string;
  keys: CryptoKeyPair;
  counter: number;
}

export interface CreationOptions {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
}

export interface RequestOptions {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
}

/** What a test may falsify in one ceremony. */
export interface Tamper {
  origin?: string;
  /** The RP ID whose hash goes into the authenticator data (default: the options' own). */
  rpId?: string;
  /** Authenticator-data flags (default UP|UV, plus AT when registering). */
  flags?: number;
  /** The signature counter to report (default: one more than the last). */
  counter?: number;
  challenge?: string;
  type?: string;
  /** Sign with another credential's key (a forged assertion). */
  signWith?: SoftCredential;
}

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];
  /** The origin the "browser" is on. */
  readonly origin: string;

  constructor(origin: string) {
    this.origin = origin;
  }

  #clientData(type: string, challenge: string, tamper: Tamper): Bytes {
    return utf8(
      JSON.stringify({
        type: tamper.type ?? type,
        challenge: tamper.challenge ?? challenge,
        origin: tamper.origin ?? this.origin,
        crossOrigin: false,
      }),
    );
  }

  async #authData(rpId: string, flags: number, counter: number, attested?: Bytes): Promise<Bytes> {
    const count = new Uint8Array(4);
    new DataView(count.buffer).setUint32(0, counter);
    return concat(await sha256(utf8(rpId)), Uint8Array.of(flags), count, attested ?? new Uint8Array());
  }

  /**
   * `navigator.credentials.create()` → RegistrationResponseJSON. `existing` attests a credential
   * this authenticator holds already — what a browser does not do when `excludeCredentials` names
   * it, and an attacker can.
   */
  async register(options: CreationOptions, tamper: Tamper = {}, existing?: SoftCredential) {
    const rpId = options.rp.id ?? new URL(this.origin).hostname;
    const credential: SoftCredential = existing ?? {
      id: crypto.getRandomValues(new Uint8Array(32)),
      rpId,
      userHandle: options.user.id,
      keys: await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']),
      counter: tamper.counter ?? 0,
    };
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', credential.keys.publicKey)); // 0x04 ‖ x ‖ y
    const coseKey = cbor(
      new Map<number, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, raw.slice(1, 33)],
        [-3, raw.slice(33, 65)],
      ]),
    );
    const idLength = Uint8Array.of(credential.id.length >> 8, credential.id.length & 0xff);
    const attested = concat(new Uint8Array(16), idLength, credential.id, coseKey); // AAGUID of zeros
    const flags = tamper.flags ?? FLAGS.UP | FLAGS.UV | FLAGS.AT;
    const authData = await this.#authData(tamper.rpId ?? rpId, flags, credential.counter, attested);
    const attestationObject = cbor(
      new Map<string, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    if (!existing) this.credentials.push(credential);
    const id = b64url(credential.id);
    return {
      id,
      rawId: id,
      type: 'public-key' as const,
      authenticatorAttachment: 'platform' as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(this.#clientData('webauthn.create', options.challenge, tamper)),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
    };
  }

  /**
   * `navigator.credentials.get()` → AuthenticationResponseJSON. Without `allowCredentials` the
   * authenticator picks its (discoverable) credential for the RP, the newest one; `credential`
   * picks one explicitly.
   */
  async authenticate(options: RequestOptions, tamper: Tamper = {}, credential?: SoftCredential) {
    const rpId = options.rpId ?? new URL(this.origin).hostname;
    const allowed = options.allowCredentials?.map((descriptor) => descriptor.id);
    const chosen =
      credential ??
      this.credentials.findLast((item) => item.rpId === rpId && (!allowed || allowed.includes(b64url(item.id))));
    if (!chosen) throw new Error('soft authenticator: no credential for this request');
    chosen.counter = tamper.counter ?? chosen.counter + 1;
    const authData = await this.#authData(tamper.rpId ?? rpId, tamper.flags ?? FLAGS.UP | FLAGS.UV, chosen.counter);
    const clientDataJSON = this.#clientData('webauthn.get', options.challenge, tamper);
    const signed = concat(authData, await sha256(clientDataJSON));
    const key = (tamper.signWith ?? chosen).keys.privateKey;
    const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, signed));
    const id = b64url(chosen.id);
    return {
      id,
      rawId: id,
      type: 'public-key' as const,
      authenticatorAttachment: 'platform' as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(derSignature(raw)),
        userHandle: chosen.userHandle,
      },
    };
  }
}
