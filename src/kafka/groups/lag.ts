/**
 * Consumer lag: committed offset vs log-end offset (high watermark) per partition, with totals,
 * computed the way Apache's `kafka-consumer-groups --describe` does, but batched for many groups.
 */
import { NotFound } from '../../core/errors.js';
import { missingTopicError } from '../client/session.js';
import type { KafkaClient } from '../client/client.js';
import { GroupSession, tpKey, type GroupDescription, type GroupMember, type GroupType, type TopicPartition } from './groups.js';
import { mapLimit } from '../client/concurrency.js';

export interface LagOptions {
  /** Groups to describe; ignored with allGroups. */
  groups: string[];
  /**
   * Every group that consumes: consumer, share and streams groups, and classic groups of protocol type
   * `consumer` or none (groups that only hold committed offsets), as Apache's tools list them.
   */
  allGroups: boolean;
  /** Only these topics (empty: every topic the group consumes). */
  topics: string[];
  /** Also read the timestamp of the first unconsumed record of each lagging partition. */
  time: boolean;
  /** Named groups that turn out not to exist are left out instead of failing (group list --lag: deleted in between). */
  tolerateMissing?: boolean;
}

export interface ConsumerRef {
  memberId: string;
  clientId: string;
  host: string;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /**
   * The group's position: its committed offset, or for a share group the share-partition start offset (the
   * first record not yet acknowledged by all). null: none for this partition.
   */
  committedOffset: bigint | null;
  /** The high watermark; null when the partition's leader did not answer (or the topic is gone). */
  logEndOffset: bigint | null;
  /** logEndOffset - committedOffset; null when either is unknown (as Apache's tool prints '-'). */
  lag: bigint | null;
  /** The member the partition is assigned to, if any. */
  consumer: ConsumerRef | null;
  /** With `time`: timestamp (ms) of the record at the committed offset, when the partition lags. */
  oldestUnconsumedTimestamp?: bigint | null;
  /** With `time`: how old that record is (ms); 0 when the partition has no lag; null when unknown. */
  timeLagMs?: number | null;
}

export interface TopicLag {
  topic: string;
  /** Sum of the known per-partition lags (partitions with no committed offset count 0). */
  totalLag: bigint;
  partitions: PartitionLag[];
}

export interface GroupLag {
  group: string;
  type: GroupType;
  state: string;
  protocolType: string;
  members: number;
  /** The members with what each is assigned (share groups: partitions are shared by several members). */
  memberList: GroupMember[];
  /** The epoch of the group's target assignment (consumer and share groups). */
  targetAssignmentEpoch?: number;
  totalLag: bigint;
  /** With `time`: the largest timeLagMs of the group's partitions. */
  maxTimeLagMs?: number | null;
  topics: TopicLag[];
}

