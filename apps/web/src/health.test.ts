import { describe, expect, it } from 'vitest';
import { fetchHealth } from './health.ts';

describe('fetchHealth', () => {
  it('reports ok only for a 2xx answer', async () => {
    expect(await fetchHealth(async () => new Response('{"status":"ok"}'))).toBe('ok');
    expect(await fetchHealth(async () => new Response('{}', { status: 503 }))).toBe('down');
  });

  it('reports down when the network fails', async () => {
    expect(
      await fetchHealth(async () => {
        throw new TypeError('fetch failed');
      }),
    ).toBe('down');
  });
});
