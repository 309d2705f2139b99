import { describe, expect, it } from 'vitest';
import { parseStartSpec, parseStopSpec } from '../../src/cli/offset-spec.js';
import { resolveStart } from '../../src/kafka/groups/offsets.js';
import { UsageError } from '../../src/core/errors.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');

describe('parseStartSpec', () => {
  it('reads every documented form', () => {
    expect(parseStartSpec('beginning', NOW)).toEqual({ kind: 'beginning' });
    expect(parseStartSpec('END', NOW)).toEqual({ kind: 'end' });
    expect(parseStartSpec('1234', NOW)).toEqual({ kind: 'offset', offset: 1234n });
    expect(parseStartSpec('-10', NOW)).toEqual({ kind: 'last', count: 10n });
    expect(parseStartSpec('+5', NOW)).toEqual({ kind: 'afterBeginning', count: 5n });
    expect(parseStartSpec('2026-11-20T10:00:00Z', NOW)).toEqual({ kind: 'time', ms: Date.parse('2026-11-20T10:00:00Z') });
    expect(parseStartSpec('2026-11-20T10:00:00.250+01:00', NOW)).toEqual({ kind: 'time', ms: Date.parse('2026-11-20T09:00:00.250Z') });
    expect(parseStartSpec('2026-11-20', NOW)).toEqual({ kind: 'time', ms: Date.parse('2026-11-20T00:00:00Z') });
    expect(parseStartSpec('15m', NOW)).toEqual({ kind: 'time', ms: NOW - 15 * 60_000 });
    expect(parseStartSpec('2h', NOW)).toEqual({ kind: 'time', ms: NOW - 2 * 3_600_000 });
    expect(parseStartSpec('1d', NOW)).toEqual({ kind: 'time', ms: NOW - 86_400_000 });
    expect(parseStartSpec('1w', NOW)).toEqual({ kind: 'time', ms: NOW - 604_800_000 });
    // The duration grammar of every flag (--timeout '5 s'): a space before the unit is allowed.
    expect(parseStartSpec('1 h', NOW)).toEqual({ kind: 'time', ms: NOW - 3_600_000 });
  });

  it('@<epoch-ms> is a time, in --from and --until', () => {
    expect(parseStartSpec('@1763632800000', NOW)).toEqual({ kind: 'time', ms: 1763632800000 });
    expect(parseStartSpec('@0', NOW)).toEqual({ kind: 'time', ms: 0 });
    expect(parseStopSpec('@1763632800000', NOW)).toEqual({ kind: 'time', ms: 1763632800000 });
    expect(() => parseStartSpec('@99999999999999999999', NOW)).toThrow(/^invalid --from '@99999999999999999999': @<ms> takes milliseconds since 1970/);
    expect(() => parseStartSpec('@', NOW)).toThrow(/^invalid --from/);
    expect(() => parseStopSpec('@-5', NOW)).toThrow(/^invalid --until/);
  });

  it('keeps offsets exact beyond 2^53', () => {
    expect(parseStartSpec('9223372036854775807', NOW)).toEqual({ kind: 'offset', offset: 9223372036854775807n });
    expect(() => parseStartSpec('9223372036854775808', NOW)).toThrow(/larger than int64/);
  });

  it.each(['', 'yesterday', '1.5', '--3', '+-3', '2026-13-45T99:00:00Z', '15x', 'beginning2', '1 2h', 'h'])('rejects %j with a UsageError naming the flag', (text) => {
    expect(() => parseStartSpec(text, NOW)).toThrow(UsageError);
    expect(() => parseStartSpec(text, NOW)).toThrow(/^invalid --from/);
  });
});

describe('parseStopSpec', () => {
  it('takes an offset or a time, not relative offsets', () => {
    expect(parseStopSpec('100', NOW)).toEqual({ kind: 'offset', offset: 100n });
    expect(parseStopSpec('30m', NOW)).toEqual({ kind: 'time', ms: NOW - 30 * 60_000 });
    expect(() => parseStopSpec('-5', NOW)).toThrow(/^invalid --until '-5'/);
    expect(() => parseStopSpec('end', NOW)).toThrow(UsageError);
  });
});

describe('resolveStart', () => {
  const b = { partition: 0, earliest: 100n, latest: 200n, atTime: 150n };
  it('maps each spec into [earliest, latest]', () => {
    expect(resolveStart({ kind: 'beginning' }, b)).toBe(100n);
    expect(resolveStart({ kind: 'end' }, b)).toBe(200n);
    expect(resolveStart({ kind: 'offset', offset: 120n }, b)).toBe(120n);
    expect(resolveStart({ kind: 'offset', offset: 5n }, b)).toBe(100n);
    expect(resolveStart({ kind: 'offset', offset: 999n }, b)).toBe(200n);
    expect(resolveStart({ kind: 'last', count: 10n }, b)).toBe(190n);
    expect(resolveStart({ kind: 'last', count: 1000n }, b)).toBe(100n);
    expect(resolveStart({ kind: 'afterBeginning', count: 10n }, b)).toBe(110n);
    expect(resolveStart({ kind: 'afterBeginning', count: 1000n }, b)).toBe(200n);
    expect(resolveStart({ kind: 'time', ms: 1 }, b)).toBe(150n);
  });
  it('a time after the last message means the end', () => {
    expect(resolveStart({ kind: 'time', ms: 1 }, { ...b, atTime: -1n })).toBe(200n);
    expect(resolveStart({ kind: 'time', ms: 1 }, { ...b, atTime: null })).toBe(200n);
  });
  it('an empty partition starts and ends at the same offset', () => {
    const e = { partition: 0, earliest: 7n, latest: 7n };
    for (const s of [{ kind: 'beginning' }, { kind: 'last', count: 3n }, { kind: 'afterBeginning', count: 3n }, { kind: 'offset', offset: 0n }] as const) expect(resolveStart(s, e)).toBe(7n);
  });
});
