import { defineConfig } from 'vitest/config';

// End-to-end tests in a real Chromium against a real server (see app-server.ts); `pnpm test`
// runs them after the unit tests.
export default defineConfig({
  // Vite keeps its cache beside the app's, not in a node_modules/ of its own under e2e/.
  cacheDir: new URL('../node_modules/.vite-e2e', import.meta.url).pathname,
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['./global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // The files share one server and each drives its own browser; in parallel they would mostly
    // compete for the same CPU.
    fileParallelism: false,
  },
});
