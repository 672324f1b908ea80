#!/usr/bin/env node
import { type RedisHttpServer, startRedisHttp } from './start-redis-http.ts';

const token = process.env.REDIS_HTTP_TOKEN;
if (!token) {
  console.error('redis-http: set REDIS_HTTP_TOKEN to the bearer token clients must send (any random string).');
  process.exit(1);
}
const port = Number(process.env.REDIS_HTTP_PORT ?? 8079);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`redis-http: REDIS_HTTP_PORT must be a port number, got "${process.env.REDIS_HTTP_PORT}".`);
  process.exit(1);
}

// Handlers go in before start-up: a signal that arrives right after the "listening" line would
// otherwise meet the default action and kill the process with a signal instead of exit code 0.
let server: RedisHttpServer | undefined;
const stop = async (): Promise<void> => {
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  await server?.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

server = await startRedisHttp({ redisUrl: process.env.REDIS_URL || undefined, token, port }).catch((error: unknown) => {
  console.error(`redis-http: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
