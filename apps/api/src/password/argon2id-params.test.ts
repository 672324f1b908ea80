import { describe, expect, it } from 'vitest';
import { ARGON2ID_LIMITS, argon2idParamsProblem, DEFAULT_ARGON2ID_PARAMS } from './argon2id-params.ts';

describe('argon2idParamsProblem', () => {
  it('accepts the OWASP default and the limits themselves', () => {
    expect(DEFAULT_ARGON2ID_PARAMS).toEqual({ memoryKiB: 19_456, iterations: 2, parallelism: 1 });
    expect(argon2idParamsProblem(DEFAULT_ARGON2ID_PARAMS)).toBeNull();
    const { maxMemoryKiB, maxIterations, maxParallelism } = ARGON2ID_LIMITS;
    expect(
      argon2idParamsProblem({ memoryKiB: maxMemoryKiB, iterations: maxIterations, parallelism: maxParallelism }),
    ).toBeNull();
    expect(argon2idParamsProblem({ memoryKiB: 8, iterations: 1, parallelism: 1 })).toBeNull();
  });

  it.each([
    [{ memoryKiB: 19_456.5, iterations: 2, parallelism: 1 }, /integers/],
    [{ memoryKiB: Number.NaN, iterations: 2, parallelism: 1 }, /integers/],
    [{ memoryKiB: 65_537, iterations: 2, parallelism: 1 }, /memoryKiB 65537/],
    [{ memoryKiB: 4_194_304, iterations: 2, parallelism: 1 }, /memoryKiB/],
    [{ memoryKiB: 15, iterations: 2, parallelism: 2 }, /memoryKiB 15 is outside 16\.\./],
    [{ memoryKiB: 19_456, iterations: 0, parallelism: 1 }, /iterations 0/],
    [{ memoryKiB: 19_456, iterations: 17, parallelism: 1 }, /iterations 17/],
    [{ memoryKiB: 19_456, iterations: 2, parallelism: 0 }, /parallelism 0/],
    [{ memoryKiB: 19_456, iterations: 2, parallelism: 17 }, /parallelism 17/],
  ])('names what is wrong with %j', (params, problem) => {
    expect(argon2idParamsProblem(params)).toMatch(problem);
  });
});
