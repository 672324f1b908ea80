import { getCurrentScope, onScopeDispose } from 'vue';

const dirtyChecks = new Set<() => boolean>();

/**
 * Registers a form's "has the person typed something not yet saved?" for as long as the calling
 * component lives. Used when permissions change under an open page (router/follow-session.ts): a
 * page with typed input is not swapped for the 403 page, which would throw the input away.
 */
export function trackUnsavedInput(isDirty: () => boolean): void {
  dirtyChecks.add(isDirty);
  if (getCurrentScope()) onScopeDispose(() => dirtyChecks.delete(isDirty));
}

export function hasUnsavedInput(): boolean {
  for (const isDirty of dirtyChecks) if (isDirty()) return true;
  return false;
}
