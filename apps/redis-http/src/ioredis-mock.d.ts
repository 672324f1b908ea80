// ioredis-mock ships no types of its own, and @types/ioredis-mock drags in all of ioredis. The
// bridge calls commands by name, so a name-indexed view is all it needs; values are narrowed at use.
declare module 'ioredis-mock' {
  export default class RedisMock {
    constructor(options?: { host?: string; port?: number; lazyConnect?: boolean });
    [name: string]: unknown;
  }
}
