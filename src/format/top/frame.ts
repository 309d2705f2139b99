/**
 * `kafka-cli top`: one frame of the live view, a pure function of the samples, the view's state and the terminal's
 * size. Exactly `height` lines of exactly `width` columns; colors only through the chalk instance given (level 0:
 * none, and the selection is still marked by '>').
 */
import type { ChalkInstance } from 'chalk';
import { localTime } from '../records/records.js';
import {
  shortBytes,
  formatEta,
  groupRows,
  RATE_WINDOW,
  ratePerSecond,
  shortCount,
  shortRate,
  sparkline,
  topicIn,
  topicRows,
  type GroupRow,
  type TopicRow,
  type TopSample,
  type TopViewState,
} from './model.js';

export interface TopFrameInput {
  samples: readonly TopSample[];
  view: TopViewState;
  width: number;
  height: number;
  intervalMs: number;
  /** Who is watched: the bootstrap servers or the profile. */
  cluster: string;
  /** The last read's failure, shown until a read succeeds. */
  error?: string;
}

type Paint = (s: string) => string;
interface Col {
  title: string;
  /** Fixed width; or a share of what is left (flex). */
  width?: number;
  flex?: number;
  right?: boolean;
}
interface Cell {
  text: string;
  paint?: Paint;
}

/** Cuts or pads to exactly `w` columns ('…' where cut). */
export function fit(s: string, w: number, right = false): string {
  if (w <= 0) return '';
  const chars = [...s];
  if (chars.length > w) return w === 1 ? '…' : chars.slice(0, w - 1).join('') + '…';
  const pad = ' '.repeat(w - chars.length);
  return right ? pad + s : s + pad;
}

function widths(cols: Col[], total: number): number[] {
  const fixed = cols.reduce((a, c) => a + (c.width ?? 0), 0) + cols.length - 1;
  const flexSum = cols.reduce((a, c) => a + (c.flex ?? 0), 0);
  const left = Math.max(0, total - fixed);
  const out = cols.map((c) => c.width ?? 0);
  cols.forEach((c, i) => {
    if (!c.flex) return;
    const w = Math.floor((left * c.flex) / flexSum);
    out[i] = w;
  });
  // Rounding leftovers go to the first flex column.
  const used = out.reduce((a, w) => a + w, 0) + cols.length - 1;
  const first = cols.findIndex((c) => c.flex);
  if (first >= 0) out[first]! += Math.max(0, total - used);
  return out;
}

/** One table line of exactly `total` columns: cells fitted to the widths, one space apart, painted after fitting; cut where the terminal ends. */
function line(cols: Col[], ws: number[], cells: Cell[], total: number): string {
  let out = '';
  let left = total;
  cells.forEach((cell, i) => {
    if (left <= 0) return;
    if (i > 0) {
      out += ' ';
      left--;
    }
    const w = Math.min(ws[i]!, left);
    out += (cell.paint ?? ((s: string) => s))(fit(cell.text, w, cols[i]!.right));
    left -= w;
  });
  return out + ' '.repeat(Math.max(0, left));
}

function pad(text: string, width: number): string {
  return fit(text, width);
}

const GUTTER = 2;

function header(input: TopFrameInput, c: ChalkInstance): string {
  const last = input.samples[input.samples.length - 1];
  const brokers = last ? new Set(last.topics.flatMap((t) => t.partitions.flatMap((p) => p.replicas))).size : 0;
  const parts = ['kafka-cli top', input.cluster, last ? `${brokers} broker${brokers === 1 ? '' : 's'}` : 'connecting…', `every ${shortSeconds(input.intervalMs)}`];
  if (last) parts.push(localTime(last.time).slice(11, 19));
  const v = input.view;
  if (v.filter) parts.push(`filter: ${v.filter}`);
  return c.bold(pad(' ' + parts.join(' · '), input.width));
}

function shortSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function footer(input: TopFrameInput, c: ChalkInstance): string {
  const v = input.view;
  let text: string;
  if (v.editing !== undefined) text = ` /${v.editing}█   Enter apply · Esc cancel`;
  else if (v.detail) text = ' ↑↓ jk scroll · Esc back · q quit';
  else text = ' ↑↓ jk move · Tab pane · Enter open · / filter · s sort · q quit';
  return c.inverse(pad(text, input.width));
}

/** Rows of a pane windowed around the selection: [first shown, count]. */
function windowAt(selected: number, total: number, rows: number): number {
  if (total <= rows) return 0;
  return Math.min(Math.max(0, selected - rows + 1), total - rows);
}

const TOPIC_TITLES = { 'in/s': 'IN/S', name: 'TOPIC', parts: 'PARTS', urp: 'URP' } as const;
const GROUP_TITLES = { lag: 'LAG', 'out/s': 'OUT/S', name: 'GROUP', eta: 'ETA' } as const;

function topicCols(sort: string, count: number): Col[] {
  const mark = (t: string) => (TOPIC_TITLES[sort as keyof typeof TOPIC_TITLES] === t ? `${t}▼` : t);
  return [
    { title: `${mark('TOPIC')} (${count})`, flex: 1 },
    { title: mark('PARTS'), width: 6, right: true },
    { title: mark('IN/S'), width: 8, right: true },
    { title: mark('URP'), width: 5, right: true },
    { title: 'OFFLINE', width: 7, right: true },
    { title: 'SIZE', width: 6, right: true },
  ];
}

function topicCells(r: TopicRow, c: ChalkInstance): Cell[] {
  return [
    { text: r.name },
    { text: String(r.partitions) },
    { text: shortRate(r.inPerSec) },
    { text: String(r.underReplicated), paint: r.underReplicated ? c.yellow : undefined },
    { text: String(r.offline), paint: r.offline ? c.red : undefined },
    { text: shortBytes(r.size) },
  ];
}

function groupCols(sort: string, count: number, width: number): Col[] {
  const mark = (t: string) => (GROUP_TITLES[sort as keyof typeof GROUP_TITLES] === t ? `${t}▼` : t);
  const wide = width >= 100;
  const trend = width >= 140 ? 24 : width >= 100 ? 16 : 10;
  return [
    { title: `${mark('GROUP')} (${count})`, flex: 1 },
    ...(wide ? [{ title: 'TYPE', width: 8 }] : []),
    { title: 'STATE', width: wide ? 12 : 10 },
    { title: 'MEMB', width: 4, right: true },
    { title: mark('LAG'), width: 8, right: true },
    { title: mark('OUT/S'), width: 7, right: true },
    { title: 'TREND', width: trend },
    { title: mark('ETA'), width: 14 },
  ];
}

function groupCells(r: GroupRow, c: ChalkInstance, width: number, trendWidth: number): Cell[] {
  const etaPaint = r.eta.kind === 'falling-behind' ? c.red : r.eta.kind === 'stalled' ? c.yellow : r.eta.kind === 'caught-up' ? c.green : undefined;
  return [
    { text: r.group },
    ...(width >= 100 ? [{ text: r.type }] : []),
    { text: r.state, paint: r.state === 'Stable' || r.state === 'Empty' ? undefined : c.yellow },
    { text: String(r.members) },
    { text: shortCount(r.lag), paint: r.lag > 0n ? c.bold : undefined },
    { text: shortRate(r.outPerSec) },
    { text: sparkline(r.trend, trendWidth), paint: c.cyan },
    { text: formatEta(r.eta), paint: etaPaint },
  ];
}

