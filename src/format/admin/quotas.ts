/** `quota list|set|delete`: one row per quota entity and key. */
import type { ChalkInstance } from 'chalk';
import type { QuotaEntry } from '../../kafka/admin/quotas.js';
import { DEFAULT_ENTITY } from '../../core/cluster-state.js';
import { renderTable } from '../output.js';

const part = (e: QuotaEntry['entity'], t: string) => {
  const p = e.find((x) => x.type === t);
  return p === undefined ? '' : p.name ?? DEFAULT_ENTITY;
};

/** `[{"entity": {"user"?, "client-id"?, "ip"?: string|null (null: the default)}, "quotas": {"<key>": number}}]` */
export function quotasJson(entries: QuotaEntry[]): unknown {
  return entries.map((e) => ({
    entity: Object.fromEntries(e.entity.map((p) => [p.type, p.name])),
    quotas: Object.fromEntries(e.values.map((v) => [v.key, Number.isNaN(v.value) ? null : v.value])),
  }));
}

export function renderQuotas(entries: QuotaEntry[], c: ChalkInstance): string {
  const rows = entries.flatMap((e) => e.values.map((v) => [part(e.entity, 'user'), part(e.entity, 'client-id'), part(e.entity, 'ip'), v.key, Number.isNaN(v.value) ? '(removed)' : v.value]));
  return renderTable(['USER', 'CLIENT-ID', 'IP', 'QUOTA', 'VALUE'], rows, c);
}
