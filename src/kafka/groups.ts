/**
 * Consumer groups: list, describe (members and assignments), committed offsets, log offsets, reset, delete.
 *
 * kafkajs's admin API asks one group or one topic at a time, reads log-end offsets as READ_COMMITTED
 * (the last stable offset, where Apache's tools report the high watermark), and `setOffsets` joins the
 * group with a throwaway consumer (seconds). So this module talks to the brokers through kafkajs's own
 * Cluster object (the one its admin uses, reached through the Kafka instance's private factory) and
 * batches: one ListOffsets per leader for every partition of every topic, one DescribeGroups per
 * coordinator, OffsetFetch per group in parallel, OffsetCommit with generation -1 (as Apache's
 * AdminClient does for an empty group). kafkajs 2.2.4 is frozen, so this private surface will not move.
 */
import kafkajs from 'kafkajs';
import type { Kafka } from 'kafkajs';
import { KafkaError } from '../cli/errors.js';
import { kafkaFailure, probe, type KafkaClient } from './client.js';
import { mapLimit } from './concurrency.js';

const { AssignerProtocol } = kafkajs;

const READ_UNCOMMITTED = 0;
const LATEST = '-1';
const EARLIEST = '-2';

/* ------------------------------------------------------------------ kafkajs internals (typed loosely) */

interface RawBroker {
  nodeId?: number;
  listGroups(): Promise<{ groups: Array<{ groupId: string; protocolType: string }> }>;
  describeGroups(r: { groupIds: string[] }): Promise<{ groups: RawGroup[] }>;
  offsetFetch(r: { groupId: string; topics: Array<{ topic: string; partitions: Array<{ partition: number }> }> }): Promise<{
    errorCode?: number;
    responses: Array<{ topic: string; partitions: Array<{ partition: number; offset: string; errorCode: number }> }>;
  }>;
  offsetCommit(r: {
    groupId: string;
    groupGenerationId: number;
    memberId: string;
    topics: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
  }): Promise<{ responses: Array<{ topic: string; partitions: Array<{ partition: number; errorCode: number }> }> }>;
  deleteGroups(ids: string[]): Promise<{ results: Array<{ groupId: string; errorCode: number; error?: { type?: string } }> }>;
  listOffsets(r: { isolationLevel: number; topics: Array<{ topic: string; partitions: Array<{ partition: number; timestamp: string }> }> }): Promise<{
    responses: Array<{ topic: string; partitions: Array<{ partition: number; errorCode: number; offset: string }> }>;
  }>;
  fetch(r: {
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: Array<{ topic: string; partitions: Array<{ partition: number; fetchOffset: string; maxBytes: number }> }>;
  }): Promise<{
    responses: Array<{
      topicName: string;
      partitions: Array<{ partition: number; errorCode: number; messages: Array<{ offset: string; timestamp: string; isControlRecord?: boolean }> }>;
    }>;
  }>;
}

interface RawGroup {
  errorCode: number;
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: Array<{ memberId: string; clientId: string; clientHost: string; memberAssignment: Buffer }>;
}

interface RawTopicMetadata {
  topic: string;
  topicErrorCode: number;
  partitionMetadata: Array<{ partitionId: number; leader: number }>;
}

interface RawCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  brokerPool: { metadata: { brokers: Array<{ nodeId: number }>; topicMetadata: RawTopicMetadata[] } };
  findBroker(r: { nodeId: number | string }): Promise<RawBroker>;
  findGroupCoordinator(r: { groupId: string }): Promise<RawBroker>;
}

function createRawCluster(kafka: Kafka): RawCluster {
  const factory = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  if (!factory) throw new KafkaError('internal: this kafkajs version does not expose its cluster factory (kafka-cli needs kafkajs 2.2.x)');
  const create = (kafka as unknown as Record<symbol, (o: object) => RawCluster>)[factory]!;
  return create.call(kafka, { allowAutoTopicCreation: false, isolationLevel: READ_UNCOMMITTED });
}

