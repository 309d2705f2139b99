import { describe, expect, it } from 'vitest';
import { formatDuration, redrawDue, renderWorkProgress, startWorkProgress } from '../../src/format/progress.js';

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

describe('startWorkProgress', () => {
  const sink = (isTTY: boolean) => {
    const out: string[] = [];
    return { out, stream: { isTTY, write: (c: string | Uint8Array) => (out.push(String(c)), true) } };
  };
  const io = (isTTY: boolean, env: NodeJS.ProcessEnv = {}) => {
    const s = sink(isTTY);
    return { s, io: { stdout: sink(false).stream, stderr: s.stream, stdin: process.stdin, env, cwd: '/' } };
  };
  it('draws on a TTY, throttled, and clears at stop', () => {
    const { s, io: x } = io(true);
    let t = 0;
    const p = startWorkProgress(x, { label: 'copy', unit: 'records', total: 10 }, () => t);
    t = 1000; p.update(5);
    t = 1050; p.update(6);
    p.stop();
    expect(s.out).toHaveLength(2);
    expect(s.out[0]).toContain('copy: 5/10 records (50%)');
  });
  it('writes nothing when piped, under --quiet or in CI', () => {
    for (const [tty, env, quiet] of [[false, {}, false], [true, {}, true], [true, { CI: '1' }, false]] as const) {
      const { s, io: x } = io(tty, env);
      const p = startWorkProgress(x, { label: 'copy', unit: 'records', quiet });
      p.update(1);
      p.stop();
      expect(s.out).toEqual([]);
    }
  });
});
