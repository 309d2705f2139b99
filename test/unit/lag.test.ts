import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { buildGroupLag, isConsumerGroup, type LagReport } from '../../src/kafka/groups/lag.js';
import { tpKey, type GroupDescription } from '../../src/kafka/groups/groups.js';
import { clampOffset, targetOffset } from '../../src/kafka/groups/reset-offsets.js';
import { mapLimit } from '../../src/kafka/client/concurrency.js';
import { computeRates, findBreaches, formatAge, renderLagTable, toLagJson, toLagRows, toTopicTotals } from '../../src/format/lag.js';
import { renderJson } from '../../src/format/output.js';
import { parseDatetime, parseResetMode } from '../../src/commands/group/reset-offsets.js';

const plain = new Chalk({ level: 0 });

const desc: GroupDescription = {
  group: 'g',
  type: 'classic',
  state: 'Stable',
  protocolType: 'consumer',
  members: [{ memberId: 'c-1', clientId: 'c', host: '/10.0.0.1', assignment: [{ topic: 'a', partition: 0 }, { topic: 'b', partition: 1 }] }],
};

function report(): LagReport {
  const committed = new Map([
    [tpKey('a', 0), 5n],
    [tpKey('a', 2), 9_007_199_254_740_993n],
  ]);
  const parts = new Map([
    ['a', [0, 1, 2]],
    ['b', [0, 1]],
  ]);
  const logEnd = new Map<string, bigint | null>([
    [tpKey('a', 0), 15n],
    [tpKey('a', 1), 3n],
    [tpKey('a', 2), 9_007_199_254_740_999n],
    [tpKey('b', 0), 0n],
    [tpKey('b', 1), null],
  ]);
  return { time: Date.UTC(2024, 0, 1), groups: [buildGroupLag(desc, committed, parts, logEnd, [])] };
}

describe('buildGroupLag', () => {
  it('lists every partition of each consumed topic (committed or assigned), with exact lag and totals', () => {
    const g = report().groups[0]!;
    expect(g.topics.map((t) => t.topic)).toEqual(['a', 'b']);
    const a = g.topics[0]!;
    expect(a.partitions.map((p) => [p.partition, p.committedOffset, p.logEndOffset, p.lag, p.consumer?.clientId ?? null])).toEqual([
      [0, 5n, 15n, 10n, 'c'],
      [1, null, 3n, null, null],
      [2, 9_007_199_254_740_993n, 9_007_199_254_740_999n, 6n, null],
    ]);
    expect(a.totalLag).toBe(16n);
    // b is only assigned (no commits): shown with '-' offsets, lag 0 in totals; unknown log end gives null lag.
    expect(g.topics[1]!.partitions.map((p) => [p.partition, p.committedOffset, p.lag])).toEqual([
      [0, null, null],
      [1, null, null],
    ]);
    expect(g.totalLag).toBe(16n);
    expect(g.members).toBe(1);
  });

  it('keeps committed partitions of a deleted topic and applies the topic filter', () => {
    const committed = new Map([[tpKey('gone', 3), 1n]]);
    const g = buildGroupLag({ ...desc, members: [] }, committed, new Map(), new Map(), []);
    expect(g.topics[0]!.partitions).toEqual([{ topic: 'gone', partition: 3, committedOffset: 1n, logEndOffset: null, lag: null, consumer: null }]);
    expect(buildGroupLag(desc, committed, new Map(), new Map(), ['b']).topics.map((t) => t.topic)).toEqual(['b']);
  });

  it('--all-groups covers consumer groups and offset-only groups', () => {
    expect(isConsumerGroup('consumer')).toBe(true);
    expect(isConsumerGroup('')).toBe(true);
    expect(isConsumerGroup('connect')).toBe(false);
  });
});

