/**
 * Where links point when APP_URL is not set: what `pnpm start` serves by default. Reached only in
 * development and test (loadConfig refuses production without APP_URL); `pnpm start` and `pnpm
 * dev` set APP_URL to the URL they actually serve.
 */
export const DEVELOPMENT_APP_URL = 'http://127.0.0.1:8787';
