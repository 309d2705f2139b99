/**
 * What a tail reads and where it starts, shared by the direct tail (consume.ts) and the group tail
 * (consume-group.ts): the options, the per-partition plan, and the topic's partitions and offsets at start.
 */
import { KafkaError, UsageError } from '../../core/errors.js';
import type { KafkaClient } from '../client/client.js';
import { kafkaFailure, probe } from '../client/client.js';
import { checkKafkajsVersion, createInternalCluster, READ_COMMITTED, READ_UNCOMMITTED, type InternalCluster } from '../protocol/kafkajs.js';
import { EARLIEST, LATEST, listOffsets, type PartitionBounds } from '../groups/offsets.js';
import { missingTopicError } from '../client/session.js';
import { isLeaderTransient, NoLeaderYet, retryWhileLeadersMove } from '../client/leader-retry.js';
import type { ConsumedRecord, StartSpec, StopSpec } from '../../core/records.js';

export interface TailOptions {
  topic: string;
  /** Partitions to read; all when absent. */
  partitions?: number[];
  /** When `partitions` is absent: picks them from the partition count (tail --key reads the key's partition). */
  pickPartitions?: (count: number) => number[];
  from: StartSpec;
  /** Stop at the end offsets captured at start (`--exit`). */
  exitAtEnd: boolean;
  until?: StopSpec;
  readCommitted: boolean;
  /** Consume as a member of this group and commit what was handled. */
  group?: string;
  /** First offset per partition, ahead of `from` (copy --exactly-once: where the group's last commit ended). */
  startAt?: ReadonlyMap<number, bigint>;
  /** Whether --from was given (with --group, the group's committed offsets win otherwise). */
  fromGiven?: boolean;
  /** Long-poll time of a fetch when following. */
  maxWaitMs?: number;
  partitionMaxBytes?: number;
  onWarning?: (message: string) => void;
}

export interface PartitionPlan {
  partition: number;
  /** First offset to read. */
  start: string;
  /** Offset to stop before (--exit end or --until offset); null when following. */
  stop: string | null;
  /** Log start and high watermark at start. */
  earliest: string;
  highWatermark: string;
}

export interface TailSession {
  plan: PartitionPlan[];
  /** Records in fetch order, one array per fetch response. Ends when every partition is done or the signal aborts. */
  batches(): AsyncIterable<ConsumedRecord[]>;
  /** The caller is done with this record (printed or filtered out); with --group its offset gets committed. */
  handled(r: ConsumedRecord): void;
  /** True once every partition reached its stop (--exit end, --until). */
  readonly finished: boolean;
  close(): Promise<void>;
}

/** A partition at start, with where a --until time falls in it. */
export interface TailBounds extends PartitionBounds {
  /**
   * With --until <time>: the offset to stop before when it is already known at start (the first message at or
   * after that time; the end, when no message is that late yet but the time has passed); null when the time is
   * still ahead and the messages' timestamps decide.
   */
  untilOffset?: bigint | null;
}

/** The topic's partitions, leaders and offsets at start, read through kafkajs's internal cluster. */
export interface TopicSnapshot {
  cluster: InternalCluster;
  selected: number[];
  leaderOf: Map<number, number>;
  bounds: Map<number, TailBounds>;
}