describe('lag views', () => {
  it('JSON: offsets are strings, lags exact integers beyond 2^53', () => {
    const text = renderJson(toLagJson(report(), false));
    expect(text).toContain('"committedOffset": "9007199254740993"');
    expect(text).toContain('"totalLag": 16');
    const big = renderJson({ lag: 2n ** 63n - 1n, name: 'x' });
    expect(big).toBe('{\n  "lag": 9223372036854775807,\n  "name": "x"\n}\n');
    expect(renderJson({ a: [1n] }, 0)).toBe('{"a":[1]}\n');
    const parsed = JSON.parse(text);
    expect(parsed.time).toBe('2024-01-01T00:00:00.000Z');
    expect(Object.keys(parsed.groups[0])).toEqual(['group', 'type', 'state', 'protocolType', 'members', 'memberList', 'totalLag', 'topics']);
    expect(parsed.groups[0].type).toBe('classic');
    expect(parsed.groups[0].memberList).toEqual([{ memberId: 'c-1', clientId: 'c', host: '/10.0.0.1', instanceId: null, assignment: [{ topic: 'a', partition: 0 }, { topic: 'b', partition: 1 }] }]);
    expect(parsed.groups[0].topics[0].partitions[1]).toEqual({ partition: 1, committedOffset: null, logEndOffset: '3', lag: null, consumer: null });
  });

  it('rows and totals as Apache prints them, with - for missing values', () => {
    const g = report().groups[0]!;
    expect(toLagRows(g, false)[0]).toEqual(['a', 0, 5n, 15n, 10n, 'c', '/10.0.0.1']);
    expect(toLagRows(g, false)[1]).toEqual(['a', 1, null, 3n, null, null, null]);
    expect(toTopicTotals(g, false).rows).toEqual([
      ['a', 3, 1, 16n],
      ['b', 2, 2, 0n],
    ]);
    const table = renderLagTable(report(), plain, false);
    expect(table.split('\n')[0]).toBe('Group g (classic): state Stable, 1 member, total lag 16');
    expect(table).toMatch(/^a\s+1\s+-\s+3\s+-\s+-\s+-$/m);
  });

  it('rates between two reads', () => {
    const a = report();
    const b = report();
    b.time = a.time + 2000;
    const p0 = b.groups[0]!.topics[0]!.partitions[0]!;
    p0.committedOffset = 15n;
    p0.logEndOffset = 25n;
    const r = computeRates(a, b).get('g\u0000a')!;
    expect(r).toEqual({ consumedPerSec: 5, producedPerSec: 5 });
    expect(toTopicTotals(b.groups[0]!, false, computeRates(a, b)).headers).toEqual(['TOPIC', 'PARTITIONS', 'NO-OFFSET', 'TOTAL-LAG', 'CONSUMED', 'PRODUCED']);
  });

  it('formats ages', () => {
    expect([null, 0, 950, 1500, 42_000, 185_000, 7_500_000, 200_000_000].map(formatAge)).toEqual(['-', '0ms', '950ms', '1.5s', '42s', '3m05s', '2h05m', '2d07h']);
  });

  it('finds --max-lag and --max-lag-per-partition breaches', () => {
    const r = report();
    expect(findBreaches(r, 16n, undefined)).toEqual([]);
    expect(findBreaches(r, 15n, undefined)).toEqual([{ group: 'g', what: 'total lag 16 > 15' }]);
    expect(findBreaches(r, undefined, 9n)).toEqual([{ group: 'g', what: '1 partition over 9 (a[0]=10)' }]);
    expect(findBreaches(r, undefined, 10n)).toEqual([]);
  });
});

describe('reset-offsets planning', () => {
  it('computes targets per mode and clamps into the log', () => {
    expect(targetOffset({ kind: 'earliest' }, 5n, 3n, 10n, null)).toBe(3n);
    expect(targetOffset({ kind: 'latest' }, 5n, 3n, 10n, null)).toBe(10n);
    expect(targetOffset({ kind: 'offset', offset: 7n }, null, 3n, 10n, null)).toBe(7n);
    expect(targetOffset({ kind: 'datetime', timestampMs: 1n }, 5n, 3n, 10n, 4n)).toBe(4n);
    expect(targetOffset({ kind: 'datetime', timestampMs: 1n }, 5n, 3n, 10n, null)).toBe(10n);
    expect(targetOffset({ kind: 'shift', by: -4n }, 5n, 3n, 10n, null)).toBe(1n);
    expect(() => targetOffset({ kind: 'shift', by: 1n }, null, 3n, 10n, null)).toThrow(/no committed offset/);
    expect(clampOffset(1n, 3n, 10n)).toEqual({ offset: 3n, clamped: 'log-start' });
    expect(clampOffset(11n, 3n, 10n)).toEqual({ offset: 10n, clamped: 'log-end' });
    expect(clampOffset(5n, 3n, 10n)).toEqual({ offset: 5n, clamped: null });
  });

  it('parses exactly one mode and datetimes', () => {
    expect(parseResetMode({ topic: ['t'], output: 'table', shiftBy: '-5' })).toEqual({ kind: 'shift', by: -5n });
    expect(parseResetMode({ topic: ['t'], output: 'table', toOffset: '9223372036854775807' })).toEqual({ kind: 'offset', offset: 9223372036854775807n });
    expect(() => parseResetMode({ topic: ['t'], output: 'table' })).toThrow(/choose one of/);
    expect(() => parseResetMode({ topic: ['t'], output: 'table', toEarliest: true, toLatest: true })).toThrow(/choose only one/);
    expect(() => parseResetMode({ topic: ['t'], output: 'table', toOffset: '-1' })).toThrow(/offset >= 0/);
    expect(parseDatetime('2024-05-01T12:00:00Z')).toBe(BigInt(Date.UTC(2024, 4, 1, 12)));
    expect(parseDatetime('1714564800000')).toBe(1714564800000n);
    expect(parseDatetime('2024-05-01')).toBe(BigInt(Date.UTC(2024, 4, 1)));
    expect(parseDatetime('1h', 1_800_000_000_000)).toBe(1_800_000_000_000n - 3_600_000n);
    expect(parseDatetime('2d', 1_800_000_000_000)).toBe(1_800_000_000_000n - 172_800_000n);
    expect(() => parseDatetime('yesterday')).toThrow(/ISO 8601/);
  });

  it('mapLimit keeps order and bounds concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5 * (8 - n)));
      inFlight--;
      return n * 2;
    });
    expect(out).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(peak).toBe(3);
  });
});
