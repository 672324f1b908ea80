import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createArgon2idHasher } from './argon2id-hasher.ts';
import { loadArgon2WasmModule } from './wasm-module.node.ts';

const apiDir = fileURLToPath(new URL('../..', import.meta.url));

describe('the Node/Deno-side wasm module', () => {
  it('compiles the installed package’s argon2.wasm once per process', async () => {
    const module = await loadArgon2WasmModule();
    expect(module).toBeInstanceOf(WebAssembly.Module);
    expect(WebAssembly.Module.exports(module).map((entry) => entry.name)).toContain('argon2_hash');
    expect(await loadArgon2WasmModule()).toBe(module);
  });

  it('hashes and verifies under Node at the OWASP default', async () => {
    const hasher = createArgon2idHasher({ module: await loadArgon2WasmModule() });
    const stored = await hasher.hash('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(stored, 'correct horse battery staple')).toEqual({ valid: true, needsRehash: false });
    expect(await hasher.verify(stored, 'wrong')).toEqual({ valid: false, needsRehash: false });
  });

  it('hashes and verifies under Deno, with only read permission', async () => {
    const script = `
      import { createArgon2idHasher } from './src/password/argon2id-hasher.ts';
      import { loadArgon2WasmModule } from './src/password/wasm-module.node.ts';
      const hasher = createArgon2idHasher({ module: await loadArgon2WasmModule() });
      const stored = await hasher.hash('pässwörd');
      console.log(JSON.stringify({ stored, right: await hasher.verify(stored, 'pässwörd'), wrong: await hasher.verify(stored, 'password') }));
    `;
    // The package ships the real binary; run it directly rather than through the .bin shim.
    const deno = `${apiDir}node_modules/deno/deno`;
    const { stdout } = await promisify(execFile)(deno, ['eval', '--ext=ts', '--no-prompt', script], {
      cwd: apiDir,
      env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
    });
    const result = JSON.parse(stdout);
    expect(result.stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(result.right).toEqual({ valid: true, needsRehash: false });
    expect(result.wrong).toEqual({ valid: false, needsRehash: false });
  });
});
