#!/usr/bin/env node
import { startRedisHttp } from './start-redis-http.ts';

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

const server = await startRedisHttp({ redisUrl: process.env.REDIS_URL || undefined, token, port }).catch(
  (error: unknown) => {
    console.error(`redis-http: could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
