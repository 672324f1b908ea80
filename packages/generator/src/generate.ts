import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ResourceDefinitionError, resourceProblems } from '@portcullis/permissions/resource';
import { GENERATED_DIRS, HEADER_MARK, type Loaded, type Output, renderAll } from './render.ts';

/** A definition the generator refuses: the message names the file, the problem and the field. */
export class GenerateError extends Error {
  override name = 'GenerateError';
}

const DEFINITION_FILE = /^([a-z0-9-]+)\.resource\.ts$/;

/**
 * Loads and checks one definition file. It must be `resources/<name>.resource.ts` under `root`
 * and default-export `defineResource({ … })` whose `name` is `<name>`.
 */
export async function loadDefinition(root: string, file: string): Promise<Loaded> {
  const path = resolve(root, file);
  const shown = relative(root, path);
  if (!existsSync(path)) throw new GenerateError(`${shown}: no such file`);
  const match = DEFINITION_FILE.exec(basename(path));
  if (!match || relative(root, dirname(path)) !== 'resources') {
    throw new GenerateError(`${shown}: a definition lives at resources/<name>.resource.ts`);
  }
  let definition: unknown;
  try {
    definition = ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
  } catch (error) {
    if (error instanceof ResourceDefinitionError) throw new GenerateError(`${shown}: ${error.message}`);
    throw new GenerateError(`${shown}: cannot be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Checked again: a definition that skipped defineResource (a plain object) gets the same messages.
  const problems = resourceProblems(definition);
  if (problems.length > 0) throw new GenerateError(`${shown}: ${new ResourceDefinitionError(problems).message}`);
  const loaded = { file: `resources/${basename(path)}`, definition } as Loaded;
  if (loaded.definition.name !== match[1]) {
    throw new GenerateError(`${shown}: name "${loaded.definition.name}" must match the file name "${match[1]}"`);
  }
  return loaded;
}

/** Every definition in `<root>/resources`, checked; any bad one fails the lot. */
export async function loadAll(root: string): Promise<Loaded[]> {
  const dir = join(root, 'resources');
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.resource.ts'))
    .sort();
  const loaded: Loaded[] = [];
  for (const name of files) loaded.push(await loadDefinition(root, `resources/${name}`));
  return loaded;
}

const read = (path: string) => (existsSync(path) && statSync(path).isFile() ? readFileSync(path, 'utf8') : null);

/**
 * `pnpm generate resource <file>`: checks `file`, then every other definition (the registries
 * list them all), and only then writes. Files whose content is already right are not touched,
 * so running it twice changes nothing. Returns the paths written.
 */
export async function generateResource(root: string, file: string): Promise<string[]> {
  await loadDefinition(root, file);
  const outputs = renderAll(await loadAll(root));
  const written: string[] = [];
  for (const output of outputs) {
    const path = join(root, output.path);
    const current = read(path);
    if (current === output.content || (output.once && current !== null)) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, output.content);
    written.push(output.path);
  }
  return written;
}

/** What `--check` found: generated files that differ or are missing, and ones no definition makes. */
export interface CheckResult {
  stale: string[];
  missing: string[];
  orphaned: string[];
}

/** `pnpm generate --check`: compares every generated file with what the definitions make now. */
export async function checkGenerated(root: string): Promise<CheckResult> {
  const outputs: Output[] = renderAll(await loadAll(root));
  const result: CheckResult = { stale: [], missing: [], orphaned: [] };
  for (const output of outputs) {
    const current = read(join(root, output.path));
    if (current === null) result.missing.push(output.path);
    else if (!output.once && current !== output.content) result.stale.push(output.path);
  }
  const expected = new Set(outputs.map((output) => output.path));
  for (const dir of GENERATED_DIRS) {
    if (!existsSync(join(root, dir))) continue;
    for (const name of readdirSync(join(root, dir))) {
      const path = `${dir}/${name}`;
      const firstLine = read(join(root, path))?.split('\n', 1)[0] ?? '';
      if (!expected.has(path) && firstLine.includes(HEADER_MARK.slice(3))) result.orphaned.push(path);
    }
  }
  return result;
}
