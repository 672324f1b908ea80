export type { RedisHttpOptions, RedisHttpServer } from './start-redis-http.ts';
export { startRedisHttp } from './start-redis-http.ts';
