import { onBeforeUnmount, type Ref, ref, type ShallowRef, shallowRef } from 'vue';
import { type ApiProblem, toApiProblem } from '../api/api-problem.ts';

export interface Loader<T> {
  data: ShallowRef<T | null>;
  error: ShallowRef<ApiProblem | null>;
  loading: Ref<boolean>;
  reload(): Promise<void>;
}

/**
 * Loading / loaded / failed state of one request, for the page's loading, empty and error views.
 * A reload cancels the previous request, so a slow answer for the org you just left never
 * overwrites the one you are looking at.
 */
export function useLoader<T>(load: (signal: AbortSignal) => Promise<T>): Loader<T> {
  const data = shallowRef<T | null>(null);
  const error = shallowRef<ApiProblem | null>(null);
  const loading = ref(false);
  let controller: AbortController | null = null;

  async function reload(): Promise<void> {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    loading.value = true;
    error.value = null;
    try {
      const result = await load(current.signal);
      if (!current.signal.aborted) data.value = result;
    } catch (failure) {
      if (!current.signal.aborted) error.value = toApiProblem(failure);
    } finally {
      if (controller === current) loading.value = false;
    }
  }

  onBeforeUnmount(() => controller?.abort());
  void reload();
  return { data, error, loading, reload };
}
