import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { root } from '../../scripts/lib/paths.ts';
import { spawnGroup, stopGroup } from '../../scripts/lib/process-group.ts';
import { waitForHttp } from '../../scripts/lib/wait-for-http.ts';
import type { WorkerDevSpec } from './worker-dev-spec.ts';

/** A server the bench started, always in its own process group and always on 127.0.0.1. */
export interface BenchServer {
  name: string;
  /** Origin, e.g. http://127.0.0.1:41234 */
  url: string;
  /** The process that serves, when it is one process (the Node servers): its CPU time is read from /proc. */
  pid?: number;
  logFile: string;
  stop(): Promise<void>;
}

interface StartOptions {
  name: string;
  /** The command is the server itself, not a supervisor of other processes. */
  singleProcess?: boolean;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  port: number;
  /** Path that answers 200 once the server is ready. */
  readyPath: string;
  logFile: string;
  timeoutMs: number;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Starts a server as the leader of a new process group, its output in `logFile`, and waits until
 * `readyPath` answers 200. If it exits first or never answers, stops it and throws with its log.
 */
async function startServer(options: StartOptions, register: (server: BenchServer) => void): Promise<BenchServer> {
  const log = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawnGroup(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', log, log],
    });
  } finally {
    closeSync(log);
  }
  const url = `http://127.0.0.1:${options.port}`;
  const server: BenchServer = {
    name: options.name,
    url,
    logFile: options.logFile,
    stop: () => stopGroup(child),
    ...(options.singleProcess && child.pid !== undefined ? { pid: child.pid } : {}),
  };
  // Registered before waiting, so that Ctrl-C during a slow start still stops it.
  register(server);
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) =>
      reject(new Error(`${options.name} exited (${code ?? signal}) before it was ready:\n${tail(options.logFile)}`)),
    );
  });
  try {
    await Promise.race([waitForHttp(`${url}${options.readyPath}`, { timeoutMs: options.timeoutMs }), exited]);
  } catch (error) {
    await server.stop();
    throw error instanceof Error && error.message.includes('did not answer')
      ? new Error(`${error.message}\n${options.name} log:\n${tail(options.logFile)}`)
      : error;
  }
  // A later exit is noticed by the load run failing; do not leave the rejection unhandled.
  exited.catch(() => {});
  return server;
}

export interface NodeServerOptions {
  name: string;
  script: string;
  port: number;
  env: Record<string, string>;
  readyPath: string;
  logFile: string;
}

/** A Node script (TypeScript, run by Node's type stripping) as its own process group. */
export function startNodeServer(options: NodeServerOptions, register: (server: BenchServer) => void) {
  return startServer(
    {
      name: options.name,
      command: process.execPath,
      args: ['--no-warnings', options.script],
      singleProcess: true,
      env: { ...process.env, ...options.env, PORT: String(options.port), HOST: '127.0.0.1' },
      cwd: root,
      port: options.port,
      readyPath: options.readyPath,
      logFile: options.logFile,
      timeoutMs: 30_000,
    },
    register,
  );
}

export interface WorkerServerOptions extends WorkerDevSpec {
  name: string;
  readyPath: string;
  logFile: string;
}

/**
 * A Worker under wrangler's dev server (workerd), through `bench/worker-dev.ts` — `wrangler dev`
 * without its file watcher. Same environment as `scripts/lib/wrangler-dev.ts` (what `pnpm start`
 * runs); its own inspector port and state directory so that it can run beside other dev servers.
 */
export function startWorkerServer(options: WorkerServerOptions, register: (server: BenchServer) => void) {
  const { name, readyPath, logFile, ...spec } = options;
  return startServer(
    {
      name,
      command: process.execPath,
      args: ['--no-warnings', `${root}bench/worker-dev.ts`],
      env: {
        ...process.env,
        BENCH_WORKER: JSON.stringify(spec satisfies WorkerDevSpec),
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        WRANGLER_SEND_METRICS: 'false',
        // `info` would log every request: a busy terminal process during a load run.
        WRANGLER_LOG: 'warn',
      },
      cwd: root,
      port: spec.port,
      readyPath,
      logFile,
      timeoutMs: 120_000,
    },
    register,
  );
}
