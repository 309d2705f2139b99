import type { ChalkInstance } from 'chalk';
import type { ClusterInfo } from '../kafka/cluster.js';
import { renderTable } from './output.js';

export function renderClusterTable(c: ClusterInfo, color: ChalkInstance): string {
  const head = `Cluster ${c.clusterId}, controller ${c.controller ?? '-'}, ${c.brokers.length} broker${c.brokers.length === 1 ? '' : 's'}\n\n`;
  const rows = c.brokers.map((b) => [b.isController ? `${b.id}*` : String(b.id), b.host, b.port]);
  return head + renderTable(['ID', 'HOST', 'PORT'], rows, color);
}
