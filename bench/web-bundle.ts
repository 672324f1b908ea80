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
}

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}

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

/** Builds the SPA into a temporary directory and measures the first screen. */
export async function measureWebBundle(): Promise<WebBundleSize> {
  const outDir = mkdtempSync(`${tmpdir()}/portcullis-web-bundle-`);
  try {
    await build(outDir);
    const manifest = JSON.parse(readFileSync(`${outDir}/.vite/manifest.json`, 'utf8')) as Record<string, ManifestChunk>;
    const files = new Set<string>(['index.html']);
    closure(manifest, 'index.html', files);
    closure(manifest, INITIAL_ROUTE.source, files);
    const sizes = [...files].map((file) => {
      const content = readFileSync(`${outDir}/${file}`);
      return { file, bytes: content.byteLength, gzipBytes: gzipSync(content).byteLength };
    });
    const sum = (list: typeof sizes, key: 'bytes' | 'gzipBytes') =>
      list.reduce((total, entry) => total + entry[key], 0);
    return {
      route: INITIAL_ROUTE.path,
      files: sizes,
      totalBytes: sum(sizes, 'bytes'),
      totalGzipBytes: sum(sizes, 'gzipBytes'),
      jsGzipBytes: sum(
        sizes.filter((entry) => entry.file.endsWith('.js')),
        'gzipBytes',
      ),
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
}
