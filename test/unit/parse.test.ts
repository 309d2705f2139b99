import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { collidingTopic, DURATION_GRAMMAR, durationMs, INT64_MAX, INT64_MIN, parseDuration, parseInteger, parseIntArg, parseKeyValue, parsePartitionList, validateTopicName } from '../../src/core/parse.js';
import { UsageError } from '../../src/core/errors.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['5s', 5000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
    ['3', 3000],
    ['1.5s', 1500],
    [' 5 s ', 5000],
  ])('%s = %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));
  it.each(['', 'abc', '5x', '-1s', '1 2s', '5S', '1min', 's'])('rejects %j with a usage error naming the flag and the grammar', (text) => {
    expect(() => parseDuration(text, '--timeout')).toThrow(UsageError);
    expect(() => parseDuration(text, '--timeout')).toThrow(`invalid --timeout '${text}': expected a duration, ${DURATION_GRAMMAR}`);
  });
  it('4w is longer than any timer: a usage error, not a timer that fires at once', () => {
    expect(() => parseDuration('4w', '--watch')).toThrow(/invalid --watch '4w': longer than 24 days/);
  });
});

describe('durationMs (the one duration grammar)', () => {
  it('needs a unit: a bare number is not a duration (in --from it is an offset)', () => {
    expect(durationMs('5')).toBeUndefined();
    expect(durationMs('2h')).toBe(7_200_000);
    expect(durationMs('1.5ms')).toBe(1.5);
  });
  it('the error text lists exactly the units it accepts', () => {
    const listed = /\(([^)]*)\)/.exec(DURATION_GRAMMAR)![1]!.split(/, | or /);
    expect(listed).toEqual(['ms', 's', 'm', 'h', 'd', 'w']);
    for (const u of listed) expect(durationMs(`2${u}`), u).toBeGreaterThan(0);
    for (const u of ['y', 'min', 'sec', 'us', 'H']) expect(durationMs(`2${u}`), u).toBeUndefined();
  });
  it('--help and docs/connecting-and-profiles.md describe durations with the same grammar', async () => {
    const help = (await runCli(['--help'])).stdout.replace(/\s+/g, ' ');
    const readme = readFileSync(join(ROOT, 'docs', 'connecting-and-profiles.md'), 'utf8').replace(/\s+/g, ' ');
    expect(help).toContain(`Durations (--timeout, --watch, --delivery-timeout, a time ago in --from/--until): ${DURATION_GRAMMAR}`);
    expect(readme).toContain(`\`--before\`): ${DURATION_GRAMMAR}`);
  });
});

describe('parseIntArg', () => {
  it('accepts integers in range', () => expect(parseIntArg('12', '--n', 1, 20)).toBe(12));
  it.each(['1.5', 'x', '', '0', '21', '1e1', '0x10', '١٢'])('rejects %j naming the flag and the range', (t) => {
    expect(() => parseIntArg(t, '--n', 1, 20)).toThrow(UsageError);
    expect(() => parseIntArg(t, '--n', 1, 20)).toThrow(`invalid --n '${t}': expected an integer from 1 to 20`);
  });
  it('without a maximum says only the minimum', () => expect(() => parseIntArg('-1', '--lines')).toThrow("invalid --lines '-1': expected an integer >= 0"));
});

describe('parseInteger (the one integer parser)', () => {
  it('is exact beyond 2^53 and takes a sign and surrounding spaces', () => {
    expect(parseInteger('9223372036854775807', '--to-offset')).toBe(INT64_MAX);
    expect(parseInteger(' -9223372036854775808 ', '--shift-by', { min: INT64_MIN })).toBe(INT64_MIN);
    expect(parseInteger('+7', '--n')).toBe(7n);
  });
  it('says int64 when the value leaves it, the range otherwise, and what the value is', () => {
    expect(() => parseInteger('9223372036854775808', '--to-offset', { noun: 'an offset' })).toThrow("invalid --to-offset '9223372036854775808': larger than int64");
    expect(() => parseInteger('-9223372036854775809', '--shift-by', { min: INT64_MIN })).toThrow("invalid --shift-by '-9223372036854775809': smaller than int64");
    expect(() => parseInteger('-1', '--to-offset', { noun: 'an offset' })).toThrow("invalid --to-offset '-1': expected an offset >= 0");
    expect(() => parseInteger('x', '--shift-by', { min: INT64_MIN })).toThrow("invalid --shift-by 'x': expected an integer");
    expect(() => parseInteger('0', 'broker address', { min: 1n, max: 65535n, noun: 'host:port with a port', typed: 'h:0' })).toThrow("invalid broker address 'h:0': expected host:port with a port from 1 to 65535");
  });
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

describe('collidingTopic', () => {
  it("finds the other name when '.' and '_' are all that differ", () => {
    expect(collidingTopic('my_topic', ['orders', 'my.topic'])).toBe('my.topic');
    expect(collidingTopic('a.b_c', ['a_b.c'])).toBe('a_b.c');
    expect(collidingTopic('my.topic', ['my.topic'])).toBeUndefined();
    expect(collidingTopic('my-topic', ['my.topic', 'my_topic2'])).toBeUndefined();
    expect(collidingTopic('x', [])).toBeUndefined();
  });
});
