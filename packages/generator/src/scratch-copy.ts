import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Caches that belong to the original checkout. */
const SKIP = new Set(['.pnpm', '.vite', '.vite-temp', '.vitest-cache', '.cache']);

/**
 * A copy of the repository's tracked files at `target`, sharing the original's installed
 * packages: each node_modules folder is copied as its links (pnpm's are relative, so workspace
 * packages point into the copy) and the root's `.pnpm` store is linked, not copied. No install,
 * no network; a few seconds.
 */
export function scratchCopy(root: string, target: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(root, file))) continue; // deleted in the working tree
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(root, file), join(target, file));
  }
  const packageDirs = [
    '',
    ...['apps', 'packages'].flatMap((dir) => readdirSync(join(root, dir)).map((name) => `${dir}/${name}`)),
  ];
  for (const dir of packageDirs) {
    const modules = join(root, dir, 'node_modules');
    if (!existsSync(modules)) continue;
    mkdirSync(join(target, dir, 'node_modules'), { recursive: true });
    for (const entry of readdirSync(modules)) {
      if (SKIP.has(entry)) continue;
      cpSync(join(modules, entry), join(target, dir, 'node_modules', entry), {
        recursive: true,
        verbatimSymlinks: true,
      });
    }
  }
  symlinkSync(join(root, 'node_modules/.pnpm'), join(target, 'node_modules/.pnpm'));
}
