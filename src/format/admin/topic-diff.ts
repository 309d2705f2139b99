/** `topic diff` views: one row per difference (table) and the documented JSON. */
import type { ChalkInstance } from 'chalk';
import type { ConfigDifference, TopicDiff } from '../../kafka/admin/topic-diff.js';
import { renderJson, renderTable, type Cell } from '../output.js';

export const DIFF_HEADERS = ['TOPIC', 'WHAT', 'SOURCE', 'TARGET'];

function side(v: ConfigDifference['source']): string {
  if (v === null) return '(not known)';
  const text = v.value === null ? '(sensitive)' : v.value;
  return v.overridden ? text : `${text} (default)`;
}

/** Rows in topic order: topics only on one side, then partition, replication and config differences. */
export function toDiffRows(d: TopicDiff): Cell[][] {
  const rows: Array<[string, Cell[]]> = [];
  for (const t of d.onlyInSource) rows.push([t, [t, 'only in source', 'exists', '-']]);
  for (const t of d.onlyInTarget) rows.push([t, [t, 'only in target', '-', 'exists']]);
  for (const t of d.different) {
    const r: Cell[][] = [];
    if (t.partitions) r.push([t.topic, 'partitions', t.partitions.source, t.partitions.target]);
    if (t.replicationFactor) r.push([t.topic, 'replication-factor', t.replicationFactor.source, t.replicationFactor.target]);
    for (const c of t.configs) r.push([t.topic, c.name, side(c.source), side(c.target)]);
    for (const row of r) rows.push([t.topic, row]);
  }
  return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, r]) => r);
}

export function diffSummary(d: TopicDiff): string {
  const n = (k: number, what: string) => `${k} topic${k === 1 ? '' : 's'} ${what}`;
  return [n(d.onlyInSource.length, 'only in source'), n(d.onlyInTarget.length, 'only in target'), n(d.different.length, 'different'), n(d.same, 'the same')].join(', ');
}

export function renderDiffTable(d: TopicDiff, c: ChalkInstance): string {
  return renderTable(DIFF_HEADERS, toDiffRows(d), c);
}

export interface DiffSides {
  source: string;
  target: string;
}

export function toDiffJson(d: TopicDiff, sides: DiffSides): unknown {
  const cfg = (v: ConfigDifference['source']) => (v === null ? null : { value: v.value, default: !v.overridden });
  return {
    source: sides.source,
    target: sides.target,
    identical: d.onlyInSource.length === 0 && d.onlyInTarget.length === 0 && d.different.length === 0,
    onlyInSource: d.onlyInSource,
    onlyInTarget: d.onlyInTarget,
    different: d.different.map((t) => ({
      topic: t.topic,
      partitions: t.partitions ?? null,
      replicationFactor: t.replicationFactor ?? null,
      configs: t.configs.map((c) => ({ name: c.name, source: cfg(c.source), target: cfg(c.target) })),
    })),
    same: d.same,
  };
}

export function renderDiffJson(d: TopicDiff, sides: DiffSides): string {
  return renderJson(toDiffJson(d, sides));
}
