/**
 * Runs `task` while holding a Web Lock shared by every tab of this origin, so that tabs refresh one
 * at a time instead of racing each other with the same cookie.
 *
 * Waiting is bounded: a tab frozen while holding the lock (a suspended laptop, a paused debugger)
 * must not block the others forever. After `timeoutMs`, or where Web Locks do not exist, `task`
 * runs without the lock — the API treats the previous refresh token, presented within its grace
 * window, as a benign race, so the fallback costs a rotation, not a session.
 */
export async function withTabLock<T>(name: string, timeoutMs: number, task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks?.request) return task();
  let started = false;
  try {
    return await locks.request(name, { signal: AbortSignal.timeout(timeoutMs) }, () => {
      started = true;
      return task();
    });
  } catch (error) {
    // Only a timed-out wait falls back; a failure of the task itself is the caller's to handle.
    if (started) throw error;
    return task();
  }
}
