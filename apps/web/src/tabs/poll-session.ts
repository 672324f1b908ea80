/** How often a visible tab asks whether its permissions or session changed. */
export const SESSION_POLL_MS = 5_000;

/**
 * While the tab is visible, runs `check` every `intervalMs` (and at once when the tab comes back
 * into view), so a change made elsewhere — a promotion, a demotion, a block, a sign-out on another
 * device — reaches an idle page within seconds. A hidden tab does not poll: it checks when it is
 * shown again. `check` must not throw; `active` says whether there is a session to check.
 */
export function pollSession(
  check: () => Promise<void>,
  active: () => boolean,
  intervalMs = SESSION_POLL_MS,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;

  const visible = () => document.visibilityState === 'visible';

  async function tick(): Promise<void> {
    clearTimeout(timer);
    if (!running && visible() && active()) {
      running = true;
      try {
        await check();
      } finally {
        running = false;
      }
    }
    if (visible()) timer = setTimeout(() => void tick(), intervalMs);
  }

  const onVisibility = () => {
    if (visible()) void tick();
    else clearTimeout(timer);
  };
  document.addEventListener('visibilitychange', onVisibility);
  timer = setTimeout(() => void tick(), intervalMs);

  return () => {
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
