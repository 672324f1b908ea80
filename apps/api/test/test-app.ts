import { env } from 'cloudflare:workers';
import { createApp } from '../src/app.ts';
import type { Deps } from '../src/app-env.ts';
import { depsFromEnv } from '../src/deps-from-env.ts';
import { createArgon2idHasher } from '../src/password/argon2id-hasher.ts';
import { argon2WasmModule } from '../src/password/wasm-module.worker.ts';

/** The production hasher at production parameters: tests pay the real cost, as users do. */
const hasher = createArgon2idHasher({ module: argon2WasmModule });

/**
 * A clock tests move by hand: no sleeping, no flaky timing. It starts from the real time, never a
 * calendar date: a clock pinned to a date drifts into the past as the calendar moves on.
 */
export function manualClock(start = Date.now()): { now: () => number; advance: (ms: number) => void } {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

/** The real app on the real test Redis, with any dependency swapped out and any setting changed. */
export function testApp(overrides: Partial<Deps> = {}, settings: Record<string, string> = {}) {
  const deps = { ...depsFromEnv({ ...env, ...settings }, { hasher }), ...overrides };
  const app = createApp(deps);
  const request = (path: string, init?: RequestInit) => app.request(`http://portcullis.test${path}`, init, env);
  return { app, deps, request };
}
