/**
 * Consumer groups: list, describe (members and assignments), committed offsets, log offsets, reset, delete.
 *
 * kafkajs's admin API asks one group or one topic at a time, reads log-end offsets as READ_COMMITTED
 * (the last stable offset, where Apache's tools report the high watermark), and `setOffsets` joins the
 * group with a throwaway consumer (seconds). So GroupSession builds on ClusterSession (session.ts: kafkajs's
 * internal Cluster, see internals.ts) and batches: one ListOffsets per leader for every partition of every
 * topic, one DescribeGroups per coordinator, OffsetFetch per group in parallel, OffsetCommit with
 * generation -1 (as Apache's AdminClient does for an empty group).
 */
import kafkajs from 'kafkajs';
import { KafkaError } from '../cli/errors.js';
import type { KafkaClient } from './client.js';
import { mapLimit } from './concurrency.js';
import { createInternalCluster, READ_UNCOMMITTED, type InternalBroker } from './internals.js';
import { ClusterSession, tpKey, type PartitionInfo, type TopicPartition } from './session.js';

export { tpKey, type PartitionOffsets, type TopicPartition } from './session.js';

const { AssignerProtocol } = kafkajs;

/* ------------------------------------------------------------------ domain types */

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

/** A ClusterSession plus the consumer-group requests (ListGroups, DescribeGroups, OffsetFetch, OffsetCommit, DeleteGroups). */
export class GroupSession extends ClusterSession {
  static override async open(client: KafkaClient): Promise<GroupSession> {
    const s = new GroupSession(createInternalCluster(client.kafka, { isolationLevel: READ_UNCOMMITTED }), client);
    await s.start({});
    return s;
  }

  /** Every topic with its partitions; `refresh` (--watch) also forgets the group coordinators, which can move. */
  override async topics(refresh = false): Promise<Map<string, PartitionInfo[]>> {
    if (refresh) this.coordinatorCache.clear();
    return super.topics(refresh);
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

  private readonly coordinatorCache = new Map<string, Promise<InternalBroker>>();

  /** The group's coordinator (FindCoordinator), asked once per group per session. */
  private coordinator(group: string): Promise<InternalBroker> {
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

  private async coordinators(groups: readonly string[]): Promise<Map<string, InternalBroker>> {
    const found = await mapLimit(groups, 32, async (g) => [g, await this.coordinator(g)] as const);
    return new Map(found);
  }

  /** DescribeGroups, one request per coordinator. Unknown groups come back with state Dead. */
  async describeGroups(groups: readonly string[]): Promise<GroupDescription[]> {
    if (groups.length === 0) return [];
    try {
      const answers = await this.retryCoordinator(async () => {
        const coords = await this.coordinators(groups);
        const byNode = new Map<InternalBroker, string[]>();
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
      const byNode = new Map<InternalBroker, string[]>();
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
