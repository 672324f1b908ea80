import type { RequestIdVariables } from 'hono/request-id';
import type { Config } from './config/config.ts';
import type { Store } from './store/store.ts';

/** What every request handler can reach; built once per isolate/process by an entry. */
export interface Deps {
  config: Config;
  store: Store;
  /** Milliseconds since the epoch. Injected so tests move time instead of sleeping. */
  now: () => number;
}

export interface AppEnv {
  Variables: RequestIdVariables & { deps: Deps };
}
