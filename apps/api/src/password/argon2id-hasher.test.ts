import { describe, expect, it, vi } from 'vitest';
import { createArgon2idHasher, MAX_PASSWORD_BYTES } from './argon2id-hasher.ts';
import type { Argon2idInput, Argon2idKernel } from './argon2id-kernel.ts';
import { parseArgon2idPhc } from './argon2id-phc.ts';
import { createWasmArgon2id } from './wasm-argon2id.ts';
import { argon2WasmModule } from './wasm-module.worker.ts';

const PASSWORD = 'correct horse battery staple';
const hasher = createArgon2idHasher({ module: argon2WasmModule });
const quiet = { onUnusableHash: () => {} };

/** The real wasm kernel, recording what it is asked to compute. */
function spyingKernel(): { kernel: Argon2idKernel; calls: Argon2idInput[] } {
  const real = createWasmArgon2id(argon2WasmModule);
  const calls: Argon2idInput[] = [];
  return {
    calls,
    kernel: (input) => {
      calls.push(input);
      return real(input);
    },
  };
}

describe('the argon2id password hasher, at the OWASP default', () => {
  it('writes a PHC string carrying argon2id, version 19, m=19456,t=2,p=1, a 16-byte salt and a 32-byte hash', async () => {
    const stored = await hasher.hash(PASSWORD);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  });

  it('verifies the password it hashed, with no need to rehash', async () => {
    const stored = await hasher.hash(PASSWORD);
    expect(await hasher.verify(stored, PASSWORD)).toEqual({ valid: true, needsRehash: false });
  });

  it('rejects a wrong password', async () => {
    const stored = await hasher.hash(PASSWORD);
    expect(await hasher.verify(stored, 'correct horse battery stapler')).toEqual({ valid: false, needsRehash: false });
    expect(await hasher.verify(stored, '')).toEqual({ valid: false, needsRehash: false });
  });

  it('draws a fresh salt for every hash', async () => {
    const [first, second] = await Promise.all([hasher.hash(PASSWORD), hasher.hash(PASSWORD)]);
    expect(first).not.toBe(second);
    expect(parseArgon2idPhc(first)?.salt).not.toEqual(parseArgon2idPhc(second)?.salt);
  });

  it('verifies a hash written by the reference implementation, and asks to rehash its 8-byte salt', async () => {
    const reference = '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc';
    expect(await hasher.verify(reference, 'password')).toEqual({ valid: true, needsRehash: true });
  });

  it.each([
    ['less memory', { memoryKiB: 4096, iterations: 2, parallelism: 1 }],
    ['fewer iterations', { memoryKiB: 19_456, iterations: 1, parallelism: 1 }],
    ['another parallelism', { memoryKiB: 19_456, iterations: 2, parallelism: 2 }],
  ])('asks to rehash a right password whose hash used %s', async (_, params) => {
    const stored = await createArgon2idHasher({ module: argon2WasmModule, params }).hash(PASSWORD);
    expect(await hasher.verify(stored, PASSWORD)).toEqual({ valid: true, needsRehash: true });
    expect(await hasher.verify(stored, 'wrong password')).toEqual({ valid: false, needsRehash: false });
  });

  it('keeps a hash stronger than the current parameters (no rehash downwards)', async () => {
    const params = { memoryKiB: 32_768, iterations: 3, parallelism: 1 };
    const stored = await createArgon2idHasher({ module: argon2WasmModule, params }).hash(PASSWORD);
    expect(await hasher.verify(stored, PASSWORD)).toEqual({ valid: true, needsRehash: false });
  });

  it('rejects a stored hash that lost its tail or had a character changed', async () => {
    const stored = await hasher.hash(PASSWORD);
    // Cut at a B64 group boundary the string still parses (a 30-byte tag), so only the comparison
    // can catch it; cut anywhere else, its trailing bits give it away as malformed.
    const atBoundary = stored.slice(0, -3);
    expect(parseArgon2idPhc(atBoundary)?.hash).toHaveLength(30);
    const changed = `${stored.slice(0, -2)}${stored.at(-2) === 'A' ? 'B' : 'A'}${stored.at(-1)}`;
    const tolerant = createArgon2idHasher({ module: argon2WasmModule, ...quiet });
    for (const damaged of [atBoundary, stored.slice(0, -1), changed]) {
      expect(await tolerant.verify(damaged, PASSWORD)).toEqual({ valid: false, needsRehash: false });
    }
  });

  it.each([
    ['an empty column', '', 'not a well-formed argon2id PHC string'],
    ['a cut-off string', '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21l', 'not a well-formed argon2id PHC string'],
    ['a bcrypt hash', '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW', 'unsupported algorithm "2b"'],
    [
      'an argon2i hash, even of the right password',
      '$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA',
      'unsupported algorithm "argon2i"',
    ],
    [
      'memory beyond what an isolate can spare',
      '$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc',
      'memoryKiB 4194304 is outside 8..65536',
    ],
    [
      'zero iterations',
      '$argon2id$v=19$m=65536,t=0,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc',
      'iterations 0 is outside 1..16',
    ],
  ])('fails closed on %s, reports why, and still spends a verify’s worth of work', async (_, stored, why) => {
    const spy = spyingKernel();
    const onUnusableHash = vi.fn();
    const watched = createArgon2idHasher({ kernel: spy.kernel, onUnusableHash });
    expect(await watched.verify(stored, 'password')).toEqual({ valid: false, needsRehash: false });
    expect(onUnusableHash).toHaveBeenCalledExactlyOnceWith(why);
    expect(spy.calls.map((call) => call.params)).toEqual([{ memoryKiB: 19_456, iterations: 2, parallelism: 1 }]);
  });

  it('reports unusable hashes with console.error unless told otherwise, without the hash itself', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      expect(await hasher.verify('$argon2id$garbage', PASSWORD)).toEqual({ valid: false, needsRehash: false });
      expect(error).toHaveBeenCalledExactlyOnceWith(
        'password hash cannot be verified: not a well-formed argon2id PHC string',
      );
    } finally {
      error.mockRestore();
    }
  });

  it('makes verifyDummy do exactly the work of verifying a real user’s hash', async () => {
    const spy = spyingKernel();
    const watched = createArgon2idHasher({ kernel: spy.kernel, ...quiet });
    const stored = await watched.hash(PASSWORD);
    spy.calls.length = 0;

    await watched.verify(stored, 'a guess');
    expect(await watched.verifyDummy('a guess')).toBeUndefined();

    // One argon2id run each, on the same password bytes, at the same parameters and sizes.
    expect(spy.calls).toHaveLength(2);
    const [real, dummy] = spy.calls;
    expect(dummy?.password).toEqual(real?.password);
    expect(dummy?.params).toEqual(real?.params);
    expect(dummy?.hashLength).toBe(real?.hashLength);
    expect(dummy?.salt.length).toBe(real?.salt.length);
  });

  it('refuses passwords over 1024 UTF-8 bytes in every method, counting bytes rather than characters', async () => {
    const longest = '🔑'.repeat(MAX_PASSWORD_BYTES / 4); // 256 characters, 1024 bytes
    const stored = await hasher.hash(longest);
    expect(await hasher.verify(stored, longest)).toEqual({ valid: true, needsRehash: false });

    const tooLong = `${longest}x`;
    await expect(hasher.hash(tooLong)).rejects.toThrow(RangeError);
    await expect(hasher.verify(stored, tooLong)).rejects.toThrow(RangeError);
    await expect(hasher.verifyDummy(tooLong)).rejects.toThrow(RangeError);
  });

  it('refuses at creation parameters it would not compute with', () => {
    const tooBig = { memoryKiB: 1 << 20, iterations: 2, parallelism: 1 };
    expect(() => createArgon2idHasher({ module: argon2WasmModule, params: tooBig })).toThrow(
      'createArgon2idHasher: memoryKiB 1048576 is outside 8..65536',
    );
    const none = { memoryKiB: 19_456, iterations: 0, parallelism: 1 };
    expect(() => createArgon2idHasher({ module: argon2WasmModule, params: none })).toThrow(/iterations 0/);
  });
});
