import { type Ref, ref, type ShallowRef, shallowRef } from 'vue';
import { type ApiProblem, toApiProblem } from '../api/api-problem.ts';
import { useToasts } from './use-toasts.ts';

export interface Action {
  /** What the running action is about (an item's id, or a name like `'all'`); null when idle. */
  busy: Readonly<Ref<string | null>>;
  /** Why the last run failed, in the API's words; cleared when the next run starts. */
  error: Readonly<ShallowRef<ApiProblem | null>>;
  /**
   * Runs `action`, marked busy under `key` meanwhile. Toasts `done` when it succeeds and the
   * problem's message when it fails; resolves whether it succeeded and never rejects.
   */
  run(key: string, action: () => Promise<unknown>, done?: string): Promise<boolean>;
}

export interface ActionOptions {
  /** False where the page shows `error` next to the button itself. */
  toastErrors?: boolean;
}

/**
 * A button's action on the API — sign out a device, remove a member, delete a post: which item is
 * busy (to disable its buttons), a toast that says what happened, and the failure mapped once.
 *
 * @example
 * const { busy, run } = useAction()
 * const remove = (post: Post) => run(post.id, () => deletePost(orgId.value, post.id), 'Post deleted.')
 */
export function useAction({ toastErrors = true }: ActionOptions = {}): Action {
  const toasts = useToasts();
  const busy = ref<string | null>(null);
  const error = shallowRef<ApiProblem | null>(null);

  async function run(key: string, action: () => Promise<unknown>, done?: string): Promise<boolean> {
    busy.value = key;
    error.value = null;
    try {
      await action();
      if (done) toasts.notify(done);
      return true;
    } catch (failure) {
      const problem = toApiProblem(failure);
      error.value = problem;
      if (toastErrors) toasts.notify(problem.message, 'error');
      return false;
    } finally {
      busy.value = null;
    }
  }

  return { busy, error, run };
}
