import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { watchEvery } from '../../src/cli/watch.js';
import { renderLagWatchFrame } from '../../src/format/lag.js';
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
