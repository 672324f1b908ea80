import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkGenerated, generateResource } from './generate.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
// Scratch roots live inside the package so that definitions resolve @portcullis/permissions/resource.
const scratchDir = fileURLToPath(new URL('../.scratch/', import.meta.url));
afterAll(() => rmSync(scratchDir, { recursive: true, force: true }));

/** A fresh root with the given definitions in resources/. */
function scratch(definitions: Record<string, string>): string {
  const root = join(scratchDir, crypto.randomUUID());
  mkdirSync(join(root, 'resources'), { recursive: true });
  for (const [name, body] of Object.entries(definitions)) {
    writeFileSync(join(root, 'resources', `${name}.resource.ts`), body);
  }
  return root;
}

const definition = (body: string) =>
  `import { defineResource } from '@portcullis/permissions/resource';\nexport default defineResource(${body});\n`;

const notes = definition(`{
  name: 'notes',
  label: 'Note',
  owned: true,
  fields: { title: { type: 'string', min: 1, max: 80 }, body: { type: 'text', optional: true } },
  grants: { member: ['read', 'create', 'update:own'], viewer: ['read'] },
}`);

function run(root: string, ...args: string[]) {
  // As typed in `root`: without pnpm's INIT_CWD, the CLI takes files from its working directory.
  const { INIT_CWD: _, ...env } = process.env;
  const result = spawnSync(process.execPath, [cli, '--root', root, ...args], { encoding: 'utf8', cwd: root, env });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Every file under root except the definitions, by path. */
function tree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (dir !== 'resources') files[path] = readFileSync(join(root, path), 'utf8');
    }
  };
  walk('');
  return files;
}

describe('pnpm generate resource', () => {
  it('writes the catalogue entry, routes, hooks, test and registries, each with a header naming its definition', async () => {
    const root = scratch({ notes });
    const written = await generateResource(root, 'resources/notes.resource.ts');
    expect(written).toEqual([
      'apps/api/src/resources/index.ts',
      'apps/api/src/resources/notes.hooks.ts',
      'apps/api/src/resources/notes.routes.ts',
      'apps/api/src/resources/notes.test.ts',
      'apps/web/src/resources/index.ts',
      'apps/web/src/resources/notes.ts',
      'apps/web/src/resources/NotesPage.vue',
      'packages/permissions/src/resources/index.ts',
      'packages/permissions/src/resources/notes.ts',
    ]);
    const files = tree(root);
    for (const path of written) {
      const first = files[path]?.split('\n')[0] ?? '';
      expect(first).toMatch(
        /^(\/\/|<!--) (Generated|Created once) by `pnpm generate` from resources\/(notes|\*)\.resource\.ts/,
      );
    }
    expect(files['packages/permissions/src/resources/notes.ts']).toContain(
      "member: ['notes.read', 'notes.create', 'notes.update:own'],",
    );
    expect(files['apps/api/src/resources/index.ts']).toContain(".route('/:orgId/notes', notesRoutes)");
  });

  it('is idempotent: a second run writes nothing and changes nothing', async () => {
    const root = scratch({ notes });
    await generateResource(root, 'resources/notes.resource.ts');
    const before = tree(root);
    const second = run(root, 'resource', 'resources/notes.resource.ts');
    expect(second).toMatchObject({ code: 0, out: 'up to date\n' });
    expect(tree(root)).toEqual(before);
  });

  it('never overwrites the hooks file', async () => {
    const root = scratch({ notes });
    await generateResource(root, 'resources/notes.resource.ts');
    const hooks = join(root, 'apps/api/src/resources/notes.hooks.ts');
    writeFileSync(hooks, '// mine\n');
    await generateResource(root, 'resources/notes.resource.ts');
    expect(readFileSync(hooks, 'utf8')).toBe('// mine\n');
    expect((await checkGenerated(root)).stale).toEqual([]);
  });

  it.each([
    [
      'an unknown field type',
      "{ name: 'notes', label: 'Note', owned: false, fields: { title: { type: 'strng' } } }",
      'field "title": unknown field type "strng"',
    ],
    [
      'a name that is not plural kebab',
      "{ name: 'Note', label: 'Note', owned: false, fields: { title: { type: 'string' } } }",
      'name: "Note" must be plural, lower-case kebab',
    ],
    [
      'a reserved name',
      "{ name: 'members', label: 'Member', owned: false, fields: { title: { type: 'string' } } }",
      'name: "members" is reserved',
    ],
    [
      'a grant naming an unknown action',
      "{ name: 'notes', label: 'Note', owned: false, fields: { title: { type: 'string' } }, grants: { member: ['publish'] } }",
      'grants.member: unknown action "publish"',
    ],
    [
      'an enum without values',
      "{ name: 'notes', label: 'Note', owned: false, fields: { state: { type: 'enum', values: [] } } }",
      'field "state": an enum needs values',
    ],
    [
      'min > max',
      "{ name: 'notes', label: 'Note', owned: false, fields: { title: { type: 'string', min: 9, max: 3 } } }",
      'field "title": min (9) is greater than max (3)',
    ],
  ])('refuses %s: exit 1, the problem and the field named, nothing written', (_, body, message) => {
    const root = scratch({ notes: definition(body) });
    const result = run(root, 'resource', 'resources/notes.resource.ts');
    expect(result.code).toBe(1);
    expect(result.err).toContain('resources/notes.resource.ts');
    expect(result.err).toContain(message);
    expect(tree(root)).toEqual({});
  });

  it('refuses a definition whose name is not its file name, or that lives elsewhere', () => {
    const root = scratch({ memos: notes });
    expect(run(root, 'resource', 'resources/memos.resource.ts')).toMatchObject({
      code: 1,
      err: expect.stringContaining('name "notes" must match the file name "memos"'),
    });
    writeFileSync(join(root, 'notes.resource.ts'), notes);
    expect(run(root, 'resource', 'notes.resource.ts')).toMatchObject({
      code: 1,
      err: expect.stringContaining('a definition lives at resources/<name>.resource.ts'),
    });
    expect(tree(root)).toEqual({ 'notes.resource.ts': notes });
  });

  it('writes nothing when another definition is bad (the registries list them all)', () => {
    const root = scratch({ notes, tasks: definition("{ name: 'tasks', label: 'Task', owned: false, fields: {} }") });
    const result = run(root, 'resource', 'resources/notes.resource.ts');
    expect(result.code).toBe(1);
    expect(result.err).toContain('resources/tasks.resource.ts');
    expect(result.err).toContain('fields: declare at least one field');
    expect(tree(root)).toEqual({});
  });
});