function pane<R>(
  out: string[],
  o: { cols: Col[]; rows: R[]; cells: (r: R) => Cell[]; height: number; focused: boolean; selected: number; width: number; c: ChalkInstance },
): void {
  if (o.height <= 0) return;
  const ws = widths(o.cols, o.width - GUTTER);
  const head = ' '.repeat(GUTTER) + line(o.cols, ws, o.cols.map((col) => ({ text: col.title })), o.width - GUTTER);
  out.push(o.focused ? o.c.bold.underline(head) : o.c.bold(head));
  const n = o.height - 1;
  const first = o.focused ? windowAt(o.selected, o.rows.length, n) : 0;
  for (let i = 0; i < n; i++) {
    const r = o.rows[first + i];
    if (r === undefined) {
      out.push(' '.repeat(o.width));
      continue;
    }
    const isSel = o.focused && first + i === o.selected;
    const text = (isSel ? '> ' : '  ') + line(o.cols, ws, o.cells(r), o.width - GUTTER);
    out.push(isSel ? o.c.inverse(text) : text);
  }
}

function listView(input: TopFrameInput, body: number, c: ChalkInstance): string[] {
  const v = input.view;
  const topics = topicRows(input.samples, v.filter, v.topicSort);
  const groups = groupRows(input.samples, v.filter, v.groupSort);
  const out: string[] = [];
  // Two header lines and a blank line between the panes.
  const rows = Math.max(0, body - 3);
  let t: number;
  if (topics.length + groups.length <= rows) t = topics.length;
  else t = Math.min(topics.length, Math.max(rows - groups.length, Math.floor(rows * 0.4)));
  t = Math.max(Math.min(1, rows), t);
  const g = Math.max(0, rows - t);
  const gCols = groupCols(v.groupSort, groups.length, input.width);
  const trendWidth = gCols.find((col) => col.title === 'TREND')!.width!;
  pane(out, { cols: topicCols(v.topicSort, topics.length), rows: topics, cells: (r) => topicCells(r, c), height: t + 1, focused: v.pane === 'topics', selected: v.selected, width: input.width, c });
  out.push(' '.repeat(input.width));
  pane(out, { cols: gCols, rows: groups, cells: (r) => groupCells(r, c, input.width, trendWidth), height: g + 1, focused: v.pane === 'groups', selected: v.selected, width: input.width, c });
  return out;
}