export interface LagReport {
  /** When the offsets were read (ms since the epoch). */
  time: number;
  groups: GroupLag[];
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The groups `--all-groups` covers: every group of the newer types, classic groups of consumers or of committed offsets only. */
export function isConsumerGroup(protocolType: string, type: GroupType | null = 'classic'): boolean {
  if (type === 'consumer' || type === 'share' || type === 'streams') return true;
  return protocolType === 'consumer' || protocolType === '';
}

/** Pure: puts committed offsets, assignments and log-end offsets together for one group. */
export function buildGroupLag(
  desc: GroupDescription,
  committed: Map<string, bigint>,
  topicPartitions: Map<string, number[]>,
  logEnd: Map<string, bigint | null>,
  topicFilter: readonly string[],
  /** Share groups: the lag the broker reports per partition (DescribeShareGroupOffsets v1+). */
  brokerLag?: Map<string, bigint | null>,
): GroupLag {
  const owner = new Map<string, ConsumerRef>();
  const consumed = new Set<string>();
  for (const m of desc.members) {
    for (const tp of m.assignment) {
      // A share group's partitions are shared by its members: no one owner.
      if (desc.type !== 'share') owner.set(tpKey(tp.topic, tp.partition), { memberId: m.memberId, clientId: m.clientId, host: m.host });
      consumed.add(tp.topic);
    }
  }
  const committedByTopic = new Map<string, number[]>();
  for (const k of committed.keys()) {
    const [topic, p] = k.split('\u0000') as [string, string];
    consumed.add(topic);
    committedByTopic.set(topic, [...(committedByTopic.get(topic) ?? []), Number(p)]);
  }
  const topics: TopicLag[] = [];
  for (const topic of [...consumed].sort(cmp)) {
    if (topicFilter.length && !topicFilter.includes(topic)) continue;
    // Every partition of a consumed topic, so partitions with no committed offset are visible too;
    // a deleted topic still shows the partitions the group committed for.
    const parts = new Set([...(topicPartitions.get(topic) ?? []), ...(committedByTopic.get(topic) ?? [])]);
    const partitions: PartitionLag[] = [...parts]
      .sort((a, b) => a - b)
      .map((partition) => {
        const k = tpKey(topic, partition);
        const committedOffset = committed.get(k) ?? null;
        const logEndOffset = logEnd.get(k) ?? null;
        const reported = brokerLag?.get(k);
        const lag = reported !== undefined && reported !== null ? reported : committedOffset !== null && logEndOffset !== null ? logEndOffset - committedOffset : null;
        return { topic, partition, committedOffset, logEndOffset, lag, consumer: owner.get(k) ?? null };
      });
    const totalLag = partitions.reduce((sum, p) => sum + (p.lag ?? 0n), 0n);
    topics.push({ topic, totalLag, partitions });
  }
  return {
    group: desc.group,
    type: desc.type,
    state: desc.state,
    protocolType: desc.protocolType,
    members: desc.members.length,
    memberList: desc.members,
    ...(desc.targetAssignmentEpoch !== undefined ? { targetAssignmentEpoch: desc.targetAssignmentEpoch } : {}),
    totalLag: topics.reduce((sum, t) => sum + t.totalLag, 0n),
    topics,
  };
}

/** A reusable lag reader (one connection pool), for one shot or for `--watch`. */
export class LagReader {
  private constructor(private readonly session: GroupSession) {}

  /** The reader's connection pool, for other reads beside the lag (top: the end offsets of every topic). */
  get groupSession(): GroupSession {
    return this.session;
  }

  static async open(client: KafkaClient): Promise<LagReader> {
    return new LagReader(await GroupSession.open(client));
  }

  close(): Promise<void> {
    return this.session.close();
  }

