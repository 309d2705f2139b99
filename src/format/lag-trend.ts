/**
 * `lag --watch`: per group one line with the lag's trend over the last reads (the sparkline of `top`) and the
 * catch-up estimate at the pace of the last few reads (top's arithmetic: format/top/model.ts).
 */
import type { ChalkInstance } from 'chalk';
import type { LagReport } from '../kafka/groups/lag.js';
import { catchUpEta, formatEta, RATE_WINDOW, shortCount, slopePerSecond, sparkline, type Eta } from './top/model.js';

/** How long the trend looks back (the sparkline's width caps it too). */
export const TREND_WINDOW_MS = 5 * 60_000;
const TREND_WIDTH = 20;

/** How many reads --watch keeps for the trend at this interval: five minutes' worth, at least RATE_WINDOW, at most 120. */
export function trendReads(everyMs: number): number {
  return Math.min(120, Math.max(RATE_WINDOW, Math.ceil(TREND_WINDOW_MS / everyMs) + 1));
}

export interface GroupTrend {
  group: string;
  lag: bigint;
  /** Total lag of each read that had the group, oldest first. */
  lags: number[];
  /** Change of the total lag per second over the last RATE_WINDOW reads (negative: catching up); null from one read. */
  lagPerSec: number | null;
  eta: Eta;
}

/** The trend of each group of the last report, from the reads kept (oldest first, the last one included). */
export function groupTrends(history: readonly LagReport[]): GroupTrend[] {
  const last = history[history.length - 1];
  if (!last) return [];
  const byGroup = history.map((r) => new Map(r.groups.map((g) => [g.group, g.totalLag])));
  return last.groups.map((g) => {
    const points = history.flatMap((r, i) => {
      const v = byGroup[i]!.get(g.group);
      return v === undefined ? [] : [{ time: r.time, value: v }];
    });
    const lagPerSec = slopePerSecond(points.slice(-RATE_WINDOW));
    return { group: g.group, lag: g.totalLag, lags: points.map((p) => Number(p.value)), lagPerSec, eta: catchUpEta(g.totalLag, lagPerSec) };
  });
}

/** "catching up in ~2m03s", "falling behind", "caught up", "stalled", or "trend from the next read on". */
export function etaWords(e: Eta): string {
  if (e.kind === 'unknown') return 'trend from the next read on';
  if (e.kind === 'eta') return `catching up in ~${formatEta(e)}`;
  return formatEta(e); // caught up, falling behind, stalled: the same words as top's
}

/** One line per group: `TREND  billing  ▇▆▅▃▂▁  lag 11k  catching up in ~2m03s`, names padded to the longest. */
export function renderTrendLines(history: readonly LagReport[], c: ChalkInstance): string {
  const trends = groupTrends(history);
  if (trends.length === 0) return '';
  const nameWidth = Math.max(...trends.map((t) => t.group.length));
  const paint = (e: Eta) => (e.kind === 'falling-behind' ? c.red : e.kind === 'eta' || e.kind === 'caught-up' ? c.green : e.kind === 'stalled' ? c.yellow : c.dim);
  const lines = trends.map((t) => {
    const lag = `lag ${shortCount(t.lag)}`.padEnd(10);
    return `TREND  ${t.group.padEnd(nameWidth)}  ${sparkline(t.lags, TREND_WIDTH)}  ${lag}  ${paint(t.eta)(etaWords(t.eta))}`;
  });
  return lines.join('\n') + '\n';
}

/** The `trend` object of a group in `lag --watch -o json`: `{ lagPerSec, eta, etaSeconds }`. */
export function trendJson(t: GroupTrend | undefined): { lagPerSec: number | null; eta: string; etaSeconds: number | null } {
  if (!t) return { lagPerSec: null, eta: 'unknown', etaSeconds: null };
  return { lagPerSec: t.lagPerSec === null ? null : Math.round(t.lagPerSec * 100) / 100, eta: t.eta.kind, etaSeconds: t.eta.kind === 'eta' ? Math.round(t.eta.seconds) : null };
}
