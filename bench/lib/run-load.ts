import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './load-spec.ts';

const loadScript = fileURLToPath(new URL('../load.ts', import.meta.url));

let running: ChildProcess | undefined;

/** Stops the load child if one is running (Ctrl-C). */
export function stopRunningLoad(): void {
  running?.kill('SIGKILL');
}

/** Runs `bench/load.ts` in its own process and resolves with its result. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', loadScript], { stdio: ['pipe', 'pipe', 'inherit'] });
    running = child;
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      running = undefined;
      if (code !== 0) return reject(new Error(`load generator exited with ${code ?? signal}`));
      try {
        resolve(JSON.parse(output.trim().split('\n').at(-1) ?? '') as LoadResult);
      } catch {
        reject(new Error(`load generator printed no result: ${output.slice(0, 300)}`));
      }
    });
    child.stdin.end(JSON.stringify(spec));
  });
}
