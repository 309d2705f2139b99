/** `cluster elect-leaders`: per partition, the leader before and after and what happened. */
import type { ChalkInstance } from 'chalk';
import type { ElectionRow } from '../../kafka/admin/elect-leaders.js';
import { renderTable } from '../output.js';

/** `[{ topic, partition, leaderBefore, leaderAfter, outcome: "elected" | "not-needed" | "failed", error }]` */
export function electionJson(rows: ElectionRow[]): unknown {
  return rows.map((r) => ({ topic: r.topic, partition: r.partition, leaderBefore: r.leaderBefore, leaderAfter: r.leaderAfter, outcome: r.outcome, error: r.error }));
}

export function renderElection(rows: ElectionRow[], c: ChalkInstance): string {
  return renderTable(
    ['TOPIC', 'PARTITION', 'LEADER-BEFORE', 'LEADER-AFTER', 'RESULT'],
    rows.map((r) => [r.topic, r.partition, r.leaderBefore ?? 'none', r.leaderAfter ?? 'none', r.outcome === 'failed' ? `failed: ${r.error}` : r.outcome === 'elected' ? 'elected' : 'not needed']),
    c,
  );
}

export function electionSummary(rows: ElectionRow[]): string {
  const n = (o: string) => rows.filter((r) => r.outcome === o).length;
  const moved = rows.filter((r) => r.outcome === 'elected' && r.leaderBefore !== r.leaderAfter).length;
  return `${n('elected')} elected (${moved} leader${moved === 1 ? '' : 's'} moved), ${n('not-needed')} already had their preferred leader, ${n('failed')} failed\n`;
}
