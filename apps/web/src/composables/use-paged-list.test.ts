import { describe, expect, it } from 'vitest';
import { effectScope } from 'vue';
import { type Page, type PagedList, usePagedList } from './use-paged-list.ts';

interface Call {
  cursor: string | null;
  signal: AbortSignal;
  answer(page: Page<number>): void;
  fail(error: unknown): void;
}

/** A paged list over a fake API whose answers the test gives, call by call. */
function pagedList(): { list: PagedList<number>; calls: Call[]; stop(): void } {
  const calls: Call[] = [];
  const scope = effectScope();
  const list = scope.run(() =>
    usePagedList<number>(
      (cursor, signal) =>
        new Promise((answer, fail) => {
          calls.push({ cursor, signal, answer, fail });
        }),
    ),
  );
  if (!list) throw new Error('no list');
  return { list, calls, stop: () => scope.stop() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const answer = async (call: Call | undefined, page: Page<number>) => {
  if (!call) throw new Error('no call was made');
  call.answer(page);
  await settle();
};

describe('usePagedList', () => {
  it('asks for the first page without a cursor, and shows it', async () => {
    const { list, calls } = pagedList();
    expect(calls.map((call) => call.cursor)).toEqual([null]);
    expect(list.loading.value).toBe(true);

    await answer(calls[0], { items: [1, 2], nextCursor: 'c2' });

    expect(list.items.value).toEqual([1, 2]);
    expect(list.nextCursor.value).toBe('c2');
    expect(list.loading.value).toBe(false);
  });

  it('appends each further page, asked for by the cursor the last one gave, and stops at nextCursor null', async () => {
    const { list, calls } = pagedList();
    await answer(calls[0], { items: [1, 2], nextCursor: 'c2' });

    const more = list.loadMore();
    expect(list.loadingMore.value).toBe(true);
    await answer(calls[1], { items: [3, 4], nextCursor: 'c3' });
    await more;
    const last = list.loadMore();
    await answer(calls[2], { items: [5], nextCursor: null });
    await last;

    expect(calls.map((call) => call.cursor)).toEqual([null, 'c2', 'c3']);
    expect(list.items.value).toEqual([1, 2, 3, 4, 5]);
    expect(list.nextCursor.value).toBeNull();
    expect(list.loadingMore.value).toBe(false);

    await list.loadMore();
    expect(calls).toHaveLength(3);
  });

  it.each([
    ['null', null],
    ['empty', ''],
  ])('offers no more after a first page whose cursor is %s', async (_, cursor) => {
    const { list, calls } = pagedList();
    await answer(calls[0], { items: [1], nextCursor: cursor });

    expect(list.nextCursor.value).toBeNull();
    await list.loadMore();
    expect(calls).toHaveLength(1);
  });

  it('asks for one further page at a time, and none while the first is on its way', async () => {
    const { list, calls } = pagedList();
    void list.loadMore();
    expect(calls).toHaveLength(1);

    await answer(calls[0], { items: [1], nextCursor: 'c2' });
    void list.loadMore();
    void list.loadMore();
    expect(calls).toHaveLength(2);
  });

  it('drops a page that was on its way when the list reloads', async () => {
    const { list, calls } = pagedList();
    await answer(calls[0], { items: [1], nextCursor: 'c2' });
    void list.loadMore();

    void list.reload();
    expect(calls[1]?.signal.aborted).toBe(true);
    await answer(calls[2], { items: [7], nextCursor: null });
    await answer(calls[1], { items: [2], nextCursor: 'c3' });

    expect(list.items.value).toEqual([7]);
    expect(list.nextCursor.value).toBeNull();
    expect(list.loadingMore.value).toBe(false);
  });

  it('keeps what it has when a further page fails, and empties when the first page fails', async () => {
    const { list, calls } = pagedList();
    await answer(calls[0], { items: [1], nextCursor: 'c2' });

    const more = list.loadMore();
    calls[1]?.fail(new TypeError('Failed to fetch'));
    await more;
    expect(list.items.value).toEqual([1]);
    expect(list.nextCursor.value).toBe('c2');
    expect(list.error.value?.code).toBe('NETWORK_ERROR');

    const reload = list.reload();
    expect(list.error.value).toBeNull();
    calls[2]?.fail({ status: 503, data: { code: 'STORE_UNAVAILABLE' } });
    await reload;
    expect(list.items.value).toEqual([]);
    expect(list.nextCursor.value).toBeNull();
    expect(list.error.value?.code).toBe('STORE_UNAVAILABLE');
  });

  it('cancels the page on its way when its page goes away', () => {
    const { calls, stop } = pagedList();
    stop();
    expect(calls[0]?.signal.aborted).toBe(true);
  });
});
