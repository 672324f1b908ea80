import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { freePort } from './free-port.ts';
import { redisAnswers } from './redis-probe.ts';

export interface LocalRedis {
  url: string;
  /** Where it came from, for the log line. */
  source: 'REDIS_URL' | 'default port' | 'started redis-server';
  stop(): Promise<void>;
}

/**
 * A real Redis for the tests: REDIS_URL, else one on 127.0.0.1:6379, else a throwaway
 * `redis-server` when one is installed. Tests never silently fall back to the in-memory store:
 * Lua and option handling differ in small ways that matter for security code.
 */
export async function findOrStartRedis(): Promise<LocalRedis> {
  const nothing = async () => {};
  if (process.env.REDIS_URL) {
    if (!(await redisAnswers(process.env.REDIS_URL)))
      throw new Error(`REDIS_URL=${process.env.REDIS_URL} does not answer PING.`);
    return { url: process.env.REDIS_URL, source: 'REDIS_URL', stop: nothing };
  }
  const defaultUrl = 'redis://127.0.0.1:6379';
  if (await redisAnswers(defaultUrl)) return { url: defaultUrl, source: 'default port', stop: nothing };

  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      'The tests need a real Redis: set REDIS_URL, start one on 127.0.0.1:6379, or install redis-server (apt-get install -y redis-server).',
    );
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50 && !(await redisAnswers(url)); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    source: 'started redis-server',
    stop: async () => {
      child.kill('SIGTERM');
    },
  };
}
