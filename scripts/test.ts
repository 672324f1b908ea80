/**
 * `pnpm test`: every suite against a real Redis — permissions, the Redis endpoint, the API (inside
 * workerd, plus the TCP driver and the Node/Deno entries), the web app — then one closing line
 * with the totals. Pass `--bail` to stop at the first failing package.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { findOrStartRedis } from './lib/local-redis.ts';
import { root } from './lib/paths.ts';
import { run } from './lib/run.ts';

interface Suite {
  name: string;
  dir: string;
  args?: string[];
}

const suites: Suite[] = [
  { name: 'permissions', dir: 'packages/permissions', args: ['--typecheck'] },
  // The resource generator, and `pnpm generate --check` on this tree: stale generated files fail.
  { name: 'generator', dir: 'packages/generator' },
  { name: 'redis-http', dir: 'apps/redis-http' },
  { name: 'api', dir: 'apps/api' },
  { name: 'web', dir: 'apps/web' },
  // Real Chromium against a built SPA + wrangler dev on a free port (apps/web/e2e/app-server.ts).
  { name: 'web-e2e', dir: 'apps/web', args: ['--config', 'e2e/vitest.config.ts'] },
];

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
}

const bail = process.argv.includes('--bail');
const reports = `${root}node_modules/.cache/portcullis-test`;
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const redis = await findOrStartRedis();
console.log(`portcullis: testing against Redis at ${redis.url} (${redis.source})`);
const env = { ...process.env, REDIS_URL: redis.url };

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSuites: string[] = [];
for (const suite of suites) {
  console.log(`\n── ${suite.name} ${'─'.repeat(60 - suite.name.length)}`);
  const report = `${reports}/${suite.name}.json`;
  const code = await run(
    `${root}${suite.dir}/node_modules/.bin/vitest`,
    ['run', ...(suite.args ?? []), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    env,
    `${root}${suite.dir}`,
  );
  if (existsSync(report)) {
    const result = JSON.parse(readFileSync(report, 'utf8')) as VitestJson;
    totals.passed += result.numPassedTests;
    totals.failed += result.numFailedTests;
    totals.skipped += result.numPendingTests + result.numTodoTests;
  }
  if (code !== 0) {
    failedSuites.push(suite.name);
    // A suite that crashed before reporting still counts as a failure.
    if (!existsSync(report)) totals.failed += 1;
    if (bail) break;
  }
}
await redis.stop();

console.log(`\n${failedSuites.length ? `failed suites: ${failedSuites.join(', ')}` : 'all suites passed'}`);
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSuites.length > 0 ? 1 : 0);
