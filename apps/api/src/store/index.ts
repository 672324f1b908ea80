export { defineScript } from './define-script.ts';
export { createRestStore, type RestStoreOptions } from './rest-store.ts';
export type { Command, RedisArg, Reply, Script, Store } from './store.ts';
export { StoreCommandError, StoreUnavailableError } from './store-errors.ts';
