/** What one tab tells the others. Never a token: those stay in the memory of the tab that got them. */
export type TabMessage =
  | { type: 'signed-out' }
  | { type: 'signed-in'; userId: string }
  | { type: 'permissions-changed'; version: string }
  /** The user's own details changed (an email verified): reload who-am-I. */
  | { type: 'profile-changed' };

export interface TabChannel {
  post(message: TabMessage): void;
  close(): void;
}

const CHANNEL = 'portcullis-auth';

function isTabMessage(value: unknown): value is TabMessage {
  if (typeof value !== 'object' || value === null) return false;
  const { type } = value as { type?: unknown };
  return type === 'signed-out' || type === 'signed-in' || type === 'permissions-changed' || type === 'profile-changed';
}

/**
 * A BroadcastChannel between the tabs of this origin. Where BroadcastChannel does not exist the
 * tabs simply do not hear each other, and each finds out on its next request (a 401 whose refresh
 * fails) — slower, never wrong.
 */
export function openTabChannel(onMessage: (message: TabMessage) => void): TabChannel {
  if (typeof BroadcastChannel === 'undefined') return { post: () => {}, close: () => {} };
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    if (isTabMessage(event.data)) onMessage(event.data);
  };
  return {
    post: (message) => channel.postMessage(message),
    close: () => channel.close(),
  };
}
