import { readFile } from 'node:fs/promises';

let compiled: Promise<WebAssembly.Module> | undefined;

/**
 * argon2's wasm for Node and Deno, which may compile at run time: read from the installed package
 * (resolved through its exports map, so it is the pinned version's file) and compiled once per
 * process — the hasher keeps one instance per module, so one module means one wasm heap.
 */
export function loadArgon2WasmModule(): Promise<WebAssembly.Module> {
  compiled ??= readFile(new URL(import.meta.resolve('@phi-ag/argon2/argon2.wasm'))).then((bytes) =>
    WebAssembly.compile(bytes),
  );
  return compiled;
}