/** Connects, checks the topic and partitions, and reads earliest/latest (and by-time) offsets, one round trip per leader. */
export async function snapshotTopic(client: KafkaClient, opts: TailOptions, isolationLevel: number): Promise<TopicSnapshot> {
  const { topic } = opts;
  const cluster = createInternalCluster(client.kafka, { isolationLevel });
  checkKafkajsVersion(); // fail here, not inside the first fetch (which would be retried)
  try {
    await probe(client.config, () => cluster.connect());
    try {
      await cluster.addTargetTopic(topic);
    } catch (e) {
      const t = (e as { type?: string }).type;
      if (t === 'UNKNOWN_TOPIC_OR_PARTITION') throw missingTopicError([topic]);
      if (t === 'INVALID_TOPIC_EXCEPTION') throw new UsageError(`invalid topic name '${topic}'`);
      throw kafkaFailure(e, client.config, `read metadata of '${topic}'`);
    }
    const meta = cluster.findTopicPartitionMetadata(topic).slice().sort((a, b) => a.partitionId - b.partitionId);
    const all = meta.map((m) => m.partitionId);
    const selected = opts.partitions ?? opts.pickPartitions?.(all.length) ?? all;
    const missing = selected.filter((p) => !all.includes(p));
    if (missing.length) {
      throw new UsageError(`partition ${missing.join(', ')} does not exist in topic '${topic}' (it has ${all.length} partition${all.length === 1 ? '' : 's'}: 0-${all.length - 1})`);
    }
    let leaderOf = new Map(meta.map((m) => [m.partitionId, m.leader]));
    const bounds = new Map<number, TailBounds>();
    const untilMs = opts.until?.kind === 'time' ? opts.until.ms : undefined;
    const readBounds = async (leader: number, parts: number[]) => {
      if (leader < 0) throw new NoLeaderYet(`partition ${parts.join(', ')} of '${topic}' has no leader right now`);
      const broker = await cluster.findBroker({ nodeId: leader });
      const [earliest, latest, atTime, atUntil] = await Promise.all([
        listOffsets(broker, topic, parts, EARLIEST, isolationLevel),
        listOffsets(broker, topic, parts, LATEST, isolationLevel),
        opts.from.kind === 'time' ? listOffsets(broker, topic, parts, opts.from.ms, isolationLevel) : undefined,
        untilMs !== undefined ? listOffsets(broker, topic, parts, untilMs, isolationLevel) : undefined,
      ]);
      const untilPassed = untilMs !== undefined && untilMs <= Date.now();
      for (const p of parts) {
        const b: TailBounds = { partition: p, earliest: earliest.get(p)!, latest: latest.get(p)!, atTime: atTime?.get(p) ?? null };
        if (atUntil) {
          const u = atUntil.get(p);
          b.untilOffset = u !== undefined && u >= 0n ? u : untilPassed ? b.latest : null;
        }
        bounds.set(p, b);
      }
    };
    // A leader that just died is still named by the metadata until the controller fences it: refresh and ask the
    // new leader, within --timeout (leader-retry.ts). Partitions already read are not asked again.
    await retryWhileLeadersMove(
      async (attempt) => {
        if (attempt > 1) {
          await cluster.refreshMetadata();
          leaderOf = new Map(cluster.findTopicPartitionMetadata(topic).map((m) => [m.partitionId, m.leader]));
        }
        const todo = selected.filter((p) => !bounds.has(p));
        const results = await Promise.allSettled([...groupBy(todo, (p) => leaderOf.get(p) ?? -1)].map(([leader, parts]) => readBounds(leader, parts)));
        const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
        // An error that would repeat ends the read at once, whatever else is still moving.
        if (failures.length) throw failures.find((e) => !isLeaderTransient(e)) ?? failures[0];
      },
      client.config.timeoutMs,
      client.signal,
    ).catch((e) => {
      throw kafkaFailure(e, client.config, `read offsets of '${topic}'`);
    });
    return { cluster, selected, leaderOf, bounds };
  } catch (e) {
    await cluster.disconnect().catch(() => {});
    throw e;
  }
}

/**
 * Exclusive stop offset of a partition: the end captured at start with --exit, and/or --until <offset>, and/or
 * where --until <time> already falls at start (so a partition that starts past it is done at once).
 */
export function stopOffset(opts: TailOptions, b: TailBounds): bigint | null {
  let stop: bigint | null = opts.exitAtEnd ? b.latest : null;
  if (opts.until?.kind === 'offset' && (stop === null || opts.until.offset < stop)) stop = opts.until.offset;
  if (b.untilOffset != null && (stop === null || b.untilOffset < stop)) stop = b.untilOffset;
  return stop;
}

export function isolationOf(opts: TailOptions): number {
  return opts.readCommitted ? READ_COMMITTED : READ_UNCOMMITTED;
}

export function groupBy<T, K>(items: T[], key: (t: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const i of items) {
    const k = key(i);
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  }
  return m;
}
