import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { watchEvery } from '../../src/cli/watch.js';
import { renderLagWatchFrame } from '../../src/format/lag.js';
import { groupTrends, renderTrendLines, trendJson, trendReads } from '../../src/format/lag-trend.js';
import { CLEAR_SCREEN } from '../../src/format/screen.js';
import type { LagReport } from '../../src/kafka/groups/lag.js';

const plain = new Chalk({ level: 0 });
const view = { allGroups: false, time: false, details: false, members: false };
const empty: LagReport = { time: Date.UTC(2024, 0, 1), groups: [] };

describe('lag --watch frames', () => {
  it('redraws a terminal in place, appends a blank line elsewhere, and names rates only from the second read on', () => {
    const first = renderLagWatchFrame(empty, plain, view, 2000, undefined, true);
    expect(first.startsWith(CLEAR_SCREEN + 'Every 2s: ')).toBe(true);
    expect(first).toMatch(/ \(rates from the next read on\)\n\nno consumer groups\n$/);
    const next = renderLagWatchFrame(empty, plain, view, 250, empty, false);
    expect(next).toMatch(/^Every 250ms: [^\n]+\d\n\nno consumer groups\n\n$/);
    expect(next).not.toContain('\x1b');
  });
});

describe('watchEvery', () => {
  it('reads, draws and waits until the signal; a later failed read is a warning, the first one an error', async () => {
    const ac = new AbortController();
    const drawn: number[] = [];
    const warnings: string[] = [];
    let reads = 0;
    await watchEvery(1, ac.signal, {
      read: async (first) => {
        reads++;
        expect(first).toBe(reads === 1);
        if (reads === 2) throw new Error('broker gone');
        return reads;
      },
      draw: async (n) => {
        drawn.push(n);
        if (n === 3) ac.abort();
      },
      warn: (m) => warnings.push(m),
    });
    expect(drawn).toEqual([1, 3]);
    expect(warnings).toEqual(['broker gone (retrying in 1 ms)']);
    await expect(watchEvery(1, new AbortController().signal, { read: async () => Promise.reject(new Error('no group')), draw: async () => {}, warn: () => {} })).rejects.toThrow('no group');
  });
});

describe('lag --watch trend lines', () => {
  const report = (time: number, lags: Record<string, bigint>): LagReport => ({ time, groups: Object.entries(lags).map(([group, totalLag]) => ({ group, totalLag }) as LagReport['groups'][number]) });
  const history = [0, 1, 2, 3].map((i) => report(i * 10_000, { billing: 4000n - 1000n * BigInt(i), audit: 50n + 10n * BigInt(i), idle: 0n, stuck: 7n }));

  it('per group: the sparkline, the lag and the estimate at the pace of the last reads', () => {
    const lines = renderTrendLines(history, plain).split('\n');
    expect(lines).toEqual([
      'TREND  billing                  █▆▃▁  lag 1.0k    catching up in ~10s',
      'TREND  audit                    ▁▃▆█  lag 80      falling behind',
      'TREND  idle                     ▁▁▁▁  lag 0       caught up',
      'TREND  stuck                    ▁▁▁▁  lag 7       stalled',
      '',
    ]);
    expect(lines.join('\n')).not.toContain('\x1b');
    expect(groupTrends(history).map((t) => trendJson(t))).toEqual([
      { lagPerSec: -100, eta: 'eta', etaSeconds: 10 },
      { lagPerSec: 1, eta: 'falling-behind', etaSeconds: null },
      { lagPerSec: 0, eta: 'caught-up', etaSeconds: null },
      { lagPerSec: 0, eta: 'stalled', etaSeconds: null },
    ]);
  });

  it('one read: no estimate yet; a group that appears later has only its own reads', () => {
    expect(renderTrendLines(history.slice(0, 1), plain)).toContain('lag 4.0k    trend from the next read on');
    const late = [...history, report(40_000, { billing: 0n, fresh: 5n })];
    expect(groupTrends(late).find((t) => t.group === 'fresh')).toMatchObject({ lags: [5], lagPerSec: null, eta: { kind: 'unknown' } });
  });

  it('keeps five minutes of reads, at least five, at most 120', () => {
    expect([100, 2000, 5000, 60_000, 600_000].map(trendReads)).toEqual([120, 120, 61, 6, 5]);
  });

  it('colors the estimate on a terminal with colors', () => {
    expect(renderTrendLines(history, new Chalk({ level: 1 }))).toContain('\x1b[31mfalling behind');
  });
});
