import { onScopeDispose } from 'vue';

/**
 * Counts a wait down once a second — a lockout's Retry-After — calling `tick` with the seconds
 * left (0 at the end, then it stops). Starting again replaces the count; it ends with its scope.
 */
export function useCountdown(tick: (secondsLeft: number) => void): { start(seconds: number): void; stop(): void } {
  let timer: ReturnType<typeof setInterval> | undefined;
  const stop = () => clearInterval(timer);

  function start(seconds: number): void {
    stop();
    const endsAt = Date.now() + seconds * 1000;
    tick(seconds);
    timer = setInterval(() => {
      const left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
      tick(left);
      if (left === 0) stop();
    }, 1000);
  }

  onScopeDispose(stop);
  return { start, stop };
}