  async read(o: LagOptions, refresh = false): Promise<LagReport> {
    const s = this.session;
    const topicMeta = await s.topics(refresh);
    const missingTopics = o.topics.filter((t) => !topicMeta.has(t));
    if (missingTopics.length) throw missingTopicError(missingTopics);

    let ids: string[];
    let known = new Map<string, GroupType | null>();
    if (o.allGroups) {
      const listed = (await s.listGroupIds()).filter((g) => isConsumerGroup(g.protocolType, g.type));
      ids = listed.map((g) => g.group);
      known = new Map(listed.map((g) => [g.group, g.type]));
    } else ids = [...new Set(o.groups)];

    const descs = await s.describeGroups(ids, known);
    // Share groups have start offsets (DescribeShareGroupOffsets); the others committed offsets (OffsetFetch).
    const positions = await mapLimit(descs, 16, async (d) => {
      if (d.type !== 'share') return { committed: await s.committedOffsets(d.group), brokerLag: undefined };
      const share = await s.shareGroupOffsets(d.group);
      return { committed: new Map([...share].map(([k, v]) => [k, v.startOffset])), brokerLag: new Map([...share].map(([k, v]) => [k, v.lag])) };
    });
    const committed = positions.map((p) => p.committed);

    if (!o.allGroups && !o.tolerateMissing) {
      const missing = ids.filter((_, i) => descs[i]!.state === 'Dead' && committed[i]!.size === 0);
      if (missing.length) throw new NotFound(`group${missing.length > 1 ? 's' : ''} ${missing.map((g) => `'${g}'`).join(', ')} not found`, 'group', missing);
    }

    const topicPartitions = new Map<string, number[]>();
    for (const [topic, parts] of topicMeta) topicPartitions.set(topic, parts.map((p) => p.partition));

    // Every partition of every consumed topic, asked once for all groups.
    const consumedTopics = new Set<string>();
    descs.forEach((d, i) => {
      for (const m of d.members) for (const tp of m.assignment) consumedTopics.add(tp.topic);
      for (const k of committed[i]!.keys()) consumedTopics.add(k.split('\u0000')[0]!);
    });
    const wanted: TopicPartition[] = [];
    for (const topic of consumedTopics) {
      if (o.topics.length && !o.topics.includes(topic)) continue;
      for (const partition of topicPartitions.get(topic) ?? []) wanted.push({ topic, partition });
    }
    const offsets = await s.partitionOffsets(wanted, o.time);
    const logEnd = new Map([...offsets].map(([k, v]) => [k, v.logEndOffset]));

    let groups = descs.map((d, i) => buildGroupLag(d, committed[i]!, topicPartitions, logEnd, o.topics, positions[i]!.brokerLag));
    // With --all-groups and --topic, only the groups that consume one of those topics.
    if (o.allGroups && o.topics.length) groups = groups.filter((g) => g.topics.length > 0);

    if (o.time) await addTimeLag(s, groups, offsets);
    return { time: Date.now(), groups };
  }
}

/**
 * Age of the oldest unconsumed record per lagging partition: the timestamp of the first record at or
 * after the committed offset (or the log start, if retention already removed the committed offset).
 */
async function addTimeLag(s: GroupSession, groups: GroupLag[], offsets: Map<string, { logStartOffset: bigint | null }>): Promise<void> {
  const targets = new Map<string, TopicPartition & { offset: bigint }>();
  for (const g of groups) {
    for (const t of g.topics) {
      for (const p of t.partitions) {
        if (p.lag === null || p.lag <= 0n || p.committedOffset === null) continue;
        const start = offsets.get(tpKey(p.topic, p.partition))?.logStartOffset ?? 0n;
        const from = p.committedOffset > start ? p.committedOffset : start;
        targets.set(`${tpKey(p.topic, p.partition)}\u0000${from}`, { topic: p.topic, partition: p.partition, offset: from });
      }
    }
  }
  // Several groups at the same offset of a partition share one read; timestampsAt keys by partition, so ask per distinct offset.
  const byOffset = new Map<string, Array<TopicPartition & { offset: bigint }>>();
  for (const t of targets.values()) {
    const k = tpKey(t.topic, t.partition);
    byOffset.set(k, [...(byOffset.get(k) ?? []), t]);
  }
  const rounds: Array<Array<TopicPartition & { offset: bigint }>> = [];
  for (const list of byOffset.values()) list.forEach((t, i) => (rounds[i] ??= []).push(t));
  const found = new Map<string, bigint | null>();
  for (const round of rounds) {
    const ts = await s.timestampsAt(round);
    for (const t of round) found.set(`${tpKey(t.topic, t.partition)}\u0000${t.offset}`, ts.get(tpKey(t.topic, t.partition)) ?? null);
  }
  const now = Date.now();
  for (const g of groups) {
    let max: number | null = null;
    for (const t of g.topics) {
      for (const p of t.partitions) {
        if (p.lag === null || p.committedOffset === null) {
          p.oldestUnconsumedTimestamp = null;
          p.timeLagMs = null;
        } else if (p.lag <= 0n) {
          p.oldestUnconsumedTimestamp = null;
          p.timeLagMs = 0;
        } else {
          const start = offsets.get(tpKey(p.topic, p.partition))?.logStartOffset ?? 0n;
          const from = p.committedOffset > start ? p.committedOffset : start;
          const ts = found.get(`${tpKey(p.topic, p.partition)}\u0000${from}`) ?? null;
          p.oldestUnconsumedTimestamp = ts;
          p.timeLagMs = ts === null ? null : Math.max(0, now - Number(ts));
        }
        if (p.timeLagMs != null) max = Math.max(max ?? 0, p.timeLagMs);
      }
    }
    g.maxTimeLagMs = max;
  }
}

/** `lag` once: opens a connection pool, reads, closes. */
export async function describeLag(client: KafkaClient, o: LagOptions): Promise<LagReport> {
  const r = await LagReader.open(client);
  try {
    return await r.read(o);
  } finally {
    await r.close();
  }
}
