/** `plan` and `apply` views: one row per change (+ create, ~ change, - delete, ! refused) and the documented JSON. */
import type { ChalkInstance } from 'chalk';
import type { Plan } from '../../core/cluster-state.js';
import { renderJson, renderTable, type Cell } from '../output.js';

export const PLAN_HEADERS = ['', 'KIND', 'NAME', 'WHAT', 'FROM', 'TO'];

export function planRows(p: Plan): Cell[][] {
  const rows: Cell[][] = p.changes.map((c) => [c.op, c.kind, c.name, c.field ?? '', c.from ?? (c.op === '~' ? '(default)' : ''), c.to ?? (c.op === '~' ? '(default)' : '')]);
  for (const r of p.refused) rows.push(['!', r.kind, r.name, 'refused', '', r.reason]);
  return rows;
}

export function renderPlanTable(p: Plan, c: ChalkInstance): string {
  const colour: Record<string, (s: string) => string> = { '+': c.green, '~': c.yellow, '-': c.red, '!': c.red.bold };
  return renderTable(PLAN_HEADERS, planRows(p).map((r) => [colour[r[0] as string]!(r[0] as string), ...r.slice(1)]), c);
}

export function planSummary(p: Plan): string {
  const n = (op: string) => p.changes.filter((c) => c.op === op).length;
  const parts = [`${n('+')} to create`, `${n('~')} to change`, `${n('-')} to delete`];
  if (p.refused.length) parts.push(`${p.refused.length} refused`);
  if (p.unmanaged) parts.push(`${p.unmanaged} on the cluster but not in the file (left alone; --prune deletes them)`);
  return parts.join(', ');
}

export function planJson(p: Plan): unknown {
  return {
    changes: p.changes.map((c) => ({ op: c.op, kind: c.kind, name: c.name, field: c.field, from: c.from, to: c.to })),
    refused: p.refused.map((r) => ({ kind: r.kind, name: r.name, reason: r.reason })),
    unmanaged: p.unmanaged,
  };
}

export function renderPlanJson(p: Plan): string {
  return renderJson(planJson(p));
}
