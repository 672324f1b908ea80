import type { RedisArg, Reply, Script } from './store.ts';
import { StoreCommandError } from './store-errors.ts';

/** One script call inside a fused script. */
export interface FusedStep {
  script: Script;
  keys: readonly string[];
  args: readonly RedisArg[];
  /** A gate: Lua boolean expression over the step's reply `r` (see `RunOptions.admits`). */
  admits?: string;
  /** Runs only if every gate before it in the fused script admitted. */
  guarded: boolean;
}

/** How one step of a fused script ended. */
export type FusedOutcome =
  | { status: 'ok'; reply: Reply; admitted: boolean }
  | { status: 'error'; error: StoreCommandError }
  | { status: 'skipped' };

/**
 * The driver of a fused script. Each step's script is a local function taking its own KEYS and
 * ARGV; ARGV opens with every step's key and argument counts. A step's error is caught and
 * answered as its own (as separate calls would answer it), and a gate whose expression cannot be
 * evaluated counts as refusing: fail closed.
 */
const RUNNER = `
local out, admitted = {}, true
local kpos, apos = 1, 2 * #steps + 1
for i = 1, #steps do
  local nk, na = tonumber(ARGV[2 * i - 1]), tonumber(ARGV[2 * i])
  local keys, argv = {}, {}
  for j = 1, nk do keys[j] = KEYS[kpos + j - 1] end
  for j = 1, na do argv[j] = ARGV[apos + j - 1] end
  kpos, apos = kpos + nk, apos + na
  if guarded[i] and not admitted then
    out[i] = {'skipped'}
  else
    local ok, r = pcall(steps[i], keys, argv)
    if not ok then
      out[i] = {'error', type(r) == 'table' and tostring(r.err) or tostring(r)}
    elseif type(r) == 'table' and r.err then
      out[i] = {'error', tostring(r.err)}
    else
      local pass = true
      if gates[i] then
        local evaluated, verdict = pcall(gates[i], r)
        pass = evaluated and verdict == true
        if not pass then admitted = false end
      end
      out[i] = {'ok', pass and 1 or 0, r}
    end
  end
end
return out
`;

/** A script's body as a function body: without the shebang line (`#!lua flags=…`) Lua cannot parse. */
const body = (lua: string): string => lua.replace(/^#![^\n]*\n/, '');

const cache = new Map<string, Script>();
/** Distinct fusions a process keeps (each is also a script in Redis's cache). */
const CACHE_LIMIT = 256;

function fusedScript(steps: readonly FusedStep[]): Script | null {
  const signature = steps
    .map((step) => `${step.script.name}\u0000${step.admits ?? ''}\u0000${step.guarded ? 1 : 0}`)
    .join('\u0001');
  let script = cache.get(signature);
  if (script) return script;
  // The scripts are a fixed set, so fusions are too; past the limit something is generating
  // scripts, and running them separately is safer than growing Redis's script cache.
  if (cache.size >= CACHE_LIMIT) return null;
  const lua = [
    ...steps.map((step, index) => `local function step${index + 1}(KEYS, ARGV)\n${body(step.script.lua)}\nend`),
    `local steps = { ${steps.map((_, index) => `step${index + 1}`).join(', ')} }`,
    `local gates = { ${steps.map((step) => (step.admits ? `function(r) return (${step.admits}) end` : 'false')).join(', ')} }`,
    `local guarded = { ${steps.map((step) => String(step.guarded)).join(', ')} }`,
    RUNNER,
  ].join('\n');
  script = { name: `fused(${steps.map((step) => step.script.name).join('+')})`, lua };
  cache.set(signature, script);
  return script;
}

/**
 * Several script calls as ONE script call: one command for Redis to run instead of several, and
 * the only way a write can depend on a rate limit's verdict in the same round trip (a guarded
 * step runs only if the gates before it admitted). Null when the process has fused too many
 * distinct combinations already; the caller then runs them one by one.
 */
export function fuseSteps(
  steps: readonly FusedStep[],
): { script: Script; keys: string[]; args: RedisArg[]; read: (reply: Reply) => FusedOutcome[] } | null {
  const script = fusedScript(steps);
  if (!script) return null;
  const keys: string[] = [];
  const args: RedisArg[] = [];
  for (const step of steps) args.push(step.keys.length, step.args.length);
  for (const step of steps) {
    keys.push(...step.keys);
    args.push(...step.args);
  }
  return {
    script,
    keys,
    args,
    read: (reply) => readOutcomes(reply, steps.length),
  };
}

function readOutcomes(reply: Reply, count: number): FusedOutcome[] {
  if (!Array.isArray(reply) || reply.length !== count) {
    throw new StoreCommandError('fused script answered an unexpected reply');
  }
  return reply.map((entry): FusedOutcome => {
    const [status, first, second] = Array.isArray(entry) ? entry : [];
    if (status === 'ok') return { status: 'ok', reply: second ?? null, admitted: first === 1 };
    if (status === 'error') return { status: 'error', error: new StoreCommandError(String(first)) };
    if (status === 'skipped') return { status: 'skipped' };
    throw new StoreCommandError('fused script answered an unexpected step');
  });
}
