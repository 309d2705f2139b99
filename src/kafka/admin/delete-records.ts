/**
 * `topic delete-records`: move partitions' low watermarks forward (DeleteRecords), like kafka-delete-records.
 * The plan reads each partition's watermarks (and, for a time, the first offset at or after it) first;
 * executing sends one DeleteRecords through kafkajs, then reads the new low watermarks back.
 */
import { UsageError } from '../../core/errors.js';
import { kafkaFailure, type KafkaClient } from '../client/client.js';
import { ClusterSession, EARLIEST, LATEST, tpKey } from '../client/session.js';
import { fetchTopicPartitions } from '../client/topic-metadata.js';

export type DeleteBefore = { kind: 'offset'; offset: bigint } | { kind: 'time'; ms: number };

export interface DeleteRecordsOptions {
  topic: string;
  before: DeleteBefore;
  /** Only these partitions; all when absent. */
  partitions?: number[];
  execute: boolean;
  /** Executing: called with (0, total) before the requests and again as each leader's request answers. */
  onProgress?: (done: number, total: number) => void;
}

export interface DeleteRecordsRow {
  partition: number;
  /** Low watermark before. */
  low: bigint;
  high: bigint;
  /** The offset records are deleted before (clamped to [low, high]). */
  deleteBefore: bigint;
  /** How many messages go (deleteBefore - low). */
  deleted: bigint;
  /** Low watermark read back after executing; undefined in a plan. */
  newLow?: bigint;
}

export interface DeleteRecordsResult {
  topic: string;
  executed: boolean;
  partitions: DeleteRecordsRow[];
}

function clamp(v: bigint, lo: bigint, hi: bigint): bigint {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Pure: the row of one partition, from its watermarks and the target (null target: no message at/after the time, so all). */
export function deleteRecordsRow(partition: number, low: bigint, high: bigint, target: bigint | null): DeleteRecordsRow {
  const deleteBefore = clamp(target ?? high, low, high);
  return { partition, low, high, deleteBefore, deleted: deleteBefore - low };
}

/** One DeleteRecords per leader broker (as kafkajs groups them), so progress can count each broker's partitions as it answers. */
async function deleteByLeader(client: KafkaClient, o: DeleteRecordsOptions, todo: DeleteRecordsRow[], leaders: Map<number, number>): Promise<void> {
  const byLeader = new Map<number, DeleteRecordsRow[]>();
  for (const r of todo) {
    const l = leaders.get(r.partition) ?? -1;
    byLeader.set(l, [...(byLeader.get(l) ?? []), r]);
  }
  let done = 0;
  o.onProgress?.(0, todo.length);
  const admin = await client.admin();
  const results = await Promise.allSettled(
    [...byLeader.values()].map(async (rs) => {
      await admin.deleteTopicRecords({ topic: o.topic, partitions: rs.map((r) => ({ partition: r.partition, offset: r.deleteBefore.toString() })) });
      done += rs.length;
      o.onProgress?.(done, todo.length);
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw kafkaFailure(failed.reason, client.config, `delete records of '${o.topic}'`);
}

export async function deleteRecords(client: KafkaClient, o: DeleteRecordsOptions): Promise<DeleteRecordsResult> {
  const infos = await fetchTopicPartitions(client, o.topic);
  const all = infos.map((p) => p.partition);
  const missing = (o.partitions ?? []).filter((p) => !all.includes(p));
  if (missing.length) throw new UsageError(`topic '${o.topic}' has no partition ${missing.join(', ')} (it has ${all.length})`);
  const parts = o.partitions ?? all;
  const tps = parts.map((partition) => ({ topic: o.topic, partition }));
  const s = await ClusterSession.open(client, { topics: [o.topic] });
  try {
    const [lows, highs, atTime] = await Promise.all([
      s.listOffsets(tps, EARLIEST),
      s.listOffsets(tps, LATEST),
      o.before.kind === 'time' ? s.listOffsets(tps, String(o.before.ms)) : Promise.resolve(undefined),
    ]);
    const rows = parts.map((p) => {
      const k = tpKey(o.topic, p);
      const low = lows.get(k);
      const high = highs.get(k);
      if (low === null || low === undefined || high === null || high === undefined) throw kafkaFailure(new Error(`no leader answered for ${o.topic}[${p}]; try again`), client.config);
      return deleteRecordsRow(p, low, high, o.before.kind === 'offset' ? o.before.offset : (atTime!.get(k) ?? null));
    });
    if (!o.execute) return { topic: o.topic, executed: false, partitions: rows };
    const todo = rows.filter((r) => r.deleted > 0n);
    if (todo.length) await deleteByLeader(client, o, todo, new Map(infos.map((p) => [p.partition, p.leader])));
    const after = await s.listOffsets(tps, EARLIEST);
    return { topic: o.topic, executed: true, partitions: rows.map((r) => ({ ...r, newLow: after.get(tpKey(o.topic, r.partition)) ?? undefined })) };
  } finally {
    await s.close().catch(() => {});
  }
}
