import type { Decoder } from './reply.ts';
import type { RedisArg, Script, Store } from './store.ts';

type Names = readonly string[];

/**
 * What a caller passes: each declared key (a Redis key) and argument by name, and the variable
 * tail as a list. A name missing or misspelled is a compile error (see define-script.test-d.ts).
 */
export type ScriptInput<K extends Names, A extends Names, R extends string> = {
  readonly [N in K[number]]: string;
} & { readonly [N in A[number]]: RedisArg } & { readonly [N in R]: readonly RedisArg[] };

export interface ScriptDeclaration<K extends Names, A extends Names, R extends string, T> {
  /** Unique; names the script in errors. */
  name: string;
  /** KEYS, in order. Lua sees each as the local `<name>Key`. */
  keys: K;
  /** ARGV, in order. Lua sees each as a local of that name, a string as Redis passes it. */
  args: A;
  /** The arguments after `args`, however many (user-agent chunks, field/value pairs): a Lua list of that name. */
  rest?: R;
  /** Reads the reply (store/reply.ts). */
  reply: Decoder<T>;
  /** The script's body, after the locals above. */
  lua: string;
}

/** A declared script: a `Script` any store runs, and `run`, which takes names and returns the decoded reply. */
export interface DeclaredScript<K extends Names, A extends Names, R extends string, T> extends Script {
  run(store: Store, input: ScriptInput<K, A, R>): Promise<T>;
}

// Lua's reserved words and the globals our scripts call: a local of one of these names would
// break the script or quietly shadow the function.
const TAKEN = new Set(
  [
    'and break do else elseif end false for function goto if in local nil not or repeat return then true until while',
    'KEYS ARGV redis table string math bit cjson tonumber tostring unpack ipairs pairs type select next error pcall',
  ].flatMap((words) => words.split(' ')),
);
const LUA_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The locals a script's body starts with, from its declaration: fixed text, made once when the
 * script is declared (module load), so every run sends the same script.
 *
 * @example
 * scriptPrelude(['session'], ['sid', 'now'])
 * // local sessionKey = KEYS[1]
 * // local sid, now = ARGV[1], ARGV[2]
 */
export function scriptPrelude(keys: Names, args: Names, rest?: string): string {
  const keyLocals = keys.map((name) => `${name}Key`);
  const inputNames = [...keys, ...args, ...(rest === undefined ? [] : [rest])];
  const luaNames = [...keyLocals, ...args, ...(rest === undefined ? [] : [rest])];
  for (const name of luaNames) {
    if (!LUA_NAME.test(name) || TAKEN.has(name)) throw new TypeError(`"${name}" cannot be a Lua local`);
  }
  if (new Set(inputNames).size !== inputNames.length || new Set(luaNames).size !== luaNames.length) {
    throw new TypeError(`script names must be distinct: ${luaNames.join(', ')}`);
  }
  const lines: string[] = [];
  if (keys.length > 0) lines.push(`local ${keyLocals.join(', ')} = ${keys.map((_, i) => `KEYS[${i + 1}]`).join(', ')}`);
  if (args.length > 0) lines.push(`local ${args.join(', ')} = ${args.map((_, i) => `ARGV[${i + 1}]`).join(', ')}`);
  if (rest !== undefined) {
    lines.push(`local ${rest} = {}`, `for i = ${args.length + 1}, #ARGV do ${rest}[#${rest} + 1] = ARGV[i] end`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Declares a Lua script by the names of its keys and arguments and the decoder of its reply.
 * Keep scripts to plain `redis.call` and tables: the embedded dev backend has no cjson.
 *
 * @example
 * const touch = defineScript({
 *   name: 'touch',
 *   keys: ['session'],
 *   args: ['now'],
 *   reply: integer,
 *   lua: `return redis.call('HSET', sessionKey, 'seen', now)`,
 * });
 * const written: number = await touch.run(store, { session: keys.session(userId, sid), now });
 */
export function defineScript<const K extends Names, const A extends Names, T, const R extends string = never>(
  declaration: ScriptDeclaration<K, A, R, T>,
): DeclaredScript<K, A, R, T> {
  const { name, keys, args, rest, reply } = declaration;
  const declared: DeclaredScript<K, A, R, T> = Object.freeze({
    name,
    lua: scriptPrelude(keys, args, rest) + declaration.lua,
    async run(store: Store, input: ScriptInput<K, A, R>): Promise<T> {
      const argv: RedisArg[] = args.map((arg: A[number]) => input[arg]);
      const raw = await store.run(
        declared,
        keys.map((key: K[number]) => input[key]),
        rest === undefined ? argv : argv.concat(input[rest]),
      );
      try {
        return reply(raw);
      } catch (error) {
        throw new Error(`${name}: unexpected reply`, { cause: error });
      }
    },
  });
  return declared;
}
