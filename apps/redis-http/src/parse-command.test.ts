import { describe, expect, it } from 'vitest';
import { HttpError } from './errors.ts';
import { parseBatch, parseCommand } from './parse-command.ts';

function rejection(parse: () => unknown): HttpError {
  try {
    parse();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected the body to be refused');
}

describe('parseCommand', () => {
  it('reads a command array, turning numbers into their decimal text', () => {
    expect(parseCommand('["SET","k","v","EX",10]')).toEqual(['SET', 'k', 'v', 'EX', '10']);
  });

  it.each([
    ['text that is not JSON', 'GET k'],
    ['a JSON string', '"GET"'],
    ['a JSON object', '{"0":"GET"}'],
    ['an empty array', '[]'],
    ['an empty command name', '["","k"]'],
    ['null inside', '["GET",null]'],
    ['a boolean inside', '["SET","k",false]'],
    ['a nested array', '["GET",["k"]]'],
    ['a non-finite number', '["INCRBY","k",1e400]'],
  ])('refuses %s with a 400 ERR', (_, body) => {
    const error = rejection(() => parseCommand(body));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^ERR /);
  });
});

describe('parseBatch', () => {
  it('reads an array of commands', () => {
    expect(parseBatch('[["SET","k",1],["GET","k"]]')).toEqual([
      ['SET', 'k', '1'],
      ['GET', 'k'],
    ]);
  });

  it.each([
    ['an empty batch', '[]'],
    ['a single command instead of a batch', '["GET","k"]'],
    ['an empty command among others', '[["GET","k"],[]]'],
    ['a JSON object', '{}'],
  ])('refuses %s with a 400 ERR', (_, body) => {
    const error = rejection(() => parseBatch(body));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^ERR /);
  });
});
