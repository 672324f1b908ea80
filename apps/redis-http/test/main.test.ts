import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

function run(env: Record<string, string>): ChildProcess {
  const { REDIS_URL: _url, REDIS_HTTP_TOKEN: _token, REDIS_HTTP_PORT: _port, ...inherited } = process.env;
  return spawn(process.execPath, [MAIN], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) resolve(output.split('\n')[0] ?? '');
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before printing a line`)));
  });
}

describe('the redis-http command', () => {
  it('serves until SIGTERM, then exits with code 0', async () => {
    const child = run({ REDIS_HTTP_TOKEN: 'cli-token', REDIS_HTTP_PORT: '0' });
    const line = await firstLine(child);
    expect(line).toMatch(/^redis-http: listening on http:\/\/127\.0\.0\.1:\d+ \(backend: embedded in-memory\)$/);
    const url = /(http:\/\/\S+)/.exec(line)?.[1] ?? '';
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: 'Bearer cli-token' },
      body: '["PING"]',
    });
    expect(await response.json()).toEqual({ result: 'PONG' });

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
  });

  it('exits with code 0 on SIGINT', async () => {
    const child = run({ REDIS_HTTP_TOKEN: 'cli-token', REDIS_HTTP_PORT: '0' });
    await firstLine(child);
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    expect(await exited).toEqual([0, null]);
  });

  it('fails fast, saying what to set, when REDIS_HTTP_TOKEN is missing', async () => {
    const child = run({ REDIS_HTTP_PORT: '0' });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toContain('set REDIS_HTTP_TOKEN');
  });
});
