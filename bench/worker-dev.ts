/**
 * `wrangler dev` for the bench, without the file watcher. The CLI rebuilds and restarts the
 * Worker whenever a source file changes — and on a repository others are editing, that happens
 * mid-run ("Your worker restarted mid-request", or a measurement straddling two builds). This
 * starts the same dev server the CLI does (wrangler's `unstable_startWorker`: the same
 * ProxyWorker, workerd and inspector, `.dev.vars` read beside the config) with `dev.watch: false`,
 * so the code measured is the code as it was at start.
 *
 * Configured by the BENCH_WORKER environment variable (JSON, `WorkerDevSpec`); stops on SIGTERM.
 */
import { unstable_startWorker } from 'wrangler';
import type { WorkerDevSpec } from './lib/worker-dev-spec.ts';

const spec = JSON.parse(process.env.BENCH_WORKER ?? '') as WorkerDevSpec;

const worker = await unstable_startWorker({
  config: spec.config,
  ...(spec.compatibilityDate ? { compatibilityDate: spec.compatibilityDate } : {}),
  bindings: Object.fromEntries(
    Object.entries(spec.vars).map(([name, value]) => [name, { type: 'plain_text' as const, value }]),
  ),
  dev: {
    watch: false,
    server: { hostname: '127.0.0.1', port: spec.port },
    inspector: { hostname: '127.0.0.1', port: spec.inspectorPort },
    persist: spec.persistTo,
    logLevel: 'warn',
  },
});
await worker.ready;
console.log(`${spec.config}: ready on ${(await worker.url).href}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void worker.dispose().finally(() => process.exit(0));
  });
}
