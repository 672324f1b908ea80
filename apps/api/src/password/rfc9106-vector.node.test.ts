import { readFile } from 'node:fs/promises';
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';

// RFC 9106 §5.3 needs a secret and associated data, which only argon2_ctx() takes, and the
// @phi-ag/argon2 build does not export it. But argon2_hash() is a thin wrapper that fills an
// argon2_context and calls it (`wasm-objdump -d`: func 17 stores the struct on its stack and calls
// func 10). So, here in Node where compiling at run time is allowed, we add an export for func 10 to
// a copy of the shipped binary — same code, one more export entry — and run the vector through it.
// If a new release moves the function, the self-check below fails first and says so.
const ARGON2_CTX_FUNCTION = 10;
const ARGON2ID = 2;
const VERSION_13 = 0x13;

interface CtxExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  argon2_hash(...args: number[]): number;
  argon2_ctx(context: number, type: number): number;
}

function readLeb128(bytes: Uint8Array, offset: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (let i = offset; ; i++) {
    const byte = bytes[i] ?? 0;
    value |= (byte & 0x7f) << shift;
    shift += 7;
    if (!(byte & 0x80)) return [value >>> 0, i + 1];
  }
}

function leb128(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return out;
}

/** A copy of `wasm` whose export section (id 7) has one more entry: function `index` as `name`. */
function withFunctionExport(wasm: Uint8Array, name: string, index: number): Uint8Array<ArrayBuffer> {
  const out: number[] = [...wasm.subarray(0, 8)]; // magic and version
  for (let offset = 8; offset < wasm.length; ) {
    const id = wasm[offset] ?? 0;
    const [size, start] = readLeb128(wasm, offset + 1);
    const end = start + size;
    if (id === 7) {
      const [count, entries] = readLeb128(wasm, start);
      const nameBytes = new TextEncoder().encode(name);
      const payload = [
        ...leb128(count + 1),
        ...wasm.subarray(entries, end),
        ...leb128(nameBytes.length),
        ...nameBytes,
        0x00, // export kind: function
        ...leb128(index),
      ];
      out.push(id, ...leb128(payload.length), ...payload);
    } else {
      out.push(...wasm.subarray(offset, end));
    }
    offset = end;
  }
  return Uint8Array.from(out);
}

async function instantiateWithCtx(): Promise<CtxExports> {
  const shipped = await readFile(new URL(import.meta.resolve('@phi-ag/argon2/argon2.wasm')));
  const patched = withFunctionExport(new Uint8Array(shipped), 'argon2_ctx', ARGON2_CTX_FUNCTION);
  const instance = new WebAssembly.Instance(await WebAssembly.compile(patched), {});
  const exports = instance.exports as unknown as CtxExports;
  exports._initialize();
  return exports;
}

interface Vector {
  password: Uint8Array;
  salt: Uint8Array;
  secret: Uint8Array;
  ad: Uint8Array;
  m: number;
  t: number;
  p: number;
}

/** argon2id through argon2_ctx(), laying out phc-winner-argon2's argon2_context for wasm32. */
function argon2idCtx(wasm: CtxExports, vector: Vector): Uint8Array {
  const copy = (bytes: Uint8Array): number => {
    const pointer = wasm.malloc(Math.max(bytes.length, 1));
    new Uint8Array(wasm.memory.buffer).set(bytes, pointer);
    return pointer;
  };
  const out = copy(new Uint8Array(32));
  // struct Argon2_Context (argon2.h) in wasm32: each field a 4-byte pointer or uint32_t, in this order.
  const context = {
    out,
    outlen: 32,
    pwd: copy(vector.password),
    pwdlen: vector.password.length,
    salt: copy(vector.salt),
    saltlen: vector.salt.length,
    secret: copy(vector.secret),
    secretlen: vector.secret.length,
    ad: copy(vector.ad),
    adlen: vector.ad.length,
    t_cost: vector.t,
    m_cost: vector.m,
    lanes: vector.p,
    threads: vector.p,
    version: VERSION_13,
    allocate_cbk: 0, // null: use malloc
    free_cbk: 0, // null: use free
    flags: 0, // ARGON2_DEFAULT_FLAGS
  };
  const fields = Object.values(context);
  const pointer = wasm.malloc(fields.length * 4);
  const view = new DataView(wasm.memory.buffer);
  for (const [i, value] of fields.entries()) view.setUint32(pointer + 4 * i, value, true);
  const code = wasm.argon2_ctx(pointer, ARGON2ID);
  if (code !== 0) throw new Error(`argon2_ctx returned ${code}`);
  return new Uint8Array(wasm.memory.buffer, out, 32).slice();
}

describe('the @phi-ag/argon2 wasm against RFC 9106', () => {
  it(`finds argon2_ctx at function ${ARGON2_CTX_FUNCTION}: without secret or data it agrees with argon2_hash`, async () => {
    const wasm = await instantiateWithCtx();
    const vector = {
      password: new TextEncoder().encode('password'),
      salt: new TextEncoder().encode('somesalt'),
      secret: new Uint8Array(0),
      ad: new Uint8Array(0),
      m: 256,
      t: 2,
      p: 2,
    };
    // phc-winner-argon2's test vector for these inputs, which argon2_hash reproduces in wasm-argon2id.test.ts.
    expect(argon2idCtx(wasm, vector)).toEqual(
      Uint8Array.from(atob('bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc='), (c) => c.charCodeAt(0)),
    );
  });

  it('reproduces the §5.3 argon2id tag, secret and associated data included', async () => {
    const wasm = await instantiateWithCtx();
    const tag = argon2idCtx(wasm, {
      password: new Uint8Array(32).fill(0x01),
      salt: new Uint8Array(16).fill(0x02),
      secret: new Uint8Array(8).fill(0x03),
      ad: new Uint8Array(12).fill(0x04),
      m: 32,
      t: 3,
      p: 4,
    });
    expect(tag).toEqual(hexToBytes('0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659'));
  });
});
