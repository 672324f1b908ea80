import type { Argon2idKernel } from './argon2id-kernel.ts';
import { type Argon2idParams, argon2idParamsProblem, DEFAULT_ARGON2ID_PARAMS } from './argon2id-params.ts';
import { type Argon2idPhc, formatArgon2idPhc, parseArgon2idPhc } from './argon2id-phc.ts';
import { constantTimeEqual } from './constant-time-equal.ts';
import type { PasswordHasher, PasswordVerification } from './password-hasher.ts';
import { createWasmArgon2id } from './wasm-argon2id.ts';

/** The API accepts 8–128 characters (≤ 512 UTF-8 bytes); anything longer here is a caller's bug. */
export const MAX_PASSWORD_BYTES = 1024;
const SALT_BYTES = 16;
const HASH_BYTES = 32;

export type Argon2idHasherOptions = {
  /** Defaults to OWASP's minimum, m=19456 KiB, t=2, p=1. */
  params?: Argon2idParams;
  /**
   * Told why a stored hash could not be used (never the hash itself). Such a hash is a server bug —
   * we only store what `hash()` wrote — so by default it is logged with console.error.
   */
  onUnusableHash?: (problem: string) => void;
} & (
  | {
      /** `@phi-ag/argon2`'s wasm, compiled: see `wasm-module.worker.ts` and `wasm-module.node.ts`. */
      module: WebAssembly.Module;
    }
  | {
      /** Another argon2id implementation, e.g. `@noble/hashes` should the wasm ever fail. */
      kernel: Argon2idKernel;
    }
);

const INVALID: PasswordVerification = Object.freeze({ valid: false, needsRehash: false });

/**
 * argon2id password hashing stored as PHC strings (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), with a
 * 16-byte random salt and a 32-byte hash.
 *
 * A stored string we cannot use — malformed, another algorithm such as `$argon2i$`, or parameters
 * beyond `ARGON2ID_LIMITS` — verifies as `{ valid: false }` rather than throwing: login fails closed
 * either way, and this way it costs the same time as a wrong password. It is reported through
 * `onUnusableHash` so the bug does not stay silent.
 *
 * @example
 * const hasher = createArgon2idHasher({ module: argon2WasmModule });
 * const stored = await hasher.hash('correct horse battery staple');
 * const { valid, needsRehash } = await hasher.verify(stored, 'correct horse battery staple');
 */
export function createArgon2idHasher(options: Argon2idHasherOptions): PasswordHasher {
  const params = options.params ?? DEFAULT_ARGON2ID_PARAMS;
  const problem = argon2idParamsProblem(params);
  if (problem) throw new Error(`createArgon2idHasher: ${problem} (params ${JSON.stringify(params)})`);
  const kernel = 'kernel' in options ? options.kernel : createWasmArgon2id(options.module);
  const onUnusableHash =
    options.onUnusableHash ?? ((why: string) => console.error(`password hash cannot be verified: ${why}`));
  // Built from constants, not random bytes: Workers forbid randomness at global scope, where a
  // hasher may well be created. Its salt is public, which is harmless: its result is thrown away.
  const dummy = formatArgon2idPhc({ params, salt: new Uint8Array(SALT_BYTES), hash: new Uint8Array(HASH_BYTES) });

  async function verifyBytes(stored: string, password: Uint8Array): Promise<PasswordVerification> {
    const phc = readStoredHash(stored);
    if (typeof phc === 'string') {
      onUnusableHash(phc);
      await verifyBytes(dummy, password);
      return INVALID;
    }
    const computed = await kernel({ password, salt: phc.salt, params: phc.params, hashLength: phc.hash.length });
    if (!constantTimeEqual(computed, phc.hash)) return INVALID;
    // Re-hash only upwards: a stored hash stronger than today's settings (after a rollback) is kept.
    const was = phc.params;
    const weaker =
      was.memoryKiB < params.memoryKiB ||
      was.iterations < params.iterations ||
      was.parallelism !== params.parallelism ||
      phc.salt.length < SALT_BYTES ||
      phc.hash.length < HASH_BYTES;
    return { valid: true, needsRehash: weaker };
  }

  return {
    async hash(password) {
      const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
      const hash = await kernel({ password: encodePassword(password), salt, params, hashLength: HASH_BYTES });
      return formatArgon2idPhc({ params, salt, hash });
    },
    verify: async (stored, password) => verifyBytes(stored, encodePassword(password)),
    async verifyDummy(password) {
      await verifyBytes(dummy, encodePassword(password));
    },
  };
}

function encodePassword(password: string): Uint8Array {
  const bytes = new TextEncoder().encode(password);
  if (bytes.length > MAX_PASSWORD_BYTES) {
    throw new RangeError(`password is ${bytes.length} bytes; the hasher takes at most ${MAX_PASSWORD_BYTES}`);
  }
  return bytes;
}

/** The stored hash's fields, or what makes it unusable. */
function readStoredHash(stored: string): Argon2idPhc | string {
  const phc = parseArgon2idPhc(stored);
  if (phc) return argon2idParamsProblem(phc.params) ?? phc;
  const id = /^\$([a-z0-9-]{1,32})\$/.exec(stored)?.[1];
  return id && id !== 'argon2id' ? `unsupported algorithm "${id}"` : 'not a well-formed argon2id PHC string';
}
