/** Views of `group list`, `group reset-offsets`, `group delete-offsets` and `group delete`. Pure; no Kafka. */
import type { ChalkInstance } from 'chalk';
import type { DeleteResult, GroupSummary } from '../kafka/groups/groups.js';
import type { ResetPlan } from '../kafka/groups/reset-offsets.js';
import type { DeleteOffsetsPlan, DeleteOffsetsRow } from '../kafka/groups/delete-offsets.js';
import { position, renderTable, type Cell } from './output.js';

/** A group of `group list`, with its total lag when `--lag` asked for it (null: not a consuming group, or unknown). */
export type ListedGroup = GroupSummary & { totalLag?: bigint | null };

export function toGroupListRows(groups: ListedGroup[], withLag = false): Cell[][] {
  return groups.map((g) => {
    const row: Cell[] = [g.group, g.type, g.state, g.members, g.protocolType || '-'];
    if (withLag) row.push(g.totalLag ?? null);
    return row;
  });
}

export function renderGroupListTable(groups: ListedGroup[], c: ChalkInstance, withLag = false): string {
  const headers = ['GROUP', 'TYPE', 'STATE', 'MEMBERS', 'PROTOCOL-TYPE'];
  if (withLag) headers.push('TOTAL-LAG');
  return renderTable(headers, toGroupListRows(groups, withLag), c);
}

/** `group list -o json`: [{"group", "type", "state", "members", "protocolType"}] (+ "totalLag" with --lag). */
export function toGroupListJson(groups: ListedGroup[], withLag = false): unknown {
  return groups.map((g) => ({
    group: g.group,
    type: g.type,
    state: g.state,
    members: g.members,
    protocolType: g.protocolType,
    ...(withLag ? { totalLag: g.totalLag ?? null } : {}),
  }));
}

export function toResetRows(plan: ResetPlan): Cell[][] {
  return plan.partitions.map((p) => [
    p.topic,
    p.partition,
    p.currentOffset,
    p.newOffset,
    p.clamped === 'log-start' ? 'moved to log start' : p.clamped === 'log-end' ? 'moved to log end' : '',
  ]);
}

export function renderResetTable(plan: ResetPlan, c: ChalkInstance): string {
  return renderTable(['TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'NEW-OFFSET', 'NOTE'], toResetRows(plan), c);
}

/** `group reset-offsets -o json`: offsets as int64 decimal strings, currentOffset null when none was committed. */
export function toResetJson(plan: ResetPlan): unknown {
  return {
    group: plan.group,
    type: plan.type,
    state: plan.state,
    executed: plan.executed,
    partitions: plan.partitions.map((p) => ({
      topic: p.topic,
      partition: p.partition,
      currentOffset: position(p.currentOffset),
      newOffset: position(p.newOffset),
      clamped: p.clamped,
    })),
  };
}

export function resetSummary(plan: ResetPlan): string {
  const n = plan.partitions.length;
  const what = `${n} partition${n === 1 ? '' : 's'} of ${plan.type === 'share' ? 'share ' : ''}group '${plan.group}'`;
  const done = plan.type === 'share' ? 'Set new start offsets' : 'Committed new offsets';
  const a = plan.allTopics;
  const scope = !a ? '' : a.uncommitted > 0
    ? ` --all-topics with --include-uncommitted: ${a.committed} committed + ${a.uncommitted} with no commit (now given one).`
    : ' --all-topics: only the partitions the group has committed (--include-uncommitted adds the rest of those topics).';
  return (plan.executed ? `${done} for ${what}.` : `Dry run: nothing changed (${what}). Add --execute to apply this plan.`) + scope;
}

export function renderDeleteTable(results: DeleteResult[], c: ChalkInstance): string {
  return renderTable(['GROUP', 'STATUS'], results.map((r) => [r.group, r.deleted ? 'deleted' : `not deleted: ${r.error}`]), c);
}

/** `group delete -o json`: [{"group", "status": "deleted"|"failed", "error": string|null}]. */
export function toDeleteJson(results: DeleteResult[]): unknown {
  return results.map((r) => ({ group: r.group, status: r.deleted ? 'deleted' : 'failed', error: r.error }));
}

const DELETE_OFFSET_STATUS: Record<DeleteOffsetsRow['status'], string> = {
  planned: 'would be deleted',
  deleted: 'deleted',
  'no-commit': 'no committed offset',
  refused: 'refused',
  failed: 'failed',
};

export function renderDeleteOffsetsTable(plan: DeleteOffsetsPlan, c: ChalkInstance): string {
  const rows = plan.partitions.map((p) => [p.topic, p.partition, p.committedOffset, DELETE_OFFSET_STATUS[p.status] + (p.error ? `: ${p.error}` : '')]);
  return renderTable(['TOPIC', 'PARTITION', 'COMMITTED-OFFSET', 'STATUS'], rows, c);
}

/** `group delete-offsets -o json`: committedOffset an int64 string (null when none was committed). */
export function toDeleteOffsetsJson(plan: DeleteOffsetsPlan): unknown {
  return {
    group: plan.group,
    type: plan.type,
    state: plan.state,
    executed: plan.executed,
    partitions: plan.partitions.map((p) => ({ topic: p.topic, partition: p.partition, committedOffset: position(p.committedOffset), status: p.status, error: p.error })),
  };
}

export function deleteOffsetsSummary(plan: DeleteOffsetsPlan): string {
  const count = (st: DeleteOffsetsRow['status']) => plan.partitions.filter((p) => p.status === st).length;
  const parts = (k: number) => `${k} partition${k === 1 ? '' : 's'}`;
  const none = count('no-commit');
  const left = count('refused') + count('failed');
  const n = plan.partitions.length - none;
  if (n === 0) return `${plan.executed ? 'Nothing deleted' : 'Dry run: nothing to delete'}: group '${plan.group}' has no committed offset on the ${parts(none)} given.`;
  const note = none === 0 ? '' : ` ${parts(none)} ${none === 1 ? 'has' : 'have'} no committed offset (nothing to delete there).`;
  if (!plan.executed) return `Dry run: nothing changed (${parts(n)} of group '${plan.group}'). Add --execute to delete these committed offsets.${note}`;
  return `Deleted the committed offsets of ${parts(count('deleted'))} of group '${plan.group}'.` + (left ? ` ${left} not deleted (see STATUS).` : '') + note;
}
