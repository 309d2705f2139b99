/** `topic reassign`: the plan, and the status of ongoing reassignments. */
import type { ChalkInstance } from 'chalk';
import type { ReassignPlan, ReassignStatusRow } from '../../kafka/admin/reassign.js';
import { renderTable } from '../output.js';

const ids = (l: number[]) => (l.length ? l.join(',') : null);

/** `{ topic, executed, throttle, partitions: [{ partition, currentReplicas, targetReplicas, changes }] }` */
export function reassignPlanJson(p: ReassignPlan): unknown {
  return { topic: p.topic, executed: p.executed, throttle: p.throttle, partitions: p.partitions.map((r) => ({ partition: r.partition, currentReplicas: r.current, targetReplicas: r.target, changes: r.changes })) };
}

export function renderReassignPlan(p: ReassignPlan, c: ChalkInstance): string {
  return renderTable(['PARTITION', 'CURRENT', 'TARGET', 'CHANGE'], p.partitions.map((r) => [r.partition, ids(r.current), ids(r.target), r.changes ? 'move' : 'none']), c);
}

export function reassignSummary(p: ReassignPlan): string {
  const n = p.partitions.filter((r) => r.changes).length;
  const s = n === 1 ? '' : 's';
  if (n === 0) return `nothing to move: every partition of '${p.topic}' already has these replicas\n`;
  const throttle = p.throttle !== null ? ` with a replication throttle of ${p.throttle} B/s (removed by --status once done)` : '';
  return p.executed
    ? `reassignment of ${n} partition${s} of '${p.topic}' started${throttle}; follow it with: kafka-cli topic reassign ${p.topic} --status\n`
    : `plan only: ${n} partition${s} of '${p.topic}' would move; run again with --execute to start\n`;
}

/** `{ topic, inProgress, partitions: [{ partition, leader, replicas, isr, addingReplicas, removingReplicas, inProgress }] }` */
export function reassignStatusJson(topic: string, rows: ReassignStatusRow[]): unknown {
  return {
    topic,
    inProgress: rows.some((r) => r.inProgress),
    partitions: rows.map((r) => ({ partition: r.partition, leader: r.leader < 0 ? null : r.leader, replicas: r.replicas, isr: r.isr, addingReplicas: r.adding, removingReplicas: r.removing, inProgress: r.inProgress })),
  };
}

export function renderReassignStatus(rows: ReassignStatusRow[], c: ChalkInstance): string {
  return renderTable(
    ['PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'ADDING', 'REMOVING', 'STATE'],
    rows.map((r) => [r.partition, r.leader < 0 ? 'none' : r.leader, ids(r.replicas), ids(r.isr), ids(r.adding), ids(r.removing), r.inProgress ? 'in progress' : 'done']),
    c,
  );
}
