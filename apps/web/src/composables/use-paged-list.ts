import { onScopeDispose, type Ref, ref, type ShallowRef, shallowRef } from 'vue';
import { type ApiProblem, toApiProblem } from '../api/api-problem.ts';

/** One page as the API answers it; `nextCursor` null (or empty) on the last page. */
export interface Page<T> {
  items: readonly T[];
  nextCursor: string | null;
}

export interface PagedList<T> {
  items: ShallowRef<readonly T[]>;
  /** Where the next page starts; null once the last page is in. */
  nextCursor: Ref<string | null>;
  /** The first page is on its way (at the start, or after `reload()`). */
  loading: Ref<boolean>;
  /** A further page is on its way. */
  loadingMore: Ref<boolean>;
  /** Why the last page failed to load. A failed first page empties the list; a failed further page keeps it. */
  error: ShallowRef<ApiProblem | null>;
  /** Starts again from the first page (after a change, or another search). */
  reload(): Promise<void>;
  /** Appends the next page; does nothing after the last one, or while a page is on its way. */
  loadMore(): Promise<void>;
}

/**
 * A list the API hands out in pages, with "Load more". The first page is asked for with no cursor,
 * each further one with the cursor the previous answer gave. A reload cancels whatever is on its
 * way, so a slow page of the org or search you just left never lands in the one you look at.
 */
export function usePagedList<T>(load: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>): PagedList<T> {
  const items = shallowRef<readonly T[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = shallowRef<ApiProblem | null>(null);
  let controller: AbortController | null = null;

  async function fetchPage(cursor: string | null): Promise<void> {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    loading.value = cursor === null;
    loadingMore.value = cursor !== null;
    error.value = null;
    try {
      const page = await load(cursor, current.signal);
      if (current.signal.aborted) return;
      items.value = cursor === null ? page.items : [...items.value, ...page.items];
      nextCursor.value = page.nextCursor || null;
    } catch (failure) {
      if (current.signal.aborted) return;
      error.value = toApiProblem(failure);
      if (cursor === null) {
        // What was shown belongs to what was asked before (another org, another search).
        items.value = [];
        nextCursor.value = null;
      }
    } finally {
      if (controller === current) {
        loading.value = false;
        loadingMore.value = false;
      }
    }
  }

  async function loadMore(): Promise<void> {
    if (nextCursor.value === null || loading.value || loadingMore.value) return;
    await fetchPage(nextCursor.value);
  }

  onScopeDispose(() => controller?.abort());
  void fetchPage(null);
  return { items, nextCursor, loading, loadingMore, error, reload: () => fetchPage(null), loadMore };
}
