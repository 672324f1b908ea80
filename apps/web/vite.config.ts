import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    vue({
      // <search> is a standard element Vue's tag list does not know yet; not a component.
      template: { compilerOptions: { isCustomElement: (tag) => tag === 'search' } },
    }),
  ],
  // Every component is <script setup>: no Options API, so Vue's support for it stays out of the
  // bundle (the sign-in screen's first load has a 70 KB gzip budget, see bench/web-bundle.ts).
  define: { __VUE_OPTIONS_API__: 'false' },
  server: {
    // `pnpm dev` runs the API under wrangler dev; same-origin /api keeps cookies SameSite=Strict.
    proxy: { '/api': process.env.PORTCULLIS_API_URL ?? 'http://127.0.0.1:8787' },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'src/**/*.spec.ts'],
  },
});
