/** Lag views: pure row builders (toLagRows, toTopicTotals, toLagJson) and renderers. No Kafka, no exit codes. */
import { groupTrends, renderTrendLines, trendJson } from './lag-trend.js';
import type { ChalkInstance } from 'chalk';
import type { GroupLag, LagReport } from '../kafka/groups/lag.js';
import { position, renderJson, renderTable, type Cell } from './output.js';
import { localTime } from './records/records.js';
import { screenFrame } from './screen.js';

/** `1234` -> `1.2s`, `185000` -> `3m05s`. Human ages for the TIME-LAG column. */
export function formatAge(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${(ms / 1000).toFixed(s < 10 ? 1 : 0)}s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${pad(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86400)}d${pad(Math.floor((s % 86400) / 3600))}h`;
}

export const LAG_HEADERS = ['TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER', 'HOST'];
/** A share group's position is its share-partition start offset, and its partitions have no single consumer (as kafka-share-groups). */
export const SHARE_LAG_HEADERS = ['TOPIC', 'PARTITION', 'START-OFFSET', 'LOG-END-OFFSET', 'LAG'];

export function lagHeaders(g: GroupLag, withTime: boolean): string[] {
  const h = g.type === 'share' ? SHARE_LAG_HEADERS : LAG_HEADERS;
  return withTime ? [...h, 'TIME-LAG'] : h;
}

/** One row per partition, as Apache's tool prints them ('-' where there is no value). */
export function toLagRows(g: GroupLag, withTime: boolean): Cell[][] {
  return g.topics.flatMap((t) =>
    t.partitions.map((p) => {
      const row: Cell[] = [p.topic, p.partition, p.committedOffset, p.logEndOffset, p.lag];
      if (g.type !== 'share') row.push(p.consumer?.clientId ?? null, p.consumer?.host ?? null);
      if (withTime) row.push(formatAge(p.timeLagMs));
      return row;
    }),
  );
}

/** Rates between two reads of the same group and topic, per second. */
export interface TopicRates {
  consumedPerSec: number;
  producedPerSec: number;
}

/** Consumption and production rates per group and topic, from the committed and log-end offsets of two reads. */
export function computeRates(prev: LagReport, cur: LagReport): Map<string, TopicRates> {
  const out = new Map<string, TopicRates>();
  const dt = (cur.time - prev.time) / 1000;
  if (dt <= 0) return out;
  const index = new Map<string, { committed: bigint | null; end: bigint | null }>();
  for (const g of prev.groups) for (const t of g.topics) for (const p of t.partitions) index.set(`${g.group}\u0000${t.topic}\u0000${p.partition}`, { committed: p.committedOffset, end: p.logEndOffset });
  for (const g of cur.groups) {
    for (const t of g.topics) {
      let consumed = 0n;
      let produced = 0n;
      for (const p of t.partitions) {
        const before = index.get(`${g.group}\u0000${t.topic}\u0000${p.partition}`);
        if (!before) continue;
        if (before.committed !== null && p.committedOffset !== null) consumed += p.committedOffset - before.committed;
        if (before.end !== null && p.logEndOffset !== null) produced += p.logEndOffset - before.end;
      }
      out.set(`${g.group}\u0000${t.topic}`, { consumedPerSec: Number(consumed) / dt, producedPerSec: Number(produced) / dt });
    }
  }
  return out;
}

function rate(n: number): string {
  const v = Math.abs(n) >= 100 ? Math.round(n).toString() : n.toFixed(1);
  return `${v}/s`;
}

/** Per-topic totals of a group (and rates when a previous read is given). */
export function toTopicTotals(g: GroupLag, withTime: boolean, rates?: Map<string, TopicRates>): { headers: string[]; rows: Cell[][] } {
  const headers = ['TOPIC', 'PARTITIONS', 'NO-OFFSET', 'TOTAL-LAG'];
  if (withTime) headers.push('MAX-TIME-LAG');
  if (rates) headers.push('CONSUMED', 'PRODUCED');
  const rows = g.topics.map((t) => {
    const row: Cell[] = [t.topic, t.partitions.length, t.partitions.filter((p) => p.committedOffset === null).length, t.totalLag];
    if (withTime) {
      const ages = t.partitions.map((p) => p.timeLagMs).filter((x): x is number => typeof x === 'number');
      row.push(ages.length ? formatAge(Math.max(...ages)) : '-');
    }
    if (rates) {
      const r = rates.get(`${g.group}\u0000${t.topic}`);
      row.push(r ? rate(r.consumedPerSec) : '-', r ? rate(r.producedPerSec) : '-');
    }
    return row;
  });
  return { headers, rows };
}

export function groupHeadline(g: GroupLag, withTime: boolean): string {
  const members = `${g.members} member${g.members === 1 ? '' : 's'}`;
  const time = withTime ? `, max time lag ${formatAge(g.maxTimeLagMs)}` : '';
  const type = g.type === 'unknown' ? '' : ` (${g.type})`;
  return `Group ${g.group}${type}: state ${g.state}, ${members}, total lag ${g.totalLag}${time}`;
}

type MemberView = GroupLag['memberList'][number];
const sameAssignment = (a: MemberView['assignment'], b: MemberView['assignment']) => compactAssignment(a) === compactAssignment(b);

/** A consumer (KIP-848) member whose assignment is not yet its target. */
export function isReconciling(m: MemberView): boolean {
  return m.targetAssignment !== undefined && !sameAssignment(m.assignment, m.targetAssignment);
}

/** The member columns of a group type: consumer groups add the epochs and target (as Apache's --members --verbose), share groups the epoch. */
export function memberHeaders(type: GroupLag['type']): string[] {
  if (type === 'consumer') return [...MEMBER_HEADERS, 'EPOCH', 'TARGET-EPOCH', 'TARGET-ASSIGNMENT'];
  if (type === 'share') return [...MEMBER_HEADERS, 'EPOCH'];
  return MEMBER_HEADERS;
}

/** `--members`: one row per member, with the partitions it is assigned (as kafka-consumer-groups --members --verbose). */
export function toMemberRows(g: GroupLag): Cell[][] {
  return g.memberList.map((m) => {
    const row: Cell[] = [m.memberId, m.clientId, m.host, m.assignment.length, compactAssignment(m.assignment) || '-'];
    if (g.type === 'share' || g.type === 'consumer') row.push(m.memberEpoch ?? '-');
    if (g.type === 'consumer') {
      const target = m.targetAssignment === undefined ? '-' : compactAssignment(m.targetAssignment) || '-';
      row.push(g.targetAssignmentEpoch ?? '-', isReconciling(m) ? `${target} (reconciling)` : target);
    }
    return row;
  });
}

export const MEMBER_HEADERS = ['MEMBER-ID', 'CLIENT-ID', 'HOST', '#PARTITIONS', 'ASSIGNMENT'];

const tpJson = (tps: MemberView['assignment']) => tps.map((a) => ({ topic: a.topic, partition: a.partition }));

/** A member in JSON: consumer groups add memberEpoch, targetAssignmentEpoch, targetAssignment and reconciling; share groups memberEpoch. */
function memberJson(g: GroupLag, m: MemberView): Record<string, unknown> {
  const base: Record<string, unknown> = { memberId: m.memberId, clientId: m.clientId, host: m.host, instanceId: m.instanceId ?? null, assignment: tpJson(m.assignment) };
  if (g.type === 'share' || g.type === 'consumer') base.memberEpoch = m.memberEpoch ?? null;
  if (g.type === 'consumer') {
    base.targetAssignmentEpoch = g.targetAssignmentEpoch ?? null;
    base.targetAssignment = m.targetAssignment ? tpJson(m.targetAssignment) : null;
    base.reconciling = isReconciling(m);
  }
  return base;
}

/** `t(0,1,2),u(3)`: a member's partitions by topic, as Apache's --members --verbose prints them. */
export function compactAssignment(tps: ReadonlyArray<{ topic: string; partition: number }>): string {
  const byTopic = new Map<string, number[]>();
  for (const tp of tps) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
  return [...byTopic]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([t, ps]) => `${t}(${ps.sort((a, b) => a - b).join(',')})`)
    .join(',');
}

export interface LagTableOptions {
  /** Also list each group's members. */
  members?: boolean;
}

/** The table view: per group a headline, the partition table, and per-topic totals. */
export function renderLagTable(r: LagReport, c: ChalkInstance, withTime: boolean, previous?: LagReport, o: LagTableOptions = {}): string {
  const rates = previous ? computeRates(previous, r) : undefined;
  const parts: string[] = [];
  for (const g of r.groups) {
    let s = c.bold(groupHeadline(g, withTime)) + '\n';
    if (g.members === 0 && g.state !== 'Dead') s += `No active members: offsets below are the last ${g.type === 'share' ? 'start offsets' : 'committed ones'}.\n`;
    if (o.members && g.memberList.length) s += '\n' + renderTable(memberHeaders(g.type), toMemberRows(g), c);
    if (g.topics.length === 0) {
      s += `No ${g.type === 'share' ? 'start' : 'committed'} offsets and no assigned partitions.\n`;
    } else {
      s += '\n' + renderTable(lagHeaders(g, withTime), toLagRows(g, withTime), c);
      const totals = toTopicTotals(g, withTime, rates);
      s += '\n' + renderTable(totals.headers, totals.rows, c);
    }
    parts.push(s);
  }
  return parts.join('\n');
}

/* -------------------------------------------------------------- overview (lag --all-groups) */

export function overviewHeaders(withTime: boolean): string[] {
  const h = ['GROUP', 'TYPE', 'STATE', 'MEMBERS', 'TOPICS', 'TOTAL-LAG'];
  return withTime ? [...h, 'MAX-TIME-LAG'] : h;
}

/** One row per group, the most lagging first (ties by name). */
export function toOverviewRows(r: LagReport, withTime: boolean): Cell[][] {
  return [...r.groups]
    .sort((a, b) => (a.totalLag === b.totalLag ? (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) : a.totalLag > b.totalLag ? -1 : 1))
    .map((g) => {
      const row: Cell[] = [g.group, g.type, g.state, g.members, g.topics.length, g.totalLag];
      if (withTime) row.push(formatAge(g.maxTimeLagMs));
      return row;
    });
}

export function renderLagOverview(r: LagReport, c: ChalkInstance, withTime: boolean): string {
  return renderTable(overviewHeaders(withTime), toOverviewRows(r, withTime), c);
}

/* -------------------------------------------------------------- JSON */

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * The documented `lag -o json` shape: offsets are int64 decimal strings (null: none committed),
 * lags and the oldest unconsumed timestamp exact integers (null: unknown).
 */
export function toLagJson(r: LagReport, withTime: boolean, watch?: { previous?: LagReport; history?: readonly LagReport[] }): unknown {
  const rates = watch?.previous ? computeRates(watch.previous, r) : undefined;
  const trends = watch?.history ? new Map(groupTrends(watch.history).map((t) => [t.group, t])) : undefined;
  const rateFields = (group: string, topic: string) => {
    if (!watch) return {};
    const x = rates?.get(`${group}\u0000${topic}`);
    // Rates need two reads: null on the first report of --watch.
    return { consumedPerSec: x ? round2(x.consumedPerSec) : null, producedPerSec: x ? round2(x.producedPerSec) : null };
  };
  return {
    time: new Date(r.time).toISOString(),
    groups: r.groups.map((g) => ({
      group: g.group,
      type: g.type,
      state: g.state,
      protocolType: g.protocolType,
      members: g.members,
      memberList: g.memberList.map((m) => memberJson(g, m)),
      totalLag: g.totalLag,
      ...(withTime ? { maxTimeLagMs: g.maxTimeLagMs ?? null } : {}),
      ...(trends ? { trend: trendJson(trends.get(g.group)) } : {}),
      topics: g.topics.map((t) => ({
        topic: t.topic,
        totalLag: t.totalLag,
        ...rateFields(g.group, t.topic),
        partitions: t.partitions.map((p) => ({
          partition: p.partition,
          committedOffset: position(p.committedOffset),
          logEndOffset: position(p.logEndOffset),
          lag: p.lag,
          consumer: p.consumer ? { memberId: p.consumer.memberId, clientId: p.consumer.clientId, host: p.consumer.host } : null,
          ...(withTime ? { oldestUnconsumedTimestamp: p.oldestUnconsumedTimestamp ?? null, timeLagMs: p.timeLagMs ?? null } : {}),
        })),
      })),
    })),
  };
}

export function renderLagJson(r: LagReport, withTime: boolean): string {
  return renderJson(toLagJson(r, withTime));
}

/* -------------------------------------------------------------- thresholds */

export interface LagBreach {
  group: string;
  what: string;
}

/** Which groups break `--max-lag` (total) or `--max-lag-per-partition`; empty: all within. */
export function findBreaches(r: LagReport, maxLag: bigint | undefined, maxPerPartition: bigint | undefined): LagBreach[] {
  const out: LagBreach[] = [];
  for (const g of r.groups) {
    if (maxLag !== undefined && g.totalLag > maxLag) out.push({ group: g.group, what: `total lag ${g.totalLag} > ${maxLag}` });
    if (maxPerPartition !== undefined) {
      const over = g.topics.flatMap((t) => t.partitions.filter((p) => p.lag !== null && p.lag > maxPerPartition));
      if (over.length) {
        const shown = over.slice(0, 3).map((p) => `${p.topic}[${p.partition}]=${p.lag}`).join(', ');
        out.push({ group: g.group, what: `${over.length} partition${over.length === 1 ? '' : 's'} over ${maxPerPartition} (${shown}${over.length > 3 ? ', ...' : ''})` });
      }
    }
  }
  return out;
}

/* -------------------------------------------------------------- the table view as a whole, and --watch frames */

export interface LagViewOptions {
  allGroups: boolean;
  time: boolean;
  /** --details: with --all-groups, also the partition tables. */
  details: boolean;
  /** --members: also each group's members (and, with --all-groups, the partition tables). */
  members: boolean;
}

/** --all-groups: the overview (and the partition tables with --details or --members); named groups: their partition tables. */
export function renderLagView(report: LagReport, c: ChalkInstance, o: LagViewOptions, previous?: LagReport): string {
  const tables = () => renderLagTable(report, c, o.time, previous, { members: o.members });
  if (!o.allGroups) return tables();
  const overview = renderLagOverview(report, c, o.time);
  return o.details || o.members ? `${overview}\n${tables()}` : overview;
}

/** One --watch table frame: when and how often, then the view; `inPlace` redraws a terminal screen. */
export function renderLagWatchFrame(report: LagReport, c: ChalkInstance, o: LagViewOptions, everyMs: number, previous: LagReport | undefined, inPlace: boolean, history?: readonly LagReport[]): string {
  const head = `Every ${everyMs >= 1000 ? `${everyMs / 1000}s` : `${everyMs}ms`}: ${localTime(report.time)}${previous ? '' : ' (rates from the next read on)'}\n\n`;
  const trend = history && report.groups.length ? `\n${renderTrendLines(history, c)}` : '';
  const body = report.groups.length ? renderLagView(report, c, o, previous) + trend : 'no consumer groups\n';
  return screenFrame(head + body, inPlace);
}
