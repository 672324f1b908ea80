import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pollSession } from './poll-session.ts';

let visibility: DocumentVisibilityState = 'visible';

beforeEach(() => {
  vi.useFakeTimers({ now: Date.now() });
  visibility = 'visible';
  vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function setVisibility(state: DocumentVisibilityState): void {
  visibility = state;
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('pollSession', () => {
  it('checks every interval while the tab is visible and signed in', async () => {
    const check = vi.fn(async () => {});
    const stop = pollSession(check, () => true, 1_000);
    expect(check).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(check).toHaveBeenCalledTimes(3);
    stop();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(check).toHaveBeenCalledTimes(3);
  });

  it('stops while hidden and checks at once when shown again', async () => {
    const check = vi.fn(async () => {});
    const stop = pollSession(check, () => true, 1_000);
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(check).not.toHaveBeenCalled();
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(check).toHaveBeenCalledTimes(1);
    stop();
  });

  it('does not check without a session', async () => {
    const check = vi.fn(async () => {});
    const stop = pollSession(check, () => false, 1_000);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(check).not.toHaveBeenCalled();
    stop();
  });
});
