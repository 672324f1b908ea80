import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAction } from './use-action.ts';
import { useToasts } from './use-toasts.ts';

/** A promise the test settles when it wants to. */
function deferred(): { promise: Promise<void>; resolve(): void; reject(error: unknown): void } {
  let resolve = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** What ofetch throws when the API answers 429 with a Retry-After. */
const rateLimited = {
  status: 429,
  data: { code: 'RATE_LIMITED', status: 429, title: 'Too Many Requests', type: 'about:blank' },
  response: { headers: new Headers({ 'Retry-After': '30' }) },
};

beforeEach(() => setActivePinia(createPinia()));

const messages = () => useToasts().toasts.map(({ message, kind }) => ({ message, kind }));

describe('useAction', () => {
  it('marks the item busy while the action runs, then says it is done', async () => {
    const { busy, run } = useAction();
    const action = deferred();

    const running = run('post-1', () => action.promise, 'Post deleted.');
    expect(busy.value).toBe('post-1');
    expect(messages()).toEqual([]);
    action.resolve();

    await expect(running).resolves.toBe(true);
    expect(busy.value).toBeNull();
    expect(messages()).toEqual([{ message: 'Post deleted.', kind: 'success' }]);
  });

  it('turns a failure into the API’s message, as an error toast, and never rejects', async () => {
    const { busy, error, run } = useAction();

    await expect(run('post-1', () => Promise.reject(rateLimited), 'Post deleted.')).resolves.toBe(false);

    expect(busy.value).toBeNull();
    expect(error.value).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 30 });
    expect(messages()).toEqual([{ message: 'Too many attempts. Try again in 30 seconds.', kind: 'error' }]);
  });

  it('maps a failure that never reached the API, too', async () => {
    const { error, run } = useAction();
    await run('all', () => Promise.reject(new TypeError('Failed to fetch')));
    expect(error.value?.code).toBe('NETWORK_ERROR');
  });

  it('leaves the failure to the page when told not to toast it, and forgets it on the next run', async () => {
    const { error, run } = useAction({ toastErrors: false });

    await run('resend', () => Promise.reject(rateLimited));
    expect(error.value?.code).toBe('RATE_LIMITED');
    expect(messages()).toEqual([]);

    const again = deferred();
    const running = run('resend', () => again.promise);
    expect(error.value).toBeNull();
    again.resolve();
    await running;
    expect(messages()).toEqual([]);
  });
});
