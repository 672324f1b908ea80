import type { Argon2idParams } from './argon2id-params.ts';

export interface Argon2idInput {
  password: Uint8Array;
  salt: Uint8Array;
  params: Argon2idParams;
  hashLength: number;
}

/**
 * Raw argon2id (version 0x13, no secret, no associated data): the tag for these inputs. The hasher
 * depends on this function only, so the wasm build can be swapped, e.g. for `@noble/hashes`.
 */
export type Argon2idKernel = (input: Argon2idInput) => Promise<Uint8Array>;
