import { describe, expect, it } from 'vitest';
import { productionConfig } from '../../test/limits-test-app.ts';
import { backoffRungs } from './login-limiters.ts';

describe('backoffRungs', () => {
  it('doubles the window for each failure past the free ones, below the lockout', () => {
    expect(backoffRungs(productionConfig)).toEqual([
      { max: 5, windowSeconds: 60 },
      { max: 6, windowSeconds: 120 },
      { max: 7, windowSeconds: 240 },
      { max: 8, windowSeconds: 480 },
    ]);
  });

  it('stops where a window would be as long as the lockout’s, and is empty when backoff starts at the lockout', () => {
    expect(backoffRungs({ ...productionConfig, LOGIN_BACKOFF_BASE_SECONDS: 300 })).toEqual([
      { max: 5, windowSeconds: 300 },
      { max: 6, windowSeconds: 600 },
    ]);
    expect(backoffRungs({ ...productionConfig, LOGIN_BACKOFF_AFTER_FAILURES: 10 })).toEqual([]);
  });
});
