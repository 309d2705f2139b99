/**
 * `group reset-offsets` for one topic: the plan (where each partition moves, clamped into its log), committed only
 * when asked. The group listing, describing and deleting, and the GroupSession requests, are in groups.ts.
 */
import { KafkaError, UsageError } from '../../core/errors.js';
import type { KafkaClient } from '../client/client.js';
import { missingTopicError, tpKey } from '../client/session.js';
import { GroupSession, type GroupType } from './groups.js';

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export type ResetMode =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'offset'; offset: bigint }
  | { kind: 'datetime'; timestampMs: bigint }
  | { kind: 'shift'; by: bigint };

export interface ResetOptions {
  group: string;
  topic: string;
  /** undefined: every partition of the topic. */
  partitions?: number[];
  mode: ResetMode;
  execute: boolean;
}

export interface ResetPlanRow {
  topic: string;
  partition: number;
  currentOffset: bigint | null;
  newOffset: bigint;
  /** Set when the target was outside the log and was moved to its start or end (as Apache's tool does). */
  clamped: 'log-start' | 'log-end' | null;
}

export interface ResetPlan {
  group: string;
  type: GroupType;
  state: string;
  executed: boolean;
  partitions: ResetPlanRow[];
  /** With --all-topics: how many planned partitions have a commit, and how many were added by --include-uncommitted. */
  allTopics?: { committed: number; uncommitted: number };
}

/** Where `mode` moves one partition, before clamping into [logStart, logEnd]. */
export function targetOffset(mode: ResetMode, current: bigint | null, logStart: bigint, logEnd: bigint, atTime: bigint | null): bigint {
  switch (mode.kind) {
    case 'earliest':
      return logStart;
    case 'latest':
      return logEnd;
    case 'offset':
      return mode.offset;
    case 'datetime':
      // No record at or after the time: the end of the log (as Apache's --to-datetime).
      return atTime ?? logEnd;
    case 'shift':
      if (current === null) throw new KafkaError('cannot --shift-by a partition with no committed offset');
      return current + mode.by;
  }
}

export function clampOffset(target: bigint, logStart: bigint, logEnd: bigint): { offset: bigint; clamped: ResetPlanRow['clamped'] } {
  if (target < logStart) return { offset: logStart, clamped: 'log-start' };
  if (target > logEnd) return { offset: logEnd, clamped: 'log-end' };
  return { offset: target, clamped: null };
}

const ACTIVE_STATES = new Set(['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Assigning', 'Reconciling']);

/** The modes a share group's start offset can be reset with (AlterShareGroupOffsets, as kafka-share-groups). */
const SHARE_MODES = new Set<ResetMode['kind']>(['earliest', 'latest', 'datetime', 'offset']);

/**
 * `group reset-offsets`: computes the plan, and commits it only with `execute`. Refuses, before sending
 * anything, while the group (of any type) has members. Share groups get new start offsets
 * (AlterShareGroupOffsets); the others new committed offsets (OffsetCommit).
 */
export async function resetOffsets(client: KafkaClient, o: ResetOptions): Promise<ResetPlan> {
  const s = await GroupSession.open(client);
  try {
    const [desc] = await s.describeGroups([o.group]);
    if (desc!.members.length > 0 || ACTIVE_STATES.has(desc!.state)) {
      throw new KafkaError(
        `group '${o.group}' has ${plural(desc!.members.length, 'active member')} (state ${desc!.state}): ` +
          'offsets can only be reset while no consumer of the group is running; stop them first',
      );
    }
    const share = desc!.type === 'share';
    if (share && !SHARE_MODES.has(o.mode.kind)) throw new UsageError(`share group '${o.group}': --shift-by is not supported; use --to-earliest, --to-latest, --to-datetime or --to-offset`);
    const partitions = (await s.topics()).get(o.topic);
    if (!partitions) throw missingTopicError([o.topic]);
    const all = partitions.map((p) => p.partition);
    const chosen = o.partitions ?? all;
    const unknown = chosen.filter((p) => !all.includes(p));
    if (unknown.length) throw new KafkaError(`topic '${o.topic}' has no partition ${unknown.join(', ')} (it has ${all.length})`);
    const tps = chosen.map((partition) => ({ topic: o.topic, partition }));
    const [committed, offsets, atTime] = await Promise.all([
      share ? s.shareGroupOffsets(o.group).then((m) => new Map([...m].map(([k, v]) => [k, v.startOffset]))) : s.committedOffsets(o.group),
      s.partitionOffsets(tps, true),
      o.mode.kind === 'datetime' ? s.listOffsets(tps, o.mode.timestampMs.toString()) : Promise.resolve(undefined),
    ]);
    const rows: ResetPlanRow[] = tps.map(({ topic, partition }) => {
      const k = tpKey(topic, partition);
      const po = offsets.get(k)!;
      if (po.logStartOffset === null || po.logEndOffset === null) throw new KafkaError(`no leader answered for ${topic}[${partition}]; try again`);
      const current = committed.get(k) ?? null;
      let target: bigint;
      try {
        target = targetOffset(o.mode, current, po.logStartOffset, po.logEndOffset, atTime?.get(k) ?? null);
      } catch (e) {
        throw new KafkaError(`${topic}[${partition}]: ${(e as Error).message}`);
      }
      const c = clampOffset(target, po.logStartOffset, po.logEndOffset);
      return { topic, partition, currentOffset: current, newOffset: c.offset, clamped: c.clamped };
    });
    if (o.execute) {
      const target = rows.map((r) => ({ topic: r.topic, partition: r.partition, offset: r.newOffset }));
      if (share) await s.alterShareGroupOffsets(o.group, target);
      else await s.commitOffsets(o.group, target);
    }
    return { group: o.group, type: desc!.type, state: desc!.state, executed: o.execute, partitions: rows };
  } finally {
    await s.close();
  }
}
