import RedisMock from 'ioredis-mock';
import { isServed } from './commands.ts';

/** The part of ioredis-mock the bridge uses: each command is a method named in lower case. */
export interface Mock {
  command(name: string, args: readonly string[]): Promise<unknown>;
  close(): Promise<void>;
}

/** A fresh, empty in-memory store. */
export function createMock(): Mock {
  // ioredis-mock shares data between instances created with the same host:port/db, as if they
  // were connections to one server; a unique host gives every bridge its own store.
  const mock = new RedisMock({ host: `embedded-${crypto.randomUUID()}`, lazyConnect: false });
  return {
    async command(name, args) {
      // Only names from the bridge's own table get here, never one of the mock's other methods.
      if (!isServed(name)) throw new Error(`the embedded backend does not serve ${name}`);
      return await callMethod(mock, name.toLowerCase(), args);
    },
    async close() {
      // The store lives in a module-level registry of ioredis-mock; empty it so it can be collected.
      await callMethod(mock, 'flushall', []);
      await callMethod(mock, 'disconnect', []);
    },
  };
}

function callMethod(mock: RedisMock, name: string, args: readonly unknown[]): unknown {
  const method = mock[name];
  if (typeof method !== 'function') throw new Error(`ioredis-mock has no method ${name}()`);
  const result: unknown = Reflect.apply(method, mock, args);
  return result;
}
