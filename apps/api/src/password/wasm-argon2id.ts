import type { Argon2idInput, Argon2idKernel } from './argon2id-kernel.ts';

/** The C API of the `@phi-ag/argon2` build (phc-winner-argon2 compiled with emscripten). */
interface Argon2Exports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(pointer: number): void;
  argon2_hash(
    t: number,
    m: number,
    p: number,
    password: number,
    passwordLength: number,
    salt: number,
    saltLength: number,
    hash: number,
    hashLength: number,
    encoded: number,
    encodedLength: number,
    type: number,
    version: number,
  ): number;
  argon2_error_message(code: number): number;
}

const ARGON2ID = 2;
const VERSION_13 = 0x13;

// One instance per module per isolate or process. The wasm heap grows to m KiB on the first hash and
// never shrinks, so an instance per call (or per hasher) would multiply that in a 128 MB isolate.
// Sharing is safe: argon2_hash runs synchronously, so two requests never interleave inside it.
const instances = new WeakMap<WebAssembly.Module, Promise<Argon2Exports>>();

/**
 * Raw argon2id from `@phi-ag/argon2`'s wasm, given already compiled (see `wasm-module.*.ts`). We call
 * the C exports ourselves rather than the package's `Argon2` class: 0.5.28 passes `password.length`
 * (UTF-16 code units) as the byte length of the UTF-8 password, which truncates any non-ASCII
 * password — `'é'` and `'Ã'` get the same hash.
 */
export function createWasmArgon2id(module: WebAssembly.Module): Argon2idKernel {
  return async (input) => hashWith(await instantiate(module), input);
}

function instantiate(module: WebAssembly.Module): Promise<Argon2Exports> {
  let wasm = instances.get(module);
  if (!wasm) {
    // instantiate(Module) is allowed on Workers; only compiling bytes at run time is not.
    wasm = WebAssembly.instantiate(module, {}).then(readExports);
    instances.set(module, wasm);
  }
  return wasm;
}

function readExports(instance: WebAssembly.Instance): Argon2Exports {
  const exports = instance.exports;
  const memory = exports.memory;
  if (!(memory instanceof WebAssembly.Memory)) throw new Error('argon2.wasm exports no memory');
  // wasm exports are untyped at this boundary; the reference vectors in the tests pin the signatures.
  const fn = <T>(name: string): T => {
    const value = exports[name];
    if (typeof value !== 'function') throw new Error(`argon2.wasm exports no ${name}(): not the expected build`);
    return value as T;
  };
  // emscripten's reactor entry: runs the C constructors once before any other call.
  fn<() => void>('_initialize')();
  return {
    memory,
    malloc: fn('malloc'),
    free: fn('free'),
    argon2_hash: fn('argon2_hash'),
    argon2_error_message: fn('argon2_error_message'),
  };
}

function hashWith(wasm: Argon2Exports, { password, salt, params, hashLength }: Argon2idInput): Uint8Array {
  const allocations: { pointer: number; size: number }[] = [];
  const copyIn = (bytes: Uint8Array): number => {
    const pointer = allocate(wasm, bytes.length);
    allocations.push({ pointer, size: bytes.length });
    new Uint8Array(wasm.memory.buffer).set(bytes, pointer);
    return pointer;
  };
  try {
    const passwordPointer = copyIn(password);
    const saltPointer = copyIn(salt);
    const hashPointer = copyIn(new Uint8Array(hashLength));
    const code = wasm.argon2_hash(
      params.iterations,
      params.memoryKiB,
      params.parallelism,
      passwordPointer,
      password.length,
      saltPointer,
      salt.length,
      hashPointer,
      hashLength,
      0, // no encoded string: we write the PHC string ourselves
      0,
      ARGON2ID,
      VERSION_13,
    );
    if (code !== 0) throw new Error(`argon2id failed: ${readCString(wasm, wasm.argon2_error_message(code))}`);
    // Read memory.buffer afresh: growing the memory during the hash detached the old one.
    return new Uint8Array(wasm.memory.buffer, hashPointer, hashLength).slice();
  } finally {
    // The heap outlives the call; do not leave the password or its hash lying in freed memory.
    const heap = new Uint8Array(wasm.memory.buffer);
    for (const { pointer, size } of allocations) {
      heap.fill(0, pointer, pointer + size);
      wasm.free(pointer);
    }
  }
}

function allocate(wasm: Argon2Exports, size: number): number {
  // malloc(0) may return null; ask for a byte so an empty input still gets a valid pointer.
  const pointer = wasm.malloc(Math.max(size, 1));
  if (pointer === 0) throw new Error(`argon2.wasm could not allocate ${size} bytes`);
  return pointer;
}

function readCString(wasm: Argon2Exports, pointer: number): string {
  const heap = new Uint8Array(wasm.memory.buffer);
  let end = pointer;
  while (end < heap.length && heap[end] !== 0) end++;
  return new TextDecoder().decode(heap.subarray(pointer, end));
}
