/**
 * `kafka-cli top`: the pure parts. Rates, ETA and sparkline; the key reducer; and golden frames (plain text, no
 * color) in test/fixtures/golden/top-*.txt, a narrow 80x24 terminal and a wide one. After a deliberate change:
 *
 *   npx vitest run --project unit test/unit/top.test.ts -u
 */
import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { renderTopFrame, type TopFrameInput } from '../../src/format/top/frame.js';
import { applyKey, parseKeys } from '../../src/format/top/keys.js';
import { catchUpEta, formatEta, formatSeconds, INITIAL_VIEW, ratePerSecond, shortCount, shortRate,
  shortBytes, slopePerSecond, sparkline, type TopSample, type TopViewState } from '../../src/format/top/model.js';
import type { GroupLag } from '../../src/kafka/groups/lag.js';
import { frameDiff, keepLast } from '../../src/cli/top-screen.js';

process.env.TZ = 'UTC';
const plain = new Chalk({ level: 0 });
const colored = new Chalk({ level: 1 });
const T0 = Date.UTC(2026, 11, 7, 11, 0, 0);

function group(name: string, type: GroupLag['type'], state: string, topic: string, parts: Array<[committed: bigint | null, end: bigint]>, members = 1): GroupLag {
  const partitions = parts.map(([committedOffset, logEndOffset], partition) => ({
    topic,
    partition,
    committedOffset,
    logEndOffset,
    lag: committedOffset === null ? null : logEndOffset - committedOffset,
    consumer: members ? { memberId: `m-${partition % members}`, clientId: `${name}-client-${partition % members}`, host: `/10.0.0.${partition % members + 1}` } : null,
  }));
  const totalLag = partitions.reduce((a, p) => a + (p.lag ?? 0n), 0n);
  return { group: name, type, state, protocolType: 'consumer', members, memberList: [], totalLag, topics: [{ topic, totalLag, partitions }] };
}

function topic(name: string, ends: bigint[], o: { urp?: number; offline?: number } = {}) {
  return {
    name,
    partitions: ends.map((endOffset, partition) => ({
      partition,
      leader: partition < (o.offline ?? 0) ? -1 : (partition % 3) + 1,
      replicas: [(partition % 3) + 1, ((partition + 1) % 3) + 1, ((partition + 2) % 3) + 1],
      isr: partition < (o.urp ?? 0) ? [(partition % 3) + 1] : [(partition % 3) + 1, ((partition + 1) % 3) + 1, ((partition + 2) % 3) + 1],
      offlineReplicas: [],
      endOffset,
    })),
  };
}

/** Six reads 2 s apart: orders grows 100/s per partition; billing catches up, audit falls behind, idle stays at 0. */
function samples(n = 6): TopSample[] {
  return Array.from({ length: n }, (_, i) => {
    const k = BigInt(i);
    const ordersEnd = [1000n + 200n * k, 2000n + 200n * k, 3000n + 200n * k];
    return {
      time: T0 + i * 2000,
      topics: [
        topic('orders', ordersEnd),
        topic('payments.v2', [9_000_000_000_000_000n + 50n * k], { urp: 1 }),
        topic('audit-log-with-a-rather-long-topic-name-that-will-not-fit', [500n + 1000n * k, 400n + 1000n * k], { offline: 1 }),
        topic('__consumer_offsets', Array.from({ length: 5 }, () => 7n)),
      ],
      groups: [
        group('billing', 'consumer', 'Stable', 'orders', ordersEnd.map((e, p) => [e - 4000n + 60n * k + BigInt(p) * 10n, e])), // lag shrinks 400/s per partition... down to
        group('audit-archiver', 'classic', 'Stable', 'audit-log-with-a-rather-long-topic-name-that-will-not-fit', [[300n + 100n * k, 500n + 1000n * k], [200n + 100n * k, 400n + 1000n * k]], 2),
        group('idle-reporting', 'classic', 'Empty', 'orders', ordersEnd.map((e) => [e, e]), 0),
        group('new-share-group', 'share', 'PreparingRebalance', 'payments.v2', [[null, 9_000_000_000_000_000n + 50n * k]]),
      ],
      // The audit topic's leader did not answer DescribeLogDirs: "-".
      sizes: new Map([['orders', 3_500_000n + 4096n * k], ['payments.v2', 7n * 1024n ** 4n], ['__consumer_offsets', 600n]]),
    };
  });
}

