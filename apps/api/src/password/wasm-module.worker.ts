import argon2Wasm from '@phi-ag/argon2/argon2.wasm';

/**
 * argon2's wasm, compiled when the Worker is built. Workers forbid compiling wasm at run time
 * (`WebAssembly.compile`/`instantiate` of bytes fail: code generation is disallowed), so the file is
 * imported as a module: wrangler bundles it and workerd hands us a WebAssembly.Module.
 */
export const argon2WasmModule: WebAssembly.Module = argon2Wasm;
