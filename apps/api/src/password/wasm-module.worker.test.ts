import { describe, expect, it } from 'vitest';
import { argon2WasmModule } from './wasm-module.worker.ts';

describe('the Workers-side wasm module', () => {
  it('arrives compiled through the static .wasm import, exporting the argon2 C API', () => {
    expect(argon2WasmModule).toBeInstanceOf(WebAssembly.Module);
    const exported = WebAssembly.Module.exports(argon2WasmModule).map((entry) => entry.name);
    expect(exported).toEqual(expect.arrayContaining(['memory', 'malloc', 'free', 'argon2_hash']));
  });

  it('is needed because workerd refuses to compile wasm at run time', async () => {
    // The smallest valid module: magic number and version, no sections.
    const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    await expect(WebAssembly.compile(empty)).rejects.toThrow();
  });
});
