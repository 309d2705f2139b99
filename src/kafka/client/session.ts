/**
 * A connection pool to the cluster for one command (or one --watch loop), talking to the brokers directly
 * through kafkajs's internal Cluster (see protocol/kafkajs.ts) so that requests are batched across topics: one Metadata
 * request for every topic, one ListOffsets per partition leader for every partition asked. Offsets are read
 * READ_UNCOMMITTED: the end of a partition is its high watermark, as Apache's tools report it (kafkajs's admin
 * reads the last stable offset, one topic at a time). GroupSession (groups.ts) adds the consumer-group requests.
 */
import { KafkaError, NotFound } from '../../core/errors.js';
import { kafkaFailure, probe, type KafkaClient } from './client.js';
import { mapLimit } from './concurrency.js';
import { fetch } from '../protocol/fetch.js';
import { createInternalCluster, READ_UNCOMMITTED, type InternalBroker, type InternalCluster } from '../protocol/kafkajs.js';
import { listOffsets as sendListOffsets } from '../protocol/list-offsets.js';
import { isLeaderTransient, NoLeaderYet, retryWhileLeadersMove } from './leader-retry.js';

export const LATEST = '-1';
export const EARLIEST = '-2';

export interface TopicPartition {
  topic: string;
  partition: number;
}

/** One partition as the cluster metadata shows it. Broker ids; leader -1 when the partition has none. */
export interface PartitionInfo {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
}

export interface PartitionOffsets {
  /** null: the partition's leader did not answer. */
  logStartOffset: bigint | null;
  logEndOffset: bigint | null;
}

/** One partition's answer to ListOffsets: the offset (null when none), and Kafka's error code (0: none; -1: no leader to ask). */
export interface OffsetAnswer {
  offset: bigint | null;
  errorCode: number;
}

/** Key of a topic-partition in maps. */
/** Separates topic and partition in tpKey (a topic name cannot hold it). */
export const TP_SEPARATOR = '\u0000';
export const tpKey = (topic: string, partition: number): string => `${topic}${TP_SEPARATOR}${partition}`;

/** A topic asked for is not in the metadata (exit 1, as any KafkaError); a type so callers can wait for a new one. */
export class MissingTopic extends NotFound {
  constructor(missing: readonly string[]) {
    super(missing.length === 1 ? `topic '${missing[0]}' does not exist` : `topics ${missing.map((t) => `'${t}'`).join(', ')} do not exist`, 'topic', missing);
  }
}

export function missingTopicError(missing: string[]): KafkaError {
  return new MissingTopic(missing);
}

/** ListOffsets errors that go away once leadership settles (a new topic, a leader moving). */
const LEADER_ERRORS = new Set([5, 6, 9, 56, 74, 75, 78]); // LEADER_NOT_AVAILABLE, NOT_LEADER_OR_FOLLOWER, REPLICA_NOT_AVAILABLE, KAFKA_STORAGE_ERROR, FENCED/UNKNOWN_LEADER_EPOCH, OFFSET_NOT_AVAILABLE
/** UNKNOWN_TOPIC_OR_PARTITION, UNKNOWN_TOPIC_ID: the topic was deleted. */
export const UNKNOWN_TOPIC_CODES = new Set([3, 100]);
const NO_LEADER = -1;

/** offsetAnswers' quick rounds while leaders answer "not the leader (yet)" (retried as a leader being elected). */
class LeadersMoving extends NoLeaderYet {}

export interface SessionOptions {
  /** Read metadata of these topics only (they must exist: check first); every topic when absent. */
  topics?: string[];
}

export class ClusterSession {
  protected constructor(
    protected readonly cluster: InternalCluster,
    readonly client: KafkaClient,
  ) {}

  static async open(client: KafkaClient, o: SessionOptions = {}): Promise<ClusterSession> {
    const s = new ClusterSession(createInternalCluster(client.kafka, { isolationLevel: READ_UNCOMMITTED }), client);
    await s.start(o);
    return s;
  }

