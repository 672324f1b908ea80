import { argon2id } from '@noble/hashes/argon2.js';
import { describe, expect, it } from 'vitest';
import { decodeB64 } from './b64.ts';
import { createWasmArgon2id } from './wasm-argon2id.ts';
import { argon2WasmModule } from './wasm-module.worker.ts';

const kernel = createWasmArgon2id(argon2WasmModule);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const salt = utf8('a 16-byte salt!!');
const cheap = { memoryKiB: 64, iterations: 2, parallelism: 1 };

describe('argon2id from the @phi-ag/argon2 wasm, running in workerd', () => {
  // The argon2id vectors of phc-winner-argon2's test suite (32-byte tags). RFC 9106's own vector
  // needs a secret and associated data, which this build's exports cannot take: see
  // rfc9106-vector.node.test.ts.
  it.each([
    {
      password: 'password',
      salt: 'somesalt',
      m: 65_536,
      t: 2,
      p: 1,
      tag: 'CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc',
    },
    { password: 'password', salt: 'somesalt', m: 256, t: 2, p: 1, tag: 'nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4' },
    { password: 'password', salt: 'somesalt', m: 256, t: 2, p: 2, tag: 'bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc' },
    {
      password: 'password',
      salt: 'somesalt',
      m: 65_536,
      t: 1,
      p: 1,
      tag: '9qWtwbpyPd3vm1rB1GThgPzZ3/ydHL92zKL+15XZypg',
    },
    {
      password: 'differentpassword',
      salt: 'somesalt',
      m: 65_536,
      t: 2,
      p: 1,
      tag: 'C4TWUs9rDEvq7w3+J4umqA32aWKB1+DSiRuBfYxFj94',
    },
    {
      password: 'password',
      salt: 'diffsalt',
      m: 65_536,
      t: 2,
      p: 1,
      tag: 'vfMrBczELrFdWP0ZsfhWsRPaHppYdP3MVEMIVlqoFBw',
    },
  ])('reproduces the reference tag for $password/$salt at m=$m,t=$t,p=$p', async ({ password, salt, m, t, p, tag }) => {
    const params = { memoryKiB: m, iterations: t, parallelism: p };
    const hash = await kernel({ password: utf8(password), salt: utf8(salt), params, hashLength: 32 });
    expect(hash).toEqual(decodeB64(tag));
  });

  // Regression: @phi-ag/argon2 0.5.28's Argon2 class passes password.length (UTF-16 code units) as
  // the UTF-8 byte length, so 'é' (C3 A9) was hashed as C3 alone — the same as 'Ã' (C3 83).
  it('hashes every UTF-8 byte of a non-ASCII password', async () => {
    const hashOf = (password: string) => kernel({ password: utf8(password), salt, params: cheap, hashLength: 32 });
    const accented = await hashOf('é');
    expect(accented).not.toEqual(await hashOf('Ã'));
    expect(accented).toEqual(argon2id(utf8('é'), salt, { m: 64, t: 2, p: 1, dkLen: 32 }));
    const emoji = 'pässwörd 🔑 密码';
    expect(await hashOf(emoji)).toEqual(argon2id(utf8(emoji), salt, { m: 64, t: 2, p: 1, dkLen: 32 }));
  });

  it('hashes an empty password (policy on length is the caller’s)', async () => {
    const hash = await kernel({ password: new Uint8Array(0), salt, params: cheap, hashLength: 32 });
    expect(hash).toEqual(argon2id(new Uint8Array(0), salt, { m: 64, t: 2, p: 1, dkLen: 32 }));
  });

  it('surfaces the C library’s error message', async () => {
    const short = { password: utf8('password'), salt: utf8('7 bytes'), params: cheap, hashLength: 32 };
    await expect(kernel(short)).rejects.toThrow('argon2id failed: Salt is too short');
  });

  it('shares one instance between kernels of the same module, and still gives the same answers', async () => {
    const again = createWasmArgon2id(argon2WasmModule);
    const input = { password: utf8('password'), salt, params: cheap, hashLength: 32 };
    const results = await Promise.all([kernel(input), again(input), kernel(input)]);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});