function detailView(input: TopFrameInput, body: number, c: ChalkInstance): string[] {
  const d = input.view.detail!;
  const out: string[] = [];
  const last = input.samples[input.samples.length - 1];
  const w = input.width;
  const table = (cols: Col[], rows: Cell[][]) => {
    const ws = widths(cols, w - GUTTER);
    out.push(c.bold(' '.repeat(GUTTER) + line(cols, ws, cols.map((col) => ({ text: col.title })), w - GUTTER)));
    const n = body - out.length;
    const first = Math.min(d.scroll, Math.max(0, rows.length - n));
    for (const r of rows.slice(first, first + n)) out.push(' '.repeat(GUTTER) + line(cols, ws, r, w - GUTTER));
  };
  if (d.kind === 'group') {
    const g = last?.groups.find((x) => x.group === d.name);
    const row = groupRows(input.samples, '', 'name').find((r) => r.group === d.name);
    if (!g || !row) {
      out.push(pad(` group '${d.name}' is gone`, w));
    } else {
      out.push(c.bold(pad(` GROUP ${g.group} · ${g.type} · ${g.state} · ${g.members} member${g.members === 1 ? '' : 's'} · lag ${shortCount(g.totalLag)} · ${shortRate(row.outPerSec)}/s · ${formatEta(row.eta)}`, w)));
      const sw = Math.max(0, w - 13);
      out.push(pad(' lag trend  ', 12) + c.cyan(pad(sparkline(row.trend, Math.min(row.trend.length, sw)), w - 12)));
      out.push(' '.repeat(w));
      const cols: Col[] = [
        { title: 'TOPIC', flex: 2 },
        { title: 'PART', width: 4, right: true },
        { title: 'COMMITTED', width: 12, right: true },
        { title: 'END', width: 12, right: true },
        { title: 'LAG', width: 8, right: true },
        { title: 'OWNER', flex: 3 },
      ];
      const rows = g.topics.flatMap((t) =>
        t.partitions.map((p): Cell[] => [
          { text: p.topic },
          { text: String(p.partition) },
          { text: p.committedOffset === null ? '-' : String(p.committedOffset) },
          { text: p.logEndOffset === null ? '-' : String(p.logEndOffset) },
          { text: p.lag === null ? '-' : shortCount(p.lag), paint: p.lag !== null && p.lag > 0n ? c.bold : undefined },
          { text: p.consumer ? `${p.consumer.clientId} ${p.consumer.host}` : '-' },
        ]),
      );
      table(cols, rows);
    }
  } else {
    const t = last?.topics.find((x) => x.name === d.name);
    if (!t) {
      out.push(pad(` topic '${d.name}' is gone`, w));
    } else {
      const window = input.samples.slice(-RATE_WINDOW);
      const rateOf = (partition: number) => ratePerSecond(window.map((s) => ({ time: s.time, value: topicIn(s, t.name)?.partitions.find((p) => p.partition === partition)?.endOffset ?? null })));
      const row = topicRows(input.samples, '', 'name').find((r) => r.name === t.name)!;
      out.push(c.bold(pad(` TOPIC ${t.name} · ${t.partitions.length} partition${t.partitions.length === 1 ? '' : 's'} · in ${shortRate(row.inPerSec)}/s · ${row.underReplicated} under-replicated · ${row.offline} offline · ${shortBytes(row.size)}`, w)));
      out.push(' '.repeat(w));
      const cols: Col[] = [
        { title: 'PARTITION', width: 9, right: true },
        { title: 'LEADER', width: 6, right: true },
        { title: 'REPLICAS', flex: 1 },
        { title: 'ISR', flex: 1 },
        { title: 'END-OFFSET', width: 14, right: true },
        { title: 'IN/S', width: 8, right: true },
      ];
      const rows = t.partitions.map((p): Cell[] => [
        { text: String(p.partition) },
        { text: p.leader < 0 ? 'none' : String(p.leader), paint: p.leader < 0 ? c.red : undefined },
        { text: p.replicas.join(',') },
        { text: p.isr.join(','), paint: p.isr.length < p.replicas.length ? c.yellow : undefined },
        { text: p.endOffset === null ? '-' : String(p.endOffset) },
        { text: shortRate(rateOf(p.partition)) },
      ]);
      table(cols, rows);
    }
  }
  return out;
}

/** The frame: a header, the panes (or an opened topic or group), an error line if the last read failed, the key help. */
export function renderTopFrame(input: TopFrameInput, c: ChalkInstance): string[] {
  const { width, height } = input;
  if (height <= 0 || width <= 0) return [];
  const body = Math.max(0, height - 2 - (input.error ? 1 : 0));
  const main = input.samples.length === 0 ? [pad(' reading the cluster…', width)] : input.view.detail ? detailView(input, body, c) : listView(input, body, c);
  const lines = [header(input, c), ...main.slice(0, body)];
  while (lines.length < 1 + body) lines.push(' '.repeat(width));
  if (input.error) lines.push(c.red(pad(` ${input.error}`, width)));
  lines.push(footer(input, c));
  return lines.slice(0, height);
}

/** How many rows the focused pane (or the opened detail) has, for moving the selection. */
export function rowCount(samples: readonly TopSample[], view: TopViewState): number {
  const last = samples[samples.length - 1];
  if (!last) return 0;
  if (view.detail) {
    if (view.detail.kind === 'topic') return last.topics.find((t) => t.name === view.detail!.name)?.partitions.length ?? 0;
    return last.groups.find((g) => g.group === view.detail!.name)?.topics.reduce((a, t) => a + t.partitions.length, 0) ?? 0;
  }
  return view.pane === 'topics' ? topicRows(samples, view.filter, view.topicSort).length : groupRows(samples, view.filter, view.groupSort).length;
}

/** The name of the selected row (what Enter opens). */
export function selectedName(samples: readonly TopSample[], view: TopViewState): string | undefined {
  return view.pane === 'topics' ? topicRows(samples, view.filter, view.topicSort)[view.selected]?.name : groupRows(samples, view.filter, view.groupSort)[view.selected]?.group;
}
