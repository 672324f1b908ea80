export { createRestStore, type RestStoreOptions } from './rest-store.ts';
export { type Command, defineScript, type RedisArg, type Reply, type Script, type Store } from './store.ts';
export { StoreCommandError, StoreUnavailableError } from './store-errors.ts';
