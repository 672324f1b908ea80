import { describe, expect, it } from 'vitest';
import { upperCaseOptions } from './option-case.ts';

describe('upperCaseOptions', () => {
  it('upper-cases SET options but never the key, the value or an option argument', () => {
    expect(upperCaseOptions('SET', ['nx', 'ex', 'ex', '10', 'nx', 'get'])).toEqual([
      'nx',
      'ex',
      'EX',
      '10',
      'NX',
      'GET',
    ]);
  });

  it('stops at the first ZADD argument that is not an option, so a member named "nx" stays', () => {
    expect(upperCaseOptions('ZADD', ['key', 'gt', 'ch', '1', 'nx'])).toEqual(['key', 'GT', 'CH', '1', 'nx']);
  });

  it('leaves a MATCH pattern alone even when it spells an option', () => {
    expect(upperCaseOptions('SCAN', ['0', 'match', 'count', 'count', '10'])).toEqual([
      '0',
      'MATCH',
      'count',
      'COUNT',
      '10',
    ]);
  });

  it('leaves commands without options untouched', () => {
    expect(upperCaseOptions('GET', ['ex'])).toEqual(['ex']);
  });
});
