/**
 * `broker log-dirs` and the size column of `top`: DescribeLogDirs (through the protocol room) sent to each broker,
 * which answers for its own log dirs: per dir, every replica it holds with its size on disk, its offset lag behind
 * the partition's high watermark (a follower) and whether it is a future replica (a move between dirs under way).
 */
import { KafkaError } from '../../core/errors.js';
import { kafkaFailure, probe, type KafkaClient } from '../client/client.js';
import { missingTopicError, type ClusterSession, type PartitionInfo } from '../client/session.js';
import { send, type ApiRequests, type InternalBroker } from '../protocol/index.js';
import { createInternalCluster, errorText, READ_UNCOMMITTED } from '../protocol/kafkajs.js';

type DescribeLogDirsRequest = ApiRequests['DescribeLogDirs'];

export interface LogDirReplica {
  topic: string;
  partition: number;
  /** Bytes on disk of this replica's log. */
  size: bigint;
  /** How far this replica's log end is behind the high watermark (0 on the leader), or behind the current replica for a future one. */
  offsetLag: bigint;
  /** A future replica: being copied to this dir (kafka-reassign-partitions with log dirs). */
  isFuture: boolean;
}

export interface LogDir {
  path: string;
  /** Kafka's reason the dir cannot be read (offline, storage error); null when it answered. */
  error: string | null;
  /** Capacity and free space of the dir's volume (v4+, Kafka 3.3+); null when the broker does not say. */
  totalBytes: bigint | null;
  usableBytes: bigint | null;
  replicas: LogDirReplica[];
}

export interface BrokerLogDirs {
  broker: number;
  /** Why the broker refused (authorization) or could not be reached; null when it answered. */
  error: string | null;
  dirs: LogDir[];
}

export interface LogDirsQuery {
  /** Only these topics (empty: all). */
  topics: string[];
  /** Only these brokers (empty: all). */
  brokers: number[];
}

const unknownBytes = (n: bigint): bigint | null => (n < 0n ? null : n);

type FindBroker = (nodeId: number) => Promise<InternalBroker>;

/**
 * One broker's dirs. `ask`: the partitions to ask about (null: every replica the broker holds); `topics` filters
 * the answer (kafka-log-dirs.sh asks for everything and filters too).
 */
async function describeOne(find: FindBroker, nodeId: number, topics: string[], ask: DescribeLogDirsRequest['topics'] = null): Promise<BrokerLogDirs> {
  try {
    const broker = await find(nodeId);
    const { response } = await send(broker, 'DescribeLogDirs', { topics: ask });
    if (response.errorCode) return { broker: nodeId, error: errorText(response.errorCode), dirs: [] };
    const wanted = topics.length ? new Set(topics) : null;
    const dirs = response.results
      .map((d) => ({
        path: d.logDir,
        error: d.errorCode ? errorText(d.errorCode) : null,
        totalBytes: d.totalBytes === undefined ? null : unknownBytes(d.totalBytes),
        usableBytes: d.usableBytes === undefined ? null : unknownBytes(d.usableBytes),
        replicas: d.topics
          .filter((t) => !wanted || wanted.has(t.name))
          .flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, size: p.partitionSize, offsetLag: p.offsetLag, isFuture: p.isFutureKey })))
          .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition) || Number(a.isFuture) - Number(b.isFuture)),
      }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { broker: nodeId, error: null, dirs };
  } catch (e) {
    return { broker: nodeId, error: (e as Error).message, dirs: [] };
  }
}

/** Every broker's (or the ones asked) log dirs, brokers by id. A broker that refuses or fails gets its error, not the whole command. */
export async function describeLogDirs(client: KafkaClient, q: LogDirsQuery): Promise<BrokerLogDirs[]> {
  const cluster = createInternalCluster(client.kafka, { isolationLevel: READ_UNCOMMITTED });
  try {
    await probe(client.config, () => cluster.connect());
    await cluster.refreshMetadata();
    const known = cluster.brokerPool.metadata.brokers.map((b) => b.nodeId).sort((a, b) => a - b);
    const missing = q.brokers.filter((b) => !known.includes(b));
    if (missing.length) throw new KafkaError(`the cluster has no broker ${missing.join(', ')} (it has ${known.join(', ')})`);
    if (q.topics.length) {
      try {
        await cluster.addMultipleTargetTopics(q.topics);
      } catch (e) {
        if ((e as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') throw missingTopicError(q.topics);
        throw e;
      }
    }
    const ids = q.brokers.length ? [...new Set(q.brokers)].sort((a, b) => a - b) : known;
    return await Promise.all(ids.map((id) => describeOne((n) => cluster.findBroker({ nodeId: n }), id, q.topics)));
  } catch (e) {
    throw kafkaFailure(e, client.config, 'describe log dirs');
  } finally {
    await cluster.disconnect().catch(() => undefined);
  }
}

/**
 * Bytes per topic as `top` shows them: the sum over partitions of the leader's replica (one copy of the data, what
 * a consumer reads; followers and future replicas are not counted). A partition whose leader did not answer leaves
 * the topic unknown (absent from the map).
 */
export function topicSizes(dirs: readonly BrokerLogDirs[], leaders: ReadonlyMap<string, ReadonlyArray<{ partition: number; leader: number }>>): Map<string, bigint> {
  const byReplica = new Map<string, bigint>();
  for (const b of dirs) for (const d of b.dirs) for (const r of d.replicas) if (!r.isFuture) byReplica.set(`${b.broker}\u0000${r.topic}\u0000${r.partition}`, r.size);
  const out = new Map<string, bigint>();
  for (const [topic, parts] of leaders) {
    let sum = 0n;
    let known = parts.length > 0;
    for (const p of parts) {
      const s = byReplica.get(`${p.leader}\u0000${topic}\u0000${p.partition}`);
      if (s === undefined) {
        known = false;
        break;
      }
      sum += s;
    }
    if (known) out.set(topic, sum);
  }
  return out;
}

/**
 * `top`'s size column: DescribeLogDirs for just these topics' partitions from every broker of the session, summed
 * per topic over the leader replicas (topicSizes). A topic some leader did not answer for is absent; null when no
 * broker answered (DESCRIBE on the cluster refused, or an older broker).
 */
export async function readTopicSizes(session: ClusterSession, meta: ReadonlyMap<string, readonly PartitionInfo[]>): Promise<Map<string, bigint> | null> {
  if (meta.size === 0) return new Map();
  const ask = [...meta].map(([topic, parts]) => ({ topic, partitions: parts.map((p) => p.partition) }));
  const dirs = await Promise.all(session.brokerIds().map((id) => describeOne((n) => session.broker(n), id, [], ask)));
  if (dirs.every((d) => d.error !== null)) return null;
  const leaders = new Map([...meta].map(([topic, parts]) => [topic, parts.map((p) => ({ partition: p.partition, leader: p.leader }))]));
  return topicSizes(dirs, leaders);
}
