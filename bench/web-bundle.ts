/**
 * Size of what a browser downloads for the web app's first screen: index.html, the entry script
 * with its static imports, the stylesheet, and the chunks of the route a new visitor lands on
 * (/login — every other page is loaded on demand). Gzip at the default level, like Vite reports
 * and most CDNs serve; Cloudflare serves brotli where it can, which is smaller.
 *
 * `measureWebBundle()` is what `pnpm bench` calls; `node bench/web-bundle.ts` prints it alone.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { root } from '../scripts/lib/paths.ts';

export interface WebBundleSize {
  /** The route measured, besides the shell. */
  route: string;
  files: { file: string; bytes: number; gzipBytes: number }[];
  totalBytes: number;
  totalGzipBytes: number;
  /** The JavaScript part of the total, gzipped. */
  jsGzipBytes: number;
  /** The budget for that JavaScript (issue 14): 70 KB, counted as 70,000 bytes, and whether it holds. */
  jsGzipBudgetBytes: number;
  withinBudget: boolean;
  /** The heaviest page loaded on demand: its own JavaScript, beyond what the first screen has. */
  largestRoute: { source: string; files: string[]; gzipBytes: number };
}

interface ManifestChunk {
  file: string;
  src?: string;
  isDynamicEntry?: boolean;
  imports?: string[];
  css?: string[];
}

/** 70 KB of gzip JavaScript for the sign-in screen's first load. */
export const FIRST_LOAD_JS_BUDGET_BYTES = 70_000;

const INITIAL_ROUTE = { path: '/login', source: 'src/pages/LoginPage.vue' };

function build(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      `${root}apps/web/node_modules/.bin/vite`,
      ['build', '--logLevel', 'error', '--outDir', outDir, '--emptyOutDir', '--manifest'],
      { cwd: `${root}apps/web`, stdio: 'inherit' },
    );
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))));
  });
}

/** A chunk and everything it imports statically, each file once. */
function closure(manifest: Record<string, ManifestChunk>, key: string, seen: Set<string>): void {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return;
  seen.add(chunk.file);
  for (const css of chunk.css ?? []) seen.add(css);
  for (const imported of chunk.imports ?? []) closure(manifest, imported, seen);
}

/**
 * Each page loaded on demand costs its own chunks beyond the shell (index.html's closure): the
 * heaviest one, in gzip JavaScript. Read from Vite's manifest, without a browser.
 */
function largestRoute(
  manifest: Record<string, ManifestChunk>,
  measure: (file: string) => { gzipBytes: number },
): WebBundleSize['largestRoute'] {
  const shell = new Set<string>();
  closure(manifest, 'index.html', shell);
  let largest: WebBundleSize['largestRoute'] = { source: '', files: [], gzipBytes: 0 };
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.isDynamicEntry || !key.startsWith('src/pages/')) continue;
    const own = new Set<string>();
    closure(manifest, key, own);
    const files = [...own].filter((file) => file.endsWith('.js') && !shell.has(file));
    const gzipBytes = files.reduce((total, file) => total + measure(file).gzipBytes, 0);
    if (gzipBytes > largest.gzipBytes) largest = { source: key, files, gzipBytes };
  }
  return largest;
}

/** Builds the SPA into a temporary directory and measures the first screen. */
export async function measureWebBundle(): Promise<WebBundleSize> {
  const outDir = mkdtempSync(`${tmpdir()}/portcullis-web-bundle-`);
  try {
    await build(outDir);
    const manifest = JSON.parse(readFileSync(`${outDir}/.vite/manifest.json`, 'utf8')) as Record<string, ManifestChunk>;
    const files = new Set<string>(['index.html']);
    closure(manifest, 'index.html', files);
    closure(manifest, INITIAL_ROUTE.source, files);
    const measure = (file: string) => {
      const content = readFileSync(`${outDir}/${file}`);
      return { file, bytes: content.byteLength, gzipBytes: gzipSync(content).byteLength };
    };
    const sizes = [...files].map(measure);
    const jsGzipBytes = sizes.filter((entry) => entry.file.endsWith('.js')).reduce((t, e) => t + e.gzipBytes, 0);
    const sum = (list: typeof sizes, key: 'bytes' | 'gzipBytes') =>
      list.reduce((total, entry) => total + entry[key], 0);
    return {
      route: INITIAL_ROUTE.path,
      files: sizes,
      totalBytes: sum(sizes, 'bytes'),
      totalGzipBytes: sum(sizes, 'gzipBytes'),
      jsGzipBytes,
      jsGzipBudgetBytes: FIRST_LOAD_JS_BUDGET_BYTES,
      withinBudget: jsGzipBytes <= FIRST_LOAD_JS_BUDGET_BYTES,
      largestRoute: largestRoute(manifest, measure),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size = await measureWebBundle();
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  for (const file of size.files)
    console.log(`${file.file.padEnd(48)} ${kib(file.bytes).padStart(10)}  gzip ${kib(file.gzipBytes)}`);
  console.log(
    `first screen (${size.route}): ${kib(size.totalBytes)}, gzip ${kib(size.totalGzipBytes)} (JavaScript ${kib(size.jsGzipBytes)})`,
  );
  console.log(
    `budget: ${(size.jsGzipBytes / 1000).toFixed(1)} KB of ${size.jsGzipBudgetBytes / 1000} KB gzip JavaScript — ${size.withinBudget ? 'within' : 'OVER'}`,
  );
  console.log(`largest route: ${size.largestRoute.source} ${kib(size.largestRoute.gzipBytes)} gzip JavaScript`);
}
