/** Argon2id cost parameters, named as in RFC 9106 §3.1 (m, t, p). */
export interface Argon2idParams {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** OWASP Password Storage Cheat Sheet's minimum for argon2id. */
export const DEFAULT_ARGON2ID_PARAMS: Argon2idParams = Object.freeze({
  memoryKiB: 19_456,
  iterations: 2,
  parallelism: 1,
});

/**
 * Upper bounds for parameters we will compute with, configured or read back from storage. wasm memory
 * only grows, and a Workers isolate has 128 MB: one verify of a stored `m=4194304` would kill the
 * isolate, and a huge `t` would hold it until the CPU limit. 64 MiB leaves room to raise the default.
 */
export const ARGON2ID_LIMITS = Object.freeze({ maxMemoryKiB: 65_536, maxIterations: 16, maxParallelism: 16 });

/** What is wrong with `params`, or null when argon2id can run with them within our limits. */
export function argon2idParamsProblem(params: Argon2idParams): string | null {
  const { memoryKiB, iterations, parallelism } = params;
  if (![memoryKiB, iterations, parallelism].every(Number.isSafeInteger)) return 'parameters must be integers';
  if (parallelism < 1 || parallelism > ARGON2ID_LIMITS.maxParallelism) {
    return `parallelism ${parallelism} is outside 1..${ARGON2ID_LIMITS.maxParallelism}`;
  }
  if (iterations < 1 || iterations > ARGON2ID_LIMITS.maxIterations) {
    return `iterations ${iterations} is outside 1..${ARGON2ID_LIMITS.maxIterations}`;
  }
  // RFC 9106 §3.1: m is at least 8p KiB.
  if (memoryKiB < 8 * parallelism || memoryKiB > ARGON2ID_LIMITS.maxMemoryKiB) {
    return `memoryKiB ${memoryKiB} is outside ${8 * parallelism}..${ARGON2ID_LIMITS.maxMemoryKiB}`;
  }
  return null;
}
