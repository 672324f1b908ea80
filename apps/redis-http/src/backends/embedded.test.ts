import { afterEach, describe, expect, it } from 'vitest';
import type { Backend, Outcome } from '../backend.ts';
import { createEmbeddedBackend } from './embedded.ts';

let backend: Backend | undefined;
afterEach(async () => {
  await backend?.close();
});

const replies = (outcomes: Outcome[]): unknown[] =>
  outcomes.map((outcome) => ('reply' in outcome ? outcome.reply : outcome));

describe('the embedded backend', () => {
  it('runs a transaction started in the same tick as other commands without letting them in between', async () => {
    backend = createEmbeddedBackend();
    // Each INCR awaits a few reads first; without serialising batches these would interleave.
    const transaction = backend.exec(
      [
        ['INCR', 'k'],
        ['INCR', 'k'],
      ],
      'multi',
    );
    const loose = backend.exec([['INCR', 'k']], 'pipeline');
    expect(replies(await transaction)).toEqual([1, 2]);
    expect(replies(await loose)).toEqual([3]);
  });

  it('keeps each backend’s data to itself', async () => {
    backend = createEmbeddedBackend();
    const other = createEmbeddedBackend();
    try {
      await backend.exec([['SET', 'k', 'mine']], 'pipeline');
      expect(replies(await other.exec([['GET', 'k']], 'pipeline'))).toEqual([null]);
    } finally {
      await other.close();
    }
  });

  it('answers EVALSHA of an unknown script with NOSCRIPT, and knows it after EVAL or SCRIPT LOAD', async () => {
    backend = createEmbeddedBackend();
    const sha = '1fa00e76656cc152ad327c13fe365858fd7be306'; // sha1('return 42')
    const outcomes = await backend.exec(
      [
        ['EVALSHA', sha, '0'],
        ['SCRIPT', 'EXISTS', sha],
        ['script', 'load', 'return 42'],
        ['EVALSHA', sha, '0'],
        ['SCRIPT', 'FLUSH'],
        ['EVALSHA', sha, '0'],
        ['EVAL', 'return 42', '0'],
        ['EVALSHA_RO', sha, '0'],
      ],
      'pipeline',
    );
    expect(replies(outcomes)).toEqual([
      { error: 'NOSCRIPT No matching script. Please use EVAL.' },
      [0],
      sha,
      42,
      'OK',
      { error: 'NOSCRIPT No matching script. Please use EVAL.' },
      42,
      42,
    ]);
  });

  it('converts Lua tables as Redis does: the array up to its first nil, string keys dropped', async () => {
    backend = createEmbeddedBackend();
    const outcomes = await backend.exec(
      [
        ['EVAL', 'return {1, nil, 3}', '0'],
        ['EVAL', "return {1, 2, name = 'x'}", '0'],
        ['EVAL', 'local out = {} for i = 1, 3 do out[#out + 1] = i end return out', '0'],
      ],
      'pipeline',
    );
    expect(outcomes).toEqual([{ reply: [1] }, { reply: [1, 2] }, { reply: [1, 2, 3] }]);
  });
});
