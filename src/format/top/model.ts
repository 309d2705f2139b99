/**
 * `kafka-cli top`: what one frame is drawn from (samples of the cluster, the view's state) and the pure arithmetic
 * over samples: rates from offset deltas, the lag trend, the time to catch up, a sparkline. No Kafka, no terminal.
 */
import type { GroupLag } from '../../kafka/groups/lag.js';
import type { TopSample, TopTopicSample } from '../../kafka/groups/top-read.js';

export type { TopPartitionSample, TopSample, TopTopicSample } from '../../kafka/groups/top-read.js';

export type TopPane = 'topics' | 'groups';
export const TOPIC_SORTS = ['in/s', 'name', 'parts', 'urp'] as const;
export const GROUP_SORTS = ['lag', 'out/s', 'name', 'eta'] as const;
export type TopicSort = (typeof TOPIC_SORTS)[number];
export type GroupSort = (typeof GROUP_SORTS)[number];

/** What the user chose: focus, selection, filter, sort, an opened topic or group. */
export interface TopViewState {
  pane: TopPane;
  /** Index of the selected row in the focused pane (after filter and sort); in a detail view, the first row shown. */
  selected: number;
  /** Applied filter (case-insensitive substring of topic and group names). */
  filter: string;
  /** While `/` is being typed: the text so far. */
  editing?: string;
  topicSort: TopicSort;
  groupSort: GroupSort;
  /** An opened topic or group. */
  detail?: { kind: 'topic' | 'group'; name: string; scroll: number };
}

export const INITIAL_VIEW: TopViewState = { pane: 'groups', selected: 0, filter: '', topicSort: 'in/s', groupSort: 'lag' };

/** How many samples the lag trend shows at most (the widest sparkline). */
export const TREND_SAMPLES = 120;

/** How many samples back the rates and the trend look (about 10 s at the default 2 s). */
export const RATE_WINDOW = 5;

/** Per second between the first and last points; null with fewer than two points, no time between them, or a value that went down. */
export function ratePerSecond(points: ReadonlyArray<{ time: number; value: bigint | null }>): number | null {
  const known = points.filter((p): p is { time: number; value: bigint } => p.value !== null);
  if (known.length < 2) return null;
  const a = known[0]!;
  const b = known[known.length - 1]!;
  const dt = (b.time - a.time) / 1000;
  if (dt <= 0 || b.value < a.value) return null;
  return Number(b.value - a.value) / dt;
}

/** Change per second (may be negative) of a value between the first and last points; null with fewer than two. */
export function slopePerSecond(points: ReadonlyArray<{ time: number; value: bigint }>): number | null {
  if (points.length < 2) return null;
  const a = points[0]!;
  const b = points[points.length - 1]!;
  const dt = (b.time - a.time) / 1000;
  if (dt <= 0) return null;
  return Number(b.value - a.value) / dt;
}

export type Eta = { kind: 'caught-up' } | { kind: 'unknown' } | { kind: 'falling-behind' } | { kind: 'stalled' } | { kind: 'eta'; seconds: number };

/** Time to catch up from the lag now and how fast it changes: 0 lag is caught up; a shrinking lag, lag / speed. */
export function catchUpEta(lag: bigint, lagSlope: number | null): Eta {
  if (lag <= 0n) return { kind: 'caught-up' };
  if (lagSlope === null) return { kind: 'unknown' };
  if (lagSlope > 0) return { kind: 'falling-behind' };
  if (lagSlope === 0) return { kind: 'stalled' };
  return { kind: 'eta', seconds: Number(lag) / -lagSlope };
}

export function formatEta(e: Eta): string {
  switch (e.kind) {
    case 'caught-up':
      return 'caught up';
    case 'unknown':
      return '…';
    case 'falling-behind':
      return 'falling behind';
    case 'stalled':
      return 'stalled';
    case 'eta':
      return formatSeconds(e.seconds);
  }
}

