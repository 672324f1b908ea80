import { argon2id } from '@noble/hashes/argon2.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { createArgon2idHasher } from './argon2id-hasher.ts';
import type { Argon2idKernel } from './argon2id-kernel.ts';
import { formatArgon2idPhc, parseArgon2idPhc } from './argon2id-phc.ts';
import { argon2WasmModule } from './wasm-module.worker.ts';

// @noble/hashes is audited pure JS: an independent argon2id to hold the wasm build against, and the
// fallback if the wasm ever fails. It is ~10× slower, so most checks use small parameters.
const small = { memoryKiB: 64, iterations: 2, parallelism: 1 };
const nobleKernel: Argon2idKernel = async ({ password, salt, params, hashLength }) =>
  argon2id(password, salt, { m: params.memoryKiB, t: params.iterations, p: params.parallelism, dkLen: hashLength });
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('cross-check against @noble/hashes argon2id', () => {
  it('trusts noble because it reproduces RFC 9106 §5.3 (argon2id with secret and associated data)', () => {
    const tag = argon2id(new Uint8Array(32).fill(0x01), new Uint8Array(16).fill(0x02), {
      m: 32,
      t: 3,
      p: 4,
      key: new Uint8Array(8).fill(0x03),
      personalization: new Uint8Array(12).fill(0x04),
      dkLen: 32,
    });
    expect(tag).toEqual(hexToBytes('0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659'));
  });

  it.each(['password', 'pässwörd 🔑 密码', ' spaces and\ttabs '])(
    'computes the same bytes as noble for our hash of %j',
    async (password) => {
      const stored = await createArgon2idHasher({ module: argon2WasmModule, params: small }).hash(password);
      const phc = parseArgon2idPhc(stored);
      if (!phc) throw new Error(`unparsable: ${stored}`);
      expect(argon2id(utf8(password), phc.salt, { m: 64, t: 2, p: 1, dkLen: phc.hash.length })).toEqual(phc.hash);
    },
  );

  it('agrees with noble at the OWASP default parameters', async () => {
    const stored = await createArgon2idHasher({ module: argon2WasmModule }).hash('password');
    const phc = parseArgon2idPhc(stored);
    if (!phc) throw new Error(`unparsable: ${stored}`);
    expect(argon2id('password', phc.salt, { m: 19_456, t: 2, p: 1, dkLen: 32 })).toEqual(phc.hash);
  });

  it('verifies a PHC string built from a noble-computed hash', async () => {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const hash = argon2id(utf8('hunter22'), salt, { m: 64, t: 2, p: 1, dkLen: 32 });
    const stored = formatArgon2idPhc({ params: small, salt, hash });
    const ours = createArgon2idHasher({ module: argon2WasmModule, params: small });
    expect(await ours.verify(stored, 'hunter22')).toEqual({ valid: true, needsRehash: false });
    expect(await ours.verify(stored, 'hunter23')).toEqual({ valid: false, needsRehash: false });
  });

  it('lets a hasher on noble stand in for the wasm one, hash for hash', async () => {
    const wasm = createArgon2idHasher({ module: argon2WasmModule, params: small });
    const noble = createArgon2idHasher({ kernel: nobleKernel, params: small });
    expect(await wasm.verify(await noble.hash('hunter22'), 'hunter22')).toEqual({ valid: true, needsRehash: false });
    expect(await noble.verify(await wasm.hash('hunter22'), 'hunter22')).toEqual({ valid: true, needsRehash: false });
  });
});
