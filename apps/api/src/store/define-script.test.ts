import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineScript, scriptPrelude } from './define-script.ts';
import { integer, list, statusReply, text } from './reply.ts';
import { createRestStore } from './rest-store.ts';
import type { Store } from './store.ts';

let store: Store;
beforeAll(() => {
  store = createRestStore({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN, timeoutMs: 5000 });
  return () => store.close();
});
const key = (name: string) => `test:define-script:${crypto.randomUUID()}:${name}`;

/** Answers every name it was given, so a test sees what each one was bound to. */
const echo = defineScript({
  name: 'test-echo',
  keys: ['first', 'second'],
  args: ['alpha', 'beta', 'gamma'],
  rest: 'tail',
  reply: list,
  lua: `return {firstKey, secondKey, alpha, beta, gamma, #tail, unpack(tail)}`,
});

describe('defineScript', () => {
  it('binds each key and argument to its name, whatever order the caller writes them in', async () => {
    const [first, second] = [key('1'), key('2')];
    const reply = await echo.run(store, { tail: ['t1', 't2'], gamma: 3, second, beta: 'b', alpha: 'a', first });
    expect(reply).toEqual([first, second, 'a', 'b', '3', 2, 't1', 't2']);
  });

  it('gives an empty tail as an empty list', async () => {
    const reply = await echo.run(store, {
      first: key('1'),
      second: key('2'),
      alpha: 'a',
      beta: 'b',
      gamma: 'c',
      tail: [],
    });
    expect(reply.slice(5)).toEqual([0]);
  });

  it('runs what it declares: the locals, then the body, fixed when the script is declared', () => {
    expect(echo.lua).toBe(
      [
        'local firstKey, secondKey = KEYS[1], KEYS[2]',
        'local alpha, beta, gamma = ARGV[1], ARGV[2], ARGV[3]',
        'local tail = {}',
        'for i = 4, #ARGV do tail[#tail + 1] = ARGV[i] end',
        'return {firstKey, secondKey, alpha, beta, gamma, #tail, unpack(tail)}',
      ].join('\n'),
    );
    expect(scriptPrelude([], [])).toBe('\n');
  });

  it('decodes the reply with its decoder', async () => {
    const count = defineScript({
      name: 'test-count',
      keys: ['counter'],
      args: ['by'],
      reply: statusReply({ ok: { total: integer, note: text } }),
      lua: `return {'ok', redis.call('INCRBY', counterKey, by), by .. ' added'}`,
    });
    const counter = key('n');
    await count.run(store, { counter, by: 2 });
    expect(await count.run(store, { counter, by: 3 })).toEqual({ status: 'ok', total: 5, note: '3 added' });
  });

  // A reply its decoder does not know is a bug in the script or its declaration: a 500, with the script's name.
  it('throws on a reply its decoder does not know, naming the script', async () => {
    const wrong = defineScript({
      name: 'test-wrong',
      keys: [],
      args: [],
      reply: statusReply({ ok: {} }),
      lua: `return {'what'}`,
    });
    await expect(wrong.run(store, {})).rejects.toThrow('test-wrong: unexpected reply');
  });

  it('refuses names Lua cannot take or that would collide, when the script is declared', () => {
    const declare = (keys: readonly string[], args: readonly string[], rest?: string) => () =>
      defineScript({ name: 'bad', keys, args, ...(rest ? { rest } : {}), reply: list, lua: 'return {}' });
    expect(declare([], ['end'])).toThrow('"end" cannot be a Lua local');
    expect(declare([], ['redis'])).toThrow('cannot be a Lua local');
    expect(declare([], ['tonumber'])).toThrow('cannot be a Lua local');
    expect(declare([], ['user-id'])).toThrow('cannot be a Lua local');
    expect(declare(['user'], ['user'])).toThrow('distinct');
    expect(declare(['user'], ['userKey'])).toThrow('distinct');
    expect(declare([], ['now'], 'now')).toThrow('distinct');
  });
});