/** `42` -> `42s`, `200` -> `3m20s`, `7300` -> `2h01m`, `200000` -> `2d07h`; `>99d` beyond. */
export function formatSeconds(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${pad(Math.floor((s % 3600) / 60))}m`;
  if (s < 100 * 86400) return `${Math.floor(s / 86400)}d${pad(Math.floor((s % 86400) / 3600))}h`;
  return '>99d';
}

/** `999` -> `999`, `12345` -> `12.3k`, `4.2e6` -> `4.2M`: counts in a few characters. */
export function shortCount(n: bigint | number): string {
  const v = typeof n === 'bigint' ? Number(n) : n;
  const a = Math.abs(v);
  if (a < 1000) return String(Math.round(v));
  for (const [limit, unit] of [[1e6, 'k'], [1e9, 'M'], [1e12, 'G'], [1e15, 'T']] as const) {
    if (a < limit) {
      const x = v / (limit / 1000);
      return `${x.toFixed(Math.abs(x) < 10 ? 1 : 0)}${unit}`;
    }
  }
  const x = v / 1e15;
  return `${x.toFixed(Math.abs(x) < 10 ? 1 : 0)}P`;
}

/** A rate per second: `-` unknown, `0`, `0.5`, `12`, `3.4k`. */
export function shortRate(r: number | null): string {
  if (r === null) return '-';
  if (r === 0) return '0';
  if (r < 10) return r.toFixed(1).replace(/\.0$/, '');
  return shortCount(r);
}

/** Bytes in a few characters, powers of 1024: `-` unknown, `0`, `512B`, `2.0K`, `10M`, `1.5G`. */
export function shortBytes(n: bigint | null): string {
  if (n === null) return '-';
  const v = Number(n);
  if (v < 1024) return `${v}B`;
  let x = v;
  for (const unit of ['K', 'M', 'G', 'T', 'P']) {
    x /= 1024;
    if (x < 1024 || unit === 'P') return `${x.toFixed(x < 10 ? 1 : 0)}${unit}`;
  }
  return '-';
}

const BARS = '▁▂▃▄▅▆▇█';

/** The last `width` values as bars, lowest to highest of those shown (right-aligned; a flat line at the bottom). */
export function sparkline(values: ReadonlyArray<number>, width: number): string {
  if (width <= 0) return '';
  const shown = values.slice(-width);
  const min = Math.min(...shown);
  const max = Math.max(...shown);
  const bars = shown.map((v) => (max === min ? BARS[0]! : BARS[Math.min(BARS.length - 1, Math.floor(((v - min) / (max - min)) * BARS.length))]!));
  return ' '.repeat(width - shown.length) + bars.join('');
}

/* ------------------------------------------------------------------ rows of the panes, from the samples */

export interface TopicRow {
  name: string;
  partitions: number;
  inPerSec: number | null;
  underReplicated: number;
  offline: number;
  /** Bytes on disk (leader replicas); null when the log dirs could not be read. */
  size: bigint | null;
}

export interface GroupRow {
  group: string;
  type: string;
  state: string;
  members: number;
  lag: bigint;
  outPerSec: number | null;
  /** Total lag of each sample, oldest first. */
  trend: number[];
  eta: Eta;
}

const sumEnd = (t: TopTopicSample): bigint | null => {
  let s = 0n;
  for (const p of t.partitions) {
    if (p.endOffset === null) return null;
    s += p.endOffset;
  }
  return s;
};

const sumCommitted = (g: GroupLag): bigint => g.topics.reduce((a, t) => a + t.partitions.reduce((b, p) => b + (p.committedOffset ?? 0n), 0n), 0n);

const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const desc = (a: number | null, b: number | null) => (b ?? -1) - (a ?? -1);
const etaRank = (e: Eta) => (e.kind === 'falling-behind' ? 1e18 : e.kind === 'stalled' ? 1e17 : e.kind === 'unknown' ? 1e16 : e.kind === 'eta' ? e.seconds : -1);

const groupIndex = new WeakMap<TopSample, Map<string, GroupLag>>();
const topicIndex = new WeakMap<TopSample, Map<string, TopTopicSample>>();

/** A sample's groups by id (an index built once per sample: a frame looks every group up in every sample). */
function groupsOf(s: TopSample): Map<string, GroupLag> {
  let m = groupIndex.get(s);
  if (!m) groupIndex.set(s, (m = new Map(s.groups.map((g) => [g.group, g]))));
  return m;
}

export function topicIn(s: TopSample, topic: string): TopTopicSample | undefined {
  let m = topicIndex.get(s);
  if (!m) topicIndex.set(s, (m = new Map(s.topics.map((t) => [t.name, t]))));
  return m.get(topic);
}

function matches(name: string, filter: string): boolean {
  return filter === '' || name.toLowerCase().includes(filter.toLowerCase());
}

/**
 * The rows of the last call, by the samples shown (first, last, count), filter and sort: a frame, the key handling
 * and a detail view ask for the same rows several times between two reads, and with 200 groups over 120 samples
 * computing them is most of a frame's cost.
 */
function memo<R>(compute: (samples: readonly TopSample[], filter: string, sort: string) => R[]): (samples: readonly TopSample[], filter: string, sort: string) => R[] {
  let key: { first?: TopSample; last?: TopSample; n: number; filter: string; sort: string } | undefined;
  let rows: R[] = [];
  return (samples, filter, sort) => {
    const first = samples[0];
    const last = samples[samples.length - 1];
    if (key && key.first === first && key.last === last && key.n === samples.length && key.filter === filter && key.sort === sort) return rows;
    rows = compute(samples, filter, sort);
    key = { first, last, n: samples.length, filter, sort };
    return rows;
  };
}

const topicRowsMemo = memo((samples, filter, sort) => computeTopicRows(samples, filter, sort as TopicSort));
const groupRowsMemo = memo((samples, filter, sort) => computeGroupRows(samples, filter, sort as GroupSort));

/** The topics pane's rows, filtered and sorted (the same array again while the samples, filter and sort are). */
export function topicRows(samples: readonly TopSample[], filter: string, sort: TopicSort): TopicRow[] {
  return topicRowsMemo(samples, filter, sort);
}

/** The groups pane's rows, filtered and sorted (the same array again while the samples, filter and sort are). */
export function groupRows(samples: readonly TopSample[], filter: string, sort: GroupSort): GroupRow[] {
  return groupRowsMemo(samples, filter, sort);
}

function computeTopicRows(samples: readonly TopSample[], filter: string, sort: TopicSort): TopicRow[] {
  const last = samples[samples.length - 1];
  if (!last) return [];
  const window = samples.slice(-RATE_WINDOW);
  const rows = last.topics
    .filter((t) => matches(t.name, filter))
    .map((t) => {
      const points = window.map((s) => {
        const same = topicIn(s, t.name);
        return { time: s.time, value: same && same.partitions.length === t.partitions.length ? sumEnd(same) : null };
      });
      return {
        name: t.name,
        partitions: t.partitions.length,
        inPerSec: ratePerSecond(points),
        underReplicated: t.partitions.filter((p) => p.isr.length < p.replicas.length).length,
        offline: t.partitions.filter((p) => p.leader < 0).length,
        size: last.sizes?.get(t.name) ?? null,
      };
    });
  const byName = (a: TopicRow, b: TopicRow) => cmpStr(a.name, b.name);
  const order: Record<TopicSort, (a: TopicRow, b: TopicRow) => number> = {
    'in/s': (a, b) => desc(a.inPerSec, b.inPerSec) || byName(a, b),
    name: byName,
    parts: (a, b) => b.partitions - a.partitions || byName(a, b),
    urp: (a, b) => b.offline - a.offline || b.underReplicated - a.underReplicated || byName(a, b),
  };
  return rows.sort(order[sort]);
}

function computeGroupRows(samples: readonly TopSample[], filter: string, sort: GroupSort): GroupRow[] {
  const last = samples[samples.length - 1];
  if (!last) return [];
  const window = samples.slice(-RATE_WINDOW);
  // Each sample's index once, not once per group.
  const indexed = samples.slice(-TREND_SAMPLES).map((s) => ({ time: s.time, groups: groupsOf(s) }));
  const rows = last.groups
    .filter((g) => matches(g.group, filter))
    .map((g) => {
      const history = indexed.map((s) => ({ time: s.time, g: s.groups.get(g.group) }));
      const recent = history.slice(-RATE_WINDOW).filter((h) => h.g);
      const lagPoints = recent.map((h) => ({ time: h.time, value: h.g!.totalLag }));
      return {
        group: g.group,
        type: g.type,
        state: g.state,
        members: g.members,
        lag: g.totalLag,
        outPerSec: ratePerSecond(recent.map((h) => ({ time: h.time, value: sumCommitted(h.g!) }))),
        trend: history.filter((h) => h.g).map((h) => Number(h.g!.totalLag)),
        eta: catchUpEta(g.totalLag, window.length >= 2 ? slopePerSecond(lagPoints) : null),
      };
    });
  const byName = (a: GroupRow, b: GroupRow) => cmpStr(a.group, b.group);
  const order: Record<GroupSort, (a: GroupRow, b: GroupRow) => number> = {
    lag: (a, b) => (b.lag > a.lag ? 1 : b.lag < a.lag ? -1 : 0) || byName(a, b),
    'out/s': (a, b) => desc(a.outPerSec, b.outPerSec) || byName(a, b),
    name: byName,
    eta: (a, b) => etaRank(b.eta) - etaRank(a.eta) || byName(a, b),
  };
  return rows.sort(order[sort]);
}
