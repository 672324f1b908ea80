import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { freePort } from '../../../scripts/lib/free-port.ts';
import { redisAnswers } from '../../../scripts/lib/redis-probe.ts';

/** A `redis-server` of a test's own, to crash, pause and bring back: never the shared one. */
export interface RedisProcess {
  url: string;
  /** SIGKILL, as a crash: what was written survives (append-only file, fsync on every write). */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory; resolves once it answers PING. */
  restart(): Promise<void>;
  /**
   * `CLIENT PAUSE <ms> <mode>`: `ALL` holds every command, `WRITE` only writes (reads, INFO and
   * this harness's checks still answer). Nothing ends a pause early: `CLIENT UNPAUSE` waits too.
   */
  pause(ms: number, mode?: 'ALL' | 'WRITE'): Promise<void>;
  /** Resolves once the server answers PING again (after a pause or a restart). */
  answering(): Promise<void>;
  /** One command on a connection of its own, e.g. `['HGET', key, 'gen']`. */
  command(args: string[]): Promise<unknown>;
  /** Stops it and deletes its data. */
  stop(): Promise<void>;
}

/** Starts a throwaway `redis-server` on a free port, with its data in a temporary directory. */
export async function startRedisProcess(): Promise<RedisProcess> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      'The store-fault tests start their own Redis: install redis-server (apt-get install redis-server).',
    );
  }
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
  args.push('--appendonly', 'yes', '--appendfsync', 'always');
  let child: ChildProcess | undefined;

  async function answering(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await redisAnswers(url, 500))) {
      if (child && child.exitCode !== null) throw new Error(`redis-server on port ${port} exited (${child?.exitCode})`);
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} does not answer`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function start(): Promise<void> {
    child = spawn('redis-server', args, { stdio: 'ignore' });
    await answering();
  }

  async function command(commandArgs: string[]): Promise<unknown> {
    const client = createClient({ url, RESP: 2 });
    client.on('error', () => {});
    await client.connect();
    try {
      return await client.sendCommand(commandArgs);
    } finally {
      client.destroy();
    }
  }

  async function kill(): Promise<void> {
    const current = child;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill('SIGKILL');
    await exited;
  }

  await start();
  return {
    url,
    kill,
    restart: async () => {
      await kill();
      await start();
    },
    pause: async (ms, mode = 'ALL') => {
      await command(['CLIENT', 'PAUSE', String(ms), mode]);
    },
    answering,
    command,
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
