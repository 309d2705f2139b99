import { describe, expect, it } from 'vitest';
import { formatDuration, redrawDue, renderWorkProgress } from '../../src/format/progress.js';

describe('renderWorkProgress', () => {
  it('shows counts, percent, rate and ETA when the total is known', () => {
    const line = renderWorkProgress({ label: 'copy', done: 1200, total: 5000, unit: 'records', startedMs: 0, nowMs: 3000 });
    expect(line).toBe('copy: 1200/5000 records (24%) · 400 records/s · ETA 10s');
  });
  it('shows counts and rate only without a total', () => {
    const line = renderWorkProgress({ label: 'produce', done: 50, unit: 'records', startedMs: 0, nowMs: 2000 });
    expect(line).toBe('produce: 50 records · 25.0 records/s');
  });
  it('says ETA ? before any work is done', () => {
    expect(renderWorkProgress({ label: 'reset', done: 0, total: 8, unit: 'partitions', startedMs: 0, nowMs: 0 })).toBe(
      'reset: 0/8 partitions (0%) · 0.0 partitions/s · ETA ?',
    );
  });
  it('caps percent at 100', () => {
    expect(renderWorkProgress({ label: 'x', done: 12, total: 10, unit: 'p', startedMs: 0, nowMs: 1000 })).toContain('(100%)');
  });
});

describe('formatDuration', () => {
  it('formats seconds, minutes and hours', () => {
    expect(formatDuration(4)).toBe('4s');
    expect(formatDuration(65)).toBe('1m05s');
    expect(formatDuration(3725)).toBe('1h02m05s');
  });
});

describe('redrawDue', () => {
  it('throttles to one redraw per interval', () => {
    expect(redrawDue(undefined, 0)).toBe(true);
    expect(redrawDue(1000, 1050)).toBe(false);
    expect(redrawDue(1000, 1100)).toBe(true);
  });
});
