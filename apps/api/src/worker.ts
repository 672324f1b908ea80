import { type App, createApp } from './app.ts';
import { depsFromEnv } from './deps-from-env.ts';
import { createArgon2idHasher } from './password/argon2id-hasher.ts';
import { argon2WasmModule } from './password/wasm-module.worker.ts';

export interface WorkerBindings {
  ASSETS?: { fetch(request: Request): Promise<Response> };
  [name: string]: unknown;
}

// One app per isolate: bindings do not change between requests, and building the store, parsing
// config and importing keys on every request would be waste.
let cached: { env: WorkerBindings; app: App } | undefined;

export default {
  fetch(request: Request, env: WorkerBindings, ctx: ExecutionContext): Response | Promise<Response> {
    if (cached?.env !== env) {
      cached = {
        env,
        app: createApp(depsFromEnv(env, { hasher: createArgon2idHasher({ module: argon2WasmModule }) })),
      };
    }
    return cached.app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<WorkerBindings>;
