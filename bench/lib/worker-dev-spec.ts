/** What `bench/worker-dev.ts` starts: one Worker from a wrangler config, on 127.0.0.1. */
export interface WorkerDevSpec {
  /** Absolute path of the wrangler config; `.dev.vars` beside it is read as for `wrangler dev`. */
  config: string;
  /** Overrides the config's compatibility date (the hello Worker takes the root config's). */
  compatibilityDate?: string;
  port: number;
  inspectorPort: number;
  /** Plain-text bindings on top of the config's vars and `.dev.vars`, like `--var NAME:value`. */
  vars: Record<string, string>;
  persistTo: string;
}
