/** A progress line for long work (copy, reset-offsets, delete-records): a pure function of counts and time. */

import type { IO } from '../core/io.js';

export interface WorkProgress {
  label: string;
  done: number;
  /** Known total (end offsets, partition count, file bytes); undefined when unknown. */
  total?: number;
  unit: string;
  startedMs: number;
  nowMs: number;
}

function rateOf(p: WorkProgress): number {
  const secs = (p.nowMs - p.startedMs) / 1000;
  return secs > 0 ? p.done / secs : 0;
}

/** 65 → "1m05s", 3725 → "1h02m05s", 4 → "4s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m${String(r).padStart(2, '0')}s`;
  if (m > 0) return `${m}m${String(r).padStart(2, '0')}s`;
  return `${r}s`;
}

/** "copy: 1200/5000 records (24%) · 400 records/s · ETA 10s"; without a total, counts and rate only. */
export function renderWorkProgress(p: WorkProgress): string {
  const rate = rateOf(p);
  const rateText = `${rate >= 100 ? Math.round(rate) : rate.toFixed(1)} ${p.unit}/s`;
  if (p.total === undefined || p.total <= 0) return `${p.label}: ${p.done} ${p.unit} · ${rateText}`;
  const pct = Math.min(100, Math.floor((p.done / p.total) * 100));
  const left = Math.max(0, p.total - p.done);
  const eta = rate > 0 ? `ETA ${formatDuration(left / rate)}` : 'ETA ?';
  return `${p.label}: ${p.done}/${p.total} ${p.unit} (${pct}%) · ${rateText} · ${eta}`;
}

/** True when a redraw is due: at most one every `intervalMs` (100 ms ≈ 10/s). */
export function redrawDue(lastMs: number | undefined, nowMs: number, intervalMs = 100): boolean {
  return lastMs === undefined || nowMs - lastMs >= intervalMs;
}

export interface ProgressLine {
  update(done: number): void;
  /** Clears the line; the command's summary line follows as today. */
  stop(): void;
}

/** Progress on stderr only on a TTY, not in CI, not under --quiet; redraws throttled to ~10/s. */
export function startWorkProgress(io: IO, o: { label: string; unit: string; total?: number; quiet?: boolean }, now = Date.now): ProgressLine {
  if (o.quiet || io.stderr.isTTY !== true || io.env.CI) return { update() {}, stop() {} };
  const startedMs = now();
  let last: number | undefined;
  let drawn = false;
  return {
    update(done) {
      const t = now();
      if (!redrawDue(last, t)) return;
      last = t;
      drawn = true;
      io.stderr.write(`\r\x1b[2K${renderWorkProgress({ ...o, done, startedMs, nowMs: t })}`);
    },
    stop() {
      if (drawn) io.stderr.write('\r\x1b[2K');
    },
  };
}

/** A progress hook `(done, total)` whose line starts at the first call; `stop()` clears it (a no-op when never started). */
export function lazyWorkProgress(io: IO, o: { label: string; unit: string; quiet?: boolean }): { onProgress: (done: number, total: number) => void; stop(): void } {
  let line: ProgressLine | undefined;
  return {
    onProgress(done, total) {
      line ??= startWorkProgress(io, { ...o, total });
      line.update(done);
    },
    stop() {
      line?.stop();
    },
  };
}