/* ------------------------------------------------------------------ domain types */

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  /** Decoded from the member's assignment; empty for non-consumer protocols or mid-rebalance. */
  assignment: TopicPartition[];
}

export interface GroupDescription {
  group: string;
  /** Stable, Empty, PreparingRebalance, CompletingRebalance, Dead (Dead: the group does not exist). */
  state: string;
  protocolType: string;
  members: GroupMember[];
}

export interface GroupSummary {
  group: string;
  state: string;
  members: number;
  protocolType: string;
}

export interface PartitionOffsets {
  /** null: the partition's leader did not answer. */
  logStartOffset: bigint | null;
  logEndOffset: bigint | null;
}

/** Key of a topic-partition in maps. */
export const tpKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

function decodeAssignment(protocolType: string, buf: Buffer | null | undefined): TopicPartition[] {
  if (protocolType !== 'consumer' || !buf || buf.length === 0) return [];
  try {
    const decoded = AssignerProtocol.MemberAssignment.decode(buf);
    if (!decoded) return [];
    return Object.entries(decoded.assignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })));
  } catch {
    return [];
  }
}

/* ------------------------------------------------------------------ the session */

/** One connection pool to the cluster for a command (or a --watch loop); close it when done. */
export class GroupSession {
  private constructor(
    private readonly cluster: RawCluster,
    readonly client: KafkaClient,
  ) {}

  static async open(client: KafkaClient): Promise<GroupSession> {
    const cluster = createRawCluster(client.kafka);
    const s = new GroupSession(cluster, client);
    await probe(client.config, async () => {
      await cluster.connect();
      await cluster.refreshMetadata();
    });
    return s;
  }

  async close(): Promise<void> {
    await this.cluster.disconnect();
  }

  private fail(e: unknown, doing: string): Error {
    return kafkaFailure(e, this.client.config, doing);
  }

  /** Every topic in the cluster with its partitions and leaders (one Metadata request). */
  async topics(refresh = false): Promise<Map<string, Array<{ partition: number; leader: number }>>> {
    try {
      if (refresh) {
        // --watch: new partitions appear and coordinators can move between reads.
        this.coordinatorCache.clear();
        await this.cluster.refreshMetadata();
      }
    } catch (e) {
      throw this.fail(e, 'read topic metadata');
    }
    const out = new Map<string, Array<{ partition: number; leader: number }>>();
    for (const t of this.cluster.brokerPool.metadata.topicMetadata) {
      if (t.topicErrorCode !== 0) continue;
      out.set(t.topic, t.partitionMetadata.map((p) => ({ partition: p.partitionId, leader: p.leader })).sort((a, b) => a.partition - b.partition));
    }
    return out;
  }

  /** All groups of all brokers (ListGroups on each broker, in parallel). */
  async listGroupIds(): Promise<Array<{ group: string; protocolType: string }>> {
    try {
      const brokers = this.cluster.brokerPool.metadata.brokers;
      const lists = await Promise.all(
        brokers.map(async (b) => (await (await this.cluster.findBroker({ nodeId: b.nodeId })).listGroups()).groups),
      );
      const seen = new Map<string, string>();
      for (const g of lists.flat()) seen.set(g.groupId, g.protocolType);
      return [...seen].map(([group, protocolType]) => ({ group, protocolType })).sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
    } catch (e) {
      throw this.fail(e, 'list consumer groups');
    }
  }

  private readonly coordinatorCache = new Map<string, Promise<RawBroker>>();

  /** The group's coordinator (FindCoordinator), asked once per group per session. */
  private coordinator(group: string): Promise<RawBroker> {
    let c = this.coordinatorCache.get(group);
    if (!c) {
      c = this.cluster.findGroupCoordinator({ groupId: group });
      c.catch(() => this.coordinatorCache.delete(group));
      this.coordinatorCache.set(group, c);
    }
    return c;
  }