  /** Connects and reads metadata under the connection deadline (fail fast); disconnects again on failure. */
  protected async start(o: SessionOptions): Promise<void> {
    try {
      if (!o.topics) {
        await probe(this.client.config, async () => {
          await this.cluster.connect();
          await this.cluster.refreshMetadata();
        });
        return;
      }
      await probe(this.client.config, () => this.cluster.connect());
      try {
        await this.cluster.addMultipleTargetTopics(o.topics);
      } catch (e) {
        if ((e as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') throw missingTopicError(o.topics);
        throw this.fail(e, 'read topic metadata');
      }
    } catch (e) {
      await this.cluster.disconnect().catch(() => {});
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.cluster.disconnect();
  }

  /** A connected broker (the first one the metadata lists), for requests any broker answers. */
  async anyBroker(): Promise<InternalBroker> {
    const brokers = this.cluster.brokerPool.metadata.brokers;
    if (brokers.length === 0) throw new KafkaError('the cluster lists no brokers');
    try {
      return await this.cluster.findBroker({ nodeId: brokers[0]!.nodeId });
    } catch (e) {
      throw this.fail(e, 'connect to a broker');
    }
  }

  /** The ids of the brokers the metadata lists, lowest first. */
  brokerIds(): number[] {
    return this.cluster.brokerPool.metadata.brokers.map((b) => b.nodeId).sort((a, b) => a - b);
  }

  /** A connected broker by id, for requests each broker answers for itself (DescribeLogDirs). */
  async broker(nodeId: number): Promise<InternalBroker> {
    try {
      return await this.cluster.findBroker({ nodeId });
    } catch (e) {
      throw this.fail(e, `connect to broker ${nodeId}`);
    }
  }

  protected fail(e: unknown, doing: string): Error {
    return kafkaFailure(e, this.client.config, doing);
  }

  /** The topics of the session's metadata (every topic, or those it was opened for), with their partitions. */
  async topics(refresh = false): Promise<Map<string, PartitionInfo[]>> {
    try {
      // --watch: new partitions appear and leaders move between reads.
      if (refresh) await this.cluster.refreshMetadata();
    } catch (e) {
      throw this.fail(e, 'read topic metadata');
    }
    const out = new Map<string, PartitionInfo[]>();
    for (const t of this.cluster.brokerPool.metadata.topicMetadata) {
      if (t.topicErrorCode !== 0) continue;
      out.set(
        t.topic,
        t.partitionMetadata
          .map((p) => ({ partition: p.partitionId, leader: p.leader ?? NO_LEADER, replicas: [...(p.replicas ?? [])], isr: [...(p.isr ?? [])], offlineReplicas: [...(p.offlineReplicas ?? [])] }))
          .sort((a, b) => a.partition - b.partition),
      );
    }
    return out;
  }

  /**
   * ListOffsets for many partitions at once, one request per partition leader, with each partition's error code
   * (a deleted topic does not hide the others). Partitions whose leader is moving are asked again a few times.
   * `spec`: '-1' latest (the high watermark), '-2' earliest, or a timestamp in ms (the first offset whose
   * timestamp is >= it; offset null when none).
   */
  async offsetAnswers(tps: readonly TopicPartition[], spec: string): Promise<Map<string, OffsetAnswer>> {
    const out = new Map<string, OffsetAnswer>();
    let todo = tps;
    let movingRounds = 0;
    try {
      // A leader that does not answer (it just died; the metadata names it until the controller fences it) is
      // asked again through fresh metadata within --timeout (leader-retry.ts); a leader answering "not the leader
      // (yet)" gets a few quick rounds, then its partitions keep their error code.
      await retryWhileLeadersMove(
        async (attempt) => {
          if (attempt > 1) await this.cluster.refreshMetadata();
          const r = await this.askLeaders(todo, spec, out);
          todo = [...r.moving, ...r.unreachable];
          if (r.unreachable.length) throw r.error;
          if (r.moving.length && ++movingRounds < 6) throw new LeadersMoving('leaders are moving');
        },
        this.client.config.timeoutMs,
        this.client.signal,
      );
    } catch (e) {
      if (e instanceof LeadersMoving) return out;
      throw this.fail(e, 'list partition offsets');
    }
    return out;
  }

  /** One round of offsetAnswers: the partitions to ask again, those whose leader answered "not the leader" and those whose leader did not answer (and why). */
  private async askLeaders(tps: readonly TopicPartition[], spec: string, out: Map<string, OffsetAnswer>): Promise<{ moving: TopicPartition[]; unreachable: TopicPartition[]; error?: unknown }> {
    const topics = await this.topics();
    const byLeader = new Map<number, Map<string, number[]>>();
    for (const { topic, partition } of tps) {
      out.set(tpKey(topic, partition), { offset: null, errorCode: NO_LEADER });
      const leader = topics.get(topic)?.find((p) => p.partition === partition)?.leader;
      if (leader === undefined || leader < 0) continue;
      let perTopic = byLeader.get(leader);
      if (!perTopic) byLeader.set(leader, (perTopic = new Map()));
      let parts = perTopic.get(topic);
      if (!parts) perTopic.set(topic, (parts = []));
      parts.push(partition);
    }
    const moving: TopicPartition[] = [];
    const unreachable: TopicPartition[] = [];
    let error: unknown;
    const results = await Promise.allSettled(
      [...byLeader].map(async ([nodeId, perTopic]) => {
        try {
          const broker = await this.cluster.findBroker({ nodeId });
          const r = await sendListOffsets(broker, {
            isolationLevel: READ_UNCOMMITTED,
            topics: [...perTopic].map(([topic, parts]) => ({ topic, partitions: parts.map((partition) => ({ partition, timestamp: spec })) })),
          });
          for (const t of r.responses) {
            for (const p of t.partitions) {
              const errorCode = p.errorCode ?? 0;
              out.set(tpKey(t.topic, p.partition), { offset: errorCode === 0 && p.offset !== '-1' ? BigInt(p.offset) : null, errorCode });
              if (LEADER_ERRORS.has(errorCode)) moving.push({ topic: t.topic, partition: p.partition });
            }
          }
        } catch (e) {
          if (!isLeaderTransient(e)) throw e;
          error ??= e;
          for (const [topic, parts] of perTopic) for (const partition of parts) unreachable.push({ topic, partition });
        }
      }),
    );
    const fatal = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (fatal) throw this.fail(fatal.reason, 'list partition offsets');
    return { moving, unreachable, error };
  }

  /** Like offsetAnswers, the offset only: null when there is none or the partition could not be read. */
  async listOffsets(tps: readonly TopicPartition[], spec: string): Promise<Map<string, bigint | null>> {
    const answers = await this.offsetAnswers(tps, spec);
    return new Map([...answers].map(([k, a]) => [k, a.offset]));
  }

  /** Log start and log end (high watermark) of each partition. */
  async partitionOffsets(tps: readonly TopicPartition[], withStart: boolean): Promise<Map<string, PartitionOffsets>> {
    const [ends, starts] = await Promise.all([this.listOffsets(tps, LATEST), withStart ? this.listOffsets(tps, EARLIEST) : Promise.resolve(undefined)]);
    const out = new Map<string, PartitionOffsets>();
    for (const { topic, partition } of tps) {
      const k = tpKey(topic, partition);
      out.set(k, { logEndOffset: ends.get(k) ?? null, logStartOffset: starts?.get(k) ?? null });
    }
    return out;
  }

  /**
   * The timestamp (ms) of the first record at or after each given offset: one small Fetch per leader,
   * then one Fetch per partition that came back empty (a record batch bigger than the per-partition
   * limit is only guaranteed to be returned for the first partition of a request).
   */
  async timestampsAt(targets: ReadonlyArray<TopicPartition & { offset: bigint }>): Promise<Map<string, bigint | null>> {
    const topics = await this.topics();
    const out = new Map<string, bigint | null>();
    const byLeader = new Map<number, Array<TopicPartition & { offset: bigint }>>();
    for (const t of targets) {
      out.set(tpKey(t.topic, t.partition), null);
      const leader = topics.get(t.topic)?.find((p) => p.partition === t.partition)?.leader;
      if (leader === undefined || leader < 0) continue;
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), t]);
    }
    const fetchFrom = async (nodeId: number, list: Array<TopicPartition & { offset: bigint }>, partitionMaxBytes: number) => {
      const broker = await this.cluster.findBroker({ nodeId });
      const perTopic = new Map<string, Array<{ partition: number; fetchOffset: bigint; maxBytes: number }>>();
      const wanted = new Map<string, bigint>();
      for (const t of list) {
        perTopic.set(t.topic, [...(perTopic.get(t.topic) ?? []), { partition: t.partition, fetchOffset: t.offset, maxBytes: partitionMaxBytes }]);
        wanted.set(tpKey(t.topic, t.partition), t.offset);
      }
      const r = await fetch(broker, {
        isolationLevel: READ_UNCOMMITTED,
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes: 32 * 1024 * 1024,
        topics: [...perTopic].map(([topic, partitions]) => ({ topic, partitions })),
      });
      for (const t of r.topics) {
        for (const p of t.partitions) {
          const k = tpKey(t.topic, p.partition);
          const from = wanted.get(k);
          if (from === undefined || p.errorCode !== 0) continue;
          // A fetch returns whole batches: skip records before the offset asked for, and control batches.
          const m = p.batches.filter((b) => !b.isControl).flatMap((b) => b.records).find((x) => BigInt(x.offset) >= from);
          if (m) out.set(k, BigInt(m.timestamp));
        }
      }
    };
    try {
      await Promise.all([...byLeader].map(([nodeId, list]) => fetchFrom(nodeId, list, 64 * 1024)));
      const missing = [...byLeader].flatMap(([nodeId, list]) => list.filter((t) => out.get(tpKey(t.topic, t.partition)) === null).map((t) => [nodeId, t] as const));
      await mapLimit(missing, 8, ([nodeId, t]) => fetchFrom(nodeId, [t], 1024 * 1024));
    } catch (e) {
      throw this.fail(e, 'read message timestamps');
    }
    return out;
  }
}
