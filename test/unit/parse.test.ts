import { describe, expect, it } from 'vitest';
import { parseDuration, parseIntArg, parseKeyValue, parsePartitionList, validateTopicName } from '../../src/cli/parse.js';
import { UsageError } from '../../src/cli/errors.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['5s', 5000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['3', 3000],
    ['1.5s', 1500],
  ])('%s = %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', 'abc', '5x', '-1s', '1 2s'])('rejects %j with a usage error', (text) => {
    expect(() => parseDuration(text, '--timeout')).toThrow(UsageError);
  });
});

describe('parseIntArg', () => {
  it('accepts integers in range', () => expect(parseIntArg('12', '--n', 1, 20)).toBe(12));
  it.each(['1.5', 'x', '', '0', '21'])('rejects %j', (t) => expect(() => parseIntArg(t, '--n', 1, 20)).toThrow(/--n/));
});

describe('parseKeyValue', () => {
  it('splits at the first =', () => expect(parseKeyValue('a=b=c', '--config')).toEqual(['a', 'b=c']));
  it('allows an empty value', () => expect(parseKeyValue('a=', '--header')).toEqual(['a', '']));
  it.each(['abc', '=v'])('rejects %j', (t) => expect(() => parseKeyValue(t, '--config')).toThrow(/expected key=value/));
});

describe('parsePartitionList', () => {
  it('parses lists and ranges, sorted and unique', () => expect(parsePartitionList('3,0-2,2')).toEqual([0, 1, 2, 3]));
  it.each(['a', '3-1', '-1', '1,,x'])('rejects %j', (t) => expect(() => parsePartitionList(t)).toThrow(UsageError));
});

describe('validateTopicName', () => {
  it.each(['orders', 'a.b_c-D9', 'x'.repeat(249)])('accepts %j', (n) => expect(validateTopicName(n)).toBe(n));
  it.each(['', '.', '..', 'has space', 'ümlaut', 'x'.repeat(250), 'a/b'])('rejects %j', (n) => expect(() => validateTopicName(n)).toThrow(UsageError));
});
