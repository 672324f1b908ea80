import type { Store } from '../src/store/store.ts';

/**
 * A store whose target can be swapped at run time — lets tests cut Redis off mid-run and bring it
 * back, as an outage would, without restarting the app.
 */
export function switchableStore(initial: Store): Store & { switchTo(next: Store): void } {
  let current = initial;
  return {
    get driver() {
      return current.driver;
    },
    send: (command) => current.send(command),
    batch: (commands) => current.batch(commands),
    run: (script, keys, args) => current.run(script, keys, args),
    ping: () => current.ping(),
    close: () => current.close(),
    switchTo(next) {
      current = next;
    },
  };
}