  /**
   * Runs a coordinator request again when the coordinator moved or is still loading the group
   * (fresh clusters create __consumer_offsets on first use), asking FindCoordinator anew each time.
   */
  private async retryCoordinator<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        const type = (e as { type?: string }).type;
        const retriable = type === 'NOT_COORDINATOR_FOR_GROUP' || type === 'NOT_COORDINATOR' || type === 'GROUP_COORDINATOR_NOT_AVAILABLE' || type === 'COORDINATOR_NOT_AVAILABLE' || type === 'GROUP_LOAD_IN_PROGRESS' || type === 'COORDINATOR_LOAD_IN_PROGRESS';
        if (!retriable || attempt >= 8) throw e;
        this.coordinatorCache.clear();
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 1000)));
      }
    }
  }

  private async coordinators(groups: readonly string[]): Promise<Map<string, RawBroker>> {
    const found = await mapLimit(groups, 32, async (g) => [g, await this.coordinator(g)] as const);
    return new Map(found);
  }

  /** DescribeGroups, one request per coordinator. Unknown groups come back with state Dead. */
  async describeGroups(groups: readonly string[]): Promise<GroupDescription[]> {
    if (groups.length === 0) return [];
    try {
      const answers = await this.retryCoordinator(async () => {
        const coords = await this.coordinators(groups);
        const byNode = new Map<RawBroker, string[]>();
        for (const g of groups) {
          const c = coords.get(g)!;
          byNode.set(c, [...(byNode.get(c) ?? []), g]);
        }
        return Promise.all([...byNode].map(([broker, ids]) => broker.describeGroups({ groupIds: ids })));
      });
      const byId = new Map(answers.flatMap((a) => a.groups).map((g) => [g.groupId, g]));
      return groups.map((id) => {
        const g = byId.get(id);
        if (!g) return { group: id, state: 'Dead', protocolType: '', members: [] };
        if (g.errorCode !== 0) throw new KafkaError(`describe group '${id}': broker error code ${g.errorCode}`);
        return {
          group: id,
          state: g.state,
          protocolType: g.protocolType,
          members: g.members
            .map((m) => ({ memberId: m.memberId, clientId: m.clientId, host: m.clientHost, assignment: decodeAssignment(g.protocolType, m.memberAssignment) }))
            .sort((a, b) => (a.memberId < b.memberId ? -1 : 1)),
        };
      });
    } catch (e) {
      throw this.fail(e, 'describe consumer groups');
    }
  }

  /** A group's committed offsets for every topic it has committed to (OffsetFetch with no topics). */
  async committedOffsets(group: string): Promise<Map<string, bigint>> {
    try {
      const r = await this.retryCoordinator(async () => (await this.coordinator(group)).offsetFetch({ groupId: group, topics: [] }));
      const out = new Map<string, bigint>();
      for (const t of r.responses) {
        for (const p of t.partitions) {
          if (p.errorCode === 0 && p.offset !== '-1') out.set(tpKey(t.topic, p.partition), BigInt(p.offset));
        }
      }
      return out;
    } catch (e) {
      throw this.fail(e, `fetch committed offsets of group '${group}'`);
    }
  }

  /**
   * ListOffsets for many partitions at once: one request per partition leader.
   * `spec`: '-1' latest (the high watermark, as read_uncommitted consumers and Apache's tools see it),
   * '-2' earliest, or a timestamp in ms (the first offset whose timestamp is >= it; null when none).
   */
  async listOffsets(tps: readonly TopicPartition[], spec: string): Promise<Map<string, bigint | null>> {
    const topics = await this.topics();
    const byLeader = new Map<number, Map<string, number[]>>();
    const out = new Map<string, bigint | null>();
    for (const { topic, partition } of tps) {
      out.set(tpKey(topic, partition), null);
      const leader = topics.get(topic)?.find((p) => p.partition === partition)?.leader;
      if (leader === undefined || leader < 0) continue;
      const perTopic = byLeader.get(leader) ?? new Map<string, number[]>();
      byLeader.set(leader, perTopic);
      perTopic.set(topic, [...(perTopic.get(topic) ?? []), partition]);
    }
    try {
      await Promise.all(
        [...byLeader].map(async ([nodeId, perTopic]) => {
          const broker = await this.cluster.findBroker({ nodeId });
          const r = await broker.listOffsets({
            isolationLevel: READ_UNCOMMITTED,
            topics: [...perTopic].map(([topic, parts]) => ({ topic, partitions: parts.map((partition) => ({ partition, timestamp: spec })) })),
          });
          for (const t of r.responses) {
            for (const p of t.partitions) {
              if (p.errorCode === 0 && p.offset !== '-1') out.set(tpKey(t.topic, p.partition), BigInt(p.offset));
            }
          }
        }),
      );
    } catch (e) {
      throw this.fail(e, 'list partition offsets');
    }
    return out;
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
      const perTopic = new Map<string, Array<{ partition: number; fetchOffset: string; maxBytes: number }>>();
      const wanted = new Map<string, bigint>();
      for (const t of list) {
        perTopic.set(t.topic, [...(perTopic.get(t.topic) ?? []), { partition: t.partition, fetchOffset: t.offset.toString(), maxBytes: partitionMaxBytes }]);
        wanted.set(tpKey(t.topic, t.partition), t.offset);
      }
      const r = await broker.fetch({
        isolationLevel: READ_UNCOMMITTED,
        maxWaitTime: 0,
        minBytes: 0,
        maxBytes: 32 * 1024 * 1024,
        topics: [...perTopic].map(([topic, partitions]) => ({ topic, partitions })),
      });
      for (const t of r.responses) {
        for (const p of t.partitions) {
          const k = tpKey(t.topicName, p.partition);
          const from = wanted.get(k);
          if (from === undefined || p.errorCode !== 0) continue;
          // A fetch returns whole batches: skip records before the offset asked for, and control records.
          const m = p.messages.find((x) => !x.isControlRecord && BigInt(x.offset) >= from);
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

  /** OffsetCommit as a non-member (generation -1): allowed by the broker only while the group has no members. */
  async commitOffsets(group: string, offsets: ReadonlyArray<TopicPartition & { offset: bigint }>): Promise<void> {
    const perTopic = new Map<string, Array<{ partition: number; offset: string }>>();
    for (const o of offsets) perTopic.set(o.topic, [...(perTopic.get(o.topic) ?? []), { partition: o.partition, offset: o.offset.toString() }]);
    let r;
    try {
      r = await this.retryCoordinator(async () =>
        (await this.coordinator(group)).offsetCommit({
          groupId: group,
          groupGenerationId: -1,
          memberId: '',
          topics: [...perTopic].map(([topic, partitions]) => ({ topic, partitions })),
        }),
      );
    } catch (e) {
      const type = (e as { type?: string }).type;
      if (type === 'UNKNOWN_MEMBER_ID' || type === 'ILLEGAL_GENERATION' || type === 'REBALANCE_IN_PROGRESS') {
        throw new KafkaError(`group '${group}' has active members: the broker refused the new offsets (stop its consumers, then retry)`);
      }
      throw this.fail(e, `commit offsets of group '${group}'`);
    }
    const failed = r.responses.flatMap((t) => t.partitions.filter((p) => p.errorCode !== 0).map((p) => `${t.topic}[${p.partition}] (error ${p.errorCode})`));
    if (failed.length) throw new KafkaError(`commit offsets of group '${group}' failed for ${failed.join(', ')}`);
  }

  /** DeleteGroups per coordinator; one result per group (error: null when deleted). */
  async deleteGroups(groups: readonly string[]): Promise<Array<{ group: string; error: string | null }>> {
    try {
      const coords = await this.retryCoordinator(() => this.coordinators(groups));
      const byNode = new Map<RawBroker, string[]>();
      for (const g of groups) byNode.set(coords.get(g)!, [...(byNode.get(coords.get(g)!) ?? []), g]);
      const answers = await Promise.all(
        [...byNode].map(async ([broker, ids]) => {
          try {
            return (await broker.deleteGroups(ids)).results;
          } catch (e) {
            // kafkajs throws on the first failed group; its error carries every group's result.
            const groupsOf = (e as { groups?: Array<{ groupId: string; errorCode: number; error?: { type?: string } }> }).groups;
            if (groupsOf) return ids.map((id) => groupsOf.find((g) => g.groupId === id) ?? { groupId: id, errorCode: 0 });
            throw e;
          }
        }),
      );
      const byId = new Map(answers.flat().map((r) => [r.groupId, r]));
      return groups.map((group) => {
        const r = byId.get(group);
        if (!r || r.errorCode === 0) return { group, error: null };
        const type = r.error?.type ?? `error ${r.errorCode}`;
        const why =
          type === 'GROUP_ID_NOT_FOUND' ? 'not found'
          : type === 'NON_EMPTY_GROUP' ? 'it has active members (stop its consumers first)'
          : type === 'GROUP_AUTHORIZATION_FAILED' ? 'not authorized'
          : type;
        return { group, error: why };
      });
    } catch (e) {
      throw this.fail(e, 'delete consumer groups');
    }
  }
}

/* ------------------------------------------------------------------ core functions */

/** `group list`: every group the brokers know, with state and member count. */
export async function listGroups(client: KafkaClient): Promise<GroupSummary[]> {
  const s = await GroupSession.open(client);
  try {
    const ids = await s.listGroupIds();
    const described = await s.describeGroups(ids.map((g) => g.group));
    return described.map((d, i) => ({ group: d.group, state: d.state, members: d.members.length, protocolType: d.protocolType || ids[i]!.protocolType }));
  } finally {
    await s.close();
  }
}

export interface DeleteResult {
  group: string;
  deleted: boolean;
  error: string | null;
}

/** `group delete`: deletes each group; a group that cannot be deleted is reported, the others still go. */
export async function deleteGroups(client: KafkaClient, groups: readonly string[]): Promise<DeleteResult[]> {
  const s = await GroupSession.open(client);
  try {
    return (await s.deleteGroups(groups)).map((r) => ({ group: r.group, deleted: r.error === null, error: r.error }));
  } finally {
    await s.close();
  }
}

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
  state: string;
  executed: boolean;
  partitions: ResetPlanRow[];
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

const ACTIVE_STATES = new Set(['Stable', 'PreparingRebalance', 'CompletingRebalance']);

/** `group reset-offsets`: computes the plan, and commits it only with `execute`. Refuses while the group has members. */
export async function resetOffsets(client: KafkaClient, o: ResetOptions): Promise<ResetPlan> {
  const s = await GroupSession.open(client);
  try {
    const [desc] = await s.describeGroups([o.group]);
    if (desc!.members.length > 0 || ACTIVE_STATES.has(desc!.state)) {
      throw new KafkaError(
        `group '${o.group}' has ${desc!.members.length} active member${desc!.members.length === 1 ? '' : 's'} (state ${desc!.state}): ` +
          'offsets can only be reset while no consumer of the group is running; stop them first',
      );
    }
    const partitions = (await s.topics()).get(o.topic);
    if (!partitions) throw new KafkaError(`topic '${o.topic}' does not exist`);
    const all = partitions.map((p) => p.partition);
    const chosen = o.partitions ?? all;
    const unknown = chosen.filter((p) => !all.includes(p));
    if (unknown.length) throw new KafkaError(`topic '${o.topic}' has no partition ${unknown.join(', ')} (it has ${all.length})`);
    const tps = chosen.map((partition) => ({ topic: o.topic, partition }));
    const [committed, offsets, atTime] = await Promise.all([
      s.committedOffsets(o.group),
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
    if (o.execute) await s.commitOffsets(o.group, rows.map((r) => ({ topic: r.topic, partition: r.partition, offset: r.newOffset })));
    return { group: o.group, state: desc!.state, executed: o.execute, partitions: rows };
  } finally {
    await s.close();
  }
}
