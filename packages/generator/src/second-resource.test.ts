import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scratchCopy } from './scratch-copy.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'portcullis-invoices-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(cwd: string, command: string, args: string[]) {
  const { INIT_CWD: _, FORCE_COLOR: __, ...env } = process.env;
  const result = spawnSync(command, args, { cwd, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 540_000 });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` };
}
/** The lines of a vitest run that say what failed. */
const failures = (output: string) =>
  output
    .split('\n')
    .filter((line) => /×|FAIL|Error|expected/.test(line))
    .join('\n')
    .slice(0, 4000);
const tsc = () => join(scratch, 'node_modules/typescript/bin/tsc');

/**
 * A second resource, different from posts and with every field type (CONTRACT.md's invoices),
 * generated into a scratch copy of this repository: the generated code must type-check with the
 * rest, and its generated API suite (role × route matrix from the catalogue, ownership, validation
 * per field type, audit events, cross-org 404) must pass inside workerd against the real Redis.
 */
describe('a second resource: invoices, generated into a scratch copy', () => {
  it('generates, type-checks and passes its API tests', { timeout: 600_000 }, () => {
    scratchCopy(repoRoot, scratch);
    copyFileSync(fixture('invoices.resource.ts'), join(scratch, 'resources/invoices.resource.ts'));
    // The team's hooks, written before generating: the generator must keep them.
    copyFileSync(fixture('invoices.hooks.ts'), join(scratch, 'apps/api/src/resources/invoices.hooks.ts'));
    copyFileSync(fixture('invoices-hooks.test.ts'), join(scratch, 'apps/api/src/resources/invoices-hooks.test.ts'));

    const generated = run(scratch, process.execPath, [
      'packages/generator/src/cli.ts',
      'resource',
      'resources/invoices.resource.ts',
    ]);
    expect(generated.code, generated.output).toBe(0);
    expect(readFileSync(join(scratch, 'apps/api/src/resources/invoices.hooks.ts'), 'utf8')).toBe(
      readFileSync(fixture('invoices.hooks.ts'), 'utf8'),
    );
    expect(run(scratch, process.execPath, ['packages/generator/src/cli.ts', '--check']).code).toBe(0);
    expect(readFileSync(join(scratch, 'packages/permissions/src/resources/index.ts'), 'utf8')).toContain('invoices');

    for (const project of ['packages/permissions', 'apps/api']) {
      const typecheck = run(join(scratch, project), process.execPath, [tsc(), '-p', 'tsconfig.json']);
      expect(typecheck.code, `${project}: ${typecheck.output}`).toBe(0);
    }

    const tests = run(join(scratch, 'apps/api'), process.execPath, [
      join(scratch, 'apps/api/node_modules/vitest/vitest.mjs'),
      'run',
      '--project',
      'workers',
      'src/resources/invoices.test.ts',
      'src/resources/invoices-hooks.test.ts',
      'src/routes/orgs/org-permission-matrix.test.ts',
    ]);
    expect(tests.code, failures(tests.output)).toBe(0);
    // The matrix's own checks see invoices.* in the catalogue and the routes in the app.
    expect(tests.output).toMatch(/Tests\s+\d+ passed/);
  });
});
