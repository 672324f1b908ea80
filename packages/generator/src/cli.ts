/**
 * `pnpm generate resource <file>` writes what a resource definition makes (see render.ts);
 * `pnpm generate --check` exits 1 when a generated file is stale, missing or left over.
 * `--root <dir>` works on another checkout (the generator's own tests use scratch copies).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkGenerated, GenerateError, generateResource } from './generate.ts';

const USAGE = 'usage: pnpm generate resource resources/<name>.resource.ts | pnpm generate --check';

function parse(argv: string[]): { root: string; command: string[] } {
  const args = [...argv];
  let root = fileURLToPath(new URL('../../../', import.meta.url));
  const at = args.indexOf('--root');
  if (at !== -1) {
    root = resolve(args[at + 1] ?? '.');
    args.splice(at, 2);
  }
  return { root, command: args };
}

async function main(): Promise<number> {
  const { root, command } = parse(process.argv.slice(2));
  // pnpm runs scripts from the root; a relative file is taken from where the command was typed.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  if (command[0] === 'resource' && command.length === 2 && command[1]) {
    const written = await generateResource(root, resolve(cwd, command[1]));
    console.log(written.length ? `wrote ${written.length} files:\n  ${written.join('\n  ')}` : 'up to date');
    return 0;
  }
  if (command[0] === '--check' && command.length === 1) {
    const { stale, missing, orphaned } = await checkGenerated(root);
    const lines = [
      ...stale.map((path) => `stale: ${path}`),
      ...missing.map((path) => `missing: ${path}`),
      ...orphaned.map((path) => `no definition makes: ${path}`),
    ];
    if (lines.length === 0) {
      console.log('generated files are up to date');
      return 0;
    }
    console.error(
      `${lines.join('\n')}\nrun \`pnpm generate resource resources/<name>.resource.ts\` (delete left-over files)`,
    );
    return 1;
  }
  console.error(USAGE);
  return 2;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (!(error instanceof GenerateError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