describe('pnpm generate --check', () => {
  it('passes when everything is up to date, and fails on a stale, missing or left-over file', async () => {
    const root = scratch({ notes });
    await generateResource(root, 'resources/notes.resource.ts');
    expect(run(root, '--check')).toMatchObject({ code: 0 });

    const entry = join(root, 'packages/permissions/src/resources/notes.ts');
    writeFileSync(entry, readFileSync(entry, 'utf8').replace("'notes.create', ", ''));
    rmSync(join(root, 'apps/api/src/resources/notes.test.ts'));
    writeFileSync(
      join(root, 'apps/api/src/resources/tasks.routes.ts'),
      '// Generated by `pnpm generate` from resources/tasks.resource.ts: edit the definition and run it again.\n',
    );
    const result = run(root, '--check');
    expect(result.code).toBe(1);
    expect(result.err).toContain('stale: packages/permissions/src/resources/notes.ts');
    expect(result.err).toContain('missing: apps/api/src/resources/notes.test.ts');
    expect(result.err).toContain('no definition makes: apps/api/src/resources/tasks.routes.ts');
  });

  it('fails when a definition changed since its files were generated', async () => {
    const root = scratch({ notes });
    await generateResource(root, 'resources/notes.resource.ts');
    writeFileSync(join(root, 'resources/notes.resource.ts'), notes.replace("viewer: ['read']", 'viewer: []'));
    const result = run(root, '--check');
    expect(result.code).toBe(1);
    expect(result.err).toContain('stale: packages/permissions/src/resources/notes.ts');
  });

  it('finds this repository’s generated files up to date', async () => {
    expect(await checkGenerated(repoRoot)).toEqual({ stale: [], missing: [], orphaned: [] });
    expect(existsSync(join(repoRoot, 'resources/posts.resource.ts'))).toBe(true);
  });
});
