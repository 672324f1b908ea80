import { afterEach, describe, expect, it, vi } from 'vitest';
import { withTabLock } from './with-tab-lock.ts';

/** A minimal Web Locks stand-in: one holder per name, the rest queue; `signal` aborts a wait. */
function fakeLocks() {
  const queues = new Map<string, Promise<unknown>>();
  return {
    request<T>(name: string, options: { signal?: AbortSignal }, task: () => Promise<T>): Promise<T> {
      const previous = queues.get(name) ?? Promise.resolve();
      const waiting = new Promise<void>((resolve, reject) => {
        void previous.finally(() => resolve());
        options.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
      const run = waiting.then(task);
      queues.set(
        name,
        run.catch(() => {}),
      );
      return run;
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('withTabLock', () => {
  it('runs one task at a time', async () => {
    vi.stubGlobal('navigator', { locks: fakeLocks() });
    const order: string[] = [];
    const task = (name: string) => async () => {
      order.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(`${name} end`);
    };
    await Promise.all([withTabLock('refresh', 1000, task('a')), withTabLock('refresh', 1000, task('b'))]);
    expect(order).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('stops waiting after the timeout and runs the task anyway', async () => {
    vi.stubGlobal('navigator', { locks: fakeLocks() });
    let releaseHolder = () => {};
    const held = withTabLock('refresh', 1000, () => new Promise<void>((resolve) => (releaseHolder = resolve)));
    await expect(withTabLock('refresh', 20, async () => 'ran without the lock')).resolves.toBe('ran without the lock');
    releaseHolder();
    await held;
  });

  it('passes on a failure of the task itself', async () => {
    vi.stubGlobal('navigator', { locks: fakeLocks() });
    await expect(
      withTabLock('refresh', 1000, async () => {
        throw new Error('refresh failed');
      }),
    ).rejects.toThrow('refresh failed');
  });

  it('runs the task directly where Web Locks do not exist', async () => {
    vi.stubGlobal('navigator', {});
    await expect(withTabLock('refresh', 1000, async () => 42)).resolves.toBe(42);
  });
});
