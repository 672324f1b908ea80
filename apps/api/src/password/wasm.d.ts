// wrangler (esbuild) and the workers vitest pool load an imported `.wasm` file as a compiled
// WebAssembly.Module (the CompiledWasm module rule); see wasm-module.worker.ts.
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