function frame(width: number, height: number, view: TopViewState = INITIAL_VIEW, extra: Partial<TopFrameInput> = {}, c = plain): string[] {
  return renderTopFrame({ samples: samples(), view, width, height, intervalMs: 2000, cluster: 'localhost:9092', ...extra }, c);
}

const visible = (s: string) => [...s.replace(/\x1b\[[0-9;]*m/g, '')].length;

describe('top: rates, ETA, sparkline', () => {
  it('rate per second from the first and last points of a window; none from one point, no time or a value that went down', () => {
    expect(ratePerSecond([{ time: 0, value: 100n }, { time: 1000, value: 150n }, { time: 2000, value: 300n }])).toBe(100);
    expect(ratePerSecond([{ time: 0, value: 100n }])).toBeNull();
    expect(ratePerSecond([{ time: 0, value: 100n }, { time: 0, value: 200n }])).toBeNull();
    expect(ratePerSecond([{ time: 0, value: 100n }, { time: 1000, value: 50n }])).toBeNull();
    expect(ratePerSecond([{ time: 0, value: null }, { time: 1000, value: 50n }, { time: 3000, value: 90n }])).toBe(20);
    expect(slopePerSecond([{ time: 0, value: 100n }, { time: 4000, value: 20n }])).toBe(-20);
  });

  it('ETA: caught up at 0, lag/speed when it shrinks, falling behind when it grows, stalled when flat', () => {
    expect(catchUpEta(0n, 5)).toEqual({ kind: 'caught-up' });
    expect(catchUpEta(1000n, -10)).toEqual({ kind: 'eta', seconds: 100 });
    expect(catchUpEta(1000n, 3)).toEqual({ kind: 'falling-behind' });
    expect(catchUpEta(1000n, 0)).toEqual({ kind: 'stalled' });
    expect(catchUpEta(1000n, null)).toEqual({ kind: 'unknown' });
    expect(formatEta(catchUpEta(1000n, -10))).toBe('1m40s');
    expect([0.2, 42, 200, 7300, 200000, 1e9].map(formatSeconds)).toEqual(['1s', '42s', '3m20s', '2h01m', '2d07h', '>99d']);
  });

  it('short counts and rates', () => {
    expect([0, 999, 1000, 12345, 4_200_000, 9_000_000_000_000_000n].map((n) => shortCount(n))).toEqual(['0', '999', '1.0k', '12k', '4.2M', '9.0P']);
    expect([null, 0, 0.5, 7, 12, 3400].map(shortRate)).toEqual(['-', '0', '0.5', '7', '12', '3.4k']);
    expect([null, 0n, 512n, 2048n, 10_485_760n, 1_610_612_736n, 2n ** 60n * 3n].map(shortBytes)).toEqual(['-', '0B', '512B', '2.0K', '10M', '1.5G', '3072P']);
  });

  it('sparkline: the last values scaled between their min and max, right-aligned, flat at the bottom', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([9, 0, 7], 2)).toBe('▁█');
    expect(sparkline([5, 5], 4)).toBe('  ▁▁');
    expect(sparkline([], 3)).toBe('   ');
    expect(sparkline([1, 2], 0)).toBe('');
  });
});

describe('top: keys', () => {
  it('splits raw input into keys', () => {
    expect(parseKeys('\x1b[A\x1b[Bjk\r\x1b\x7f/ab\x03\t\x1b[5~')).toEqual(['up', 'down', { char: 'j' }, { char: 'k' }, 'enter', 'escape', 'backspace', { char: '/' }, { char: 'a' }, { char: 'b' }, 'ctrl-c', 'tab', 'pageup']);
  });

  it('moves within the rows, opens the selected group, goes back, filters, sorts, quits', () => {
    const s = samples();
    let v = INITIAL_VIEW;
    const press = (...keys: string[]) => {
      for (const k of keys) {
        const a = applyKey(v, parseKeys(k)[0]!, s);
        v = a.view;
        if (a.quit) return a.quit;
      }
      return undefined;
    };
    press('j', 'j', 'j', 'j', 'j', 'j');
    expect(v.selected).toBe(3); // four groups: stops at the last
    press('k', 'k');
    expect(v.selected).toBe(1);
    press('\r');
    expect(v.detail).toEqual({ kind: 'group', name: 'audit-archiver', scroll: 0 }); // sorted by lag: billing first
    press('\x1b');
    expect(v.detail).toBeUndefined();
    press('/', 'i', 'd', 'l', '\r');
    expect(v.filter).toBe('idl');
    expect(frame(80, 24, v).join('\n')).not.toContain('billing');
    press('\x1b');
    expect(v.filter).toBe('');
    press('s');
    expect(v.groupSort).toBe('out/s');
    press('\t', 's');
    expect(v).toMatchObject({ pane: 'topics', topicSort: 'name' });
    expect(press('q')).toBe('q');
    expect(applyKey(v, 'ctrl-c', s).quit).toBe('ctrl-c');
  });
});

describe('top: frames', () => {
  it('every frame has exactly height lines of exactly width columns, colored or not; NO_COLOR (level 0) has no escape codes', () => {
    const views: TopViewState[] = [
      INITIAL_VIEW,
      { ...INITIAL_VIEW, pane: 'topics', selected: 2 },
      { ...INITIAL_VIEW, detail: { kind: 'group', name: 'billing', scroll: 0 } },
      { ...INITIAL_VIEW, detail: { kind: 'topic', name: 'orders', scroll: 1 } },
      { ...INITIAL_VIEW, editing: 'ord' },
    ];
    for (const [w, h] of [[80, 24], [40, 8], [200, 60], [80, 3]] as const) {
      for (const v of views) {
        for (const c of [plain, colored]) {
          const lines = frame(w, h, v, { error: 'the broker did not answer' }, c);
          expect(lines).toHaveLength(h);
          for (const l of lines) expect(visible(l)).toBe(w);
          if (c === plain) expect(lines.join('')).not.toContain('\x1b');
        }
      }
    }
    expect(frame(80, 24, INITIAL_VIEW, {}, colored).join('')).toContain('\x1b[7m'); // the selection in inverse
  });

  it('golden: 80x24, the groups pane focused', async () => {
    await expect(frame(80, 24).join('\n') + '\n').toMatchFileSnapshot('../fixtures/golden/top-80x24.txt');
  });

  it('golden: 150x30, the topics pane focused and sorted by URP, filtered', async () => {
    const v: TopViewState = { ...INITIAL_VIEW, pane: 'topics', topicSort: 'urp', selected: 1, filter: 'e' };
    await expect(frame(150, 30, v).join('\n') + '\n').toMatchFileSnapshot('../fixtures/golden/top-150x30.txt');
  });

  it('golden: an opened group and an opened topic at 80x24', async () => {
    const g = frame(80, 24, { ...INITIAL_VIEW, detail: { kind: 'group', name: 'audit-archiver', scroll: 0 } });
    const t = frame(80, 24, { ...INITIAL_VIEW, detail: { kind: 'topic', name: 'orders', scroll: 0 } }, { error: 'read failed: the broker did not answer (retrying)' });
    await expect([...g, ...t].join('\n') + '\n').toMatchFileSnapshot('../fixtures/golden/top-detail-80x24.txt');
  });

  it('before the first read, and with a terminal too small for the panes', () => {
    const first = renderTopFrame({ samples: [], view: INITIAL_VIEW, width: 80, height: 5, intervalMs: 1000, cluster: 'k:9092' }, plain);
    expect(first[0]).toContain('connecting…');
    expect(first[1]).toContain('reading the cluster');
    expect(frame(80, 2)).toHaveLength(2);
  });
});

describe('top: the sampler window and the redraw', () => {
  it('keeps the last n samples, oldest dropped first', () => {
    const all = samples(6);
    let kept: TopSample[] = [];
    for (const x of all) kept = keepLast(kept, x, 4);
    expect(kept).toEqual(all.slice(2));
  });

  it('rewrites only the lines that changed, each at its row; everything after a resize (nothing shown)', () => {
    expect(frameDiff(['a', 'b', 'c'], ['a', 'B', 'c'])).toBe('\x1b[2;1HB');
    expect(frameDiff(['a', 'b'], ['a', 'b'])).toBe('');
    expect(frameDiff([], ['x', 'y'])).toBe('\x1b[1;1Hx\x1b[2;1Hy');
  });
});
