/**
 * Consumer groups: list, describe (members and assignments), committed offsets, log offsets, reset, delete.
 *
 * kafkajs's admin API asks one group or one topic at a time, reads log-end offsets as READ_COMMITTED
 * (the last stable offset, where Apache's tools report the high watermark), and `setOffsets` joins the
 * group with a throwaway consumer (seconds). So GroupSession builds on ClusterSession (session.ts: kafkajs's
 * internal Cluster, see protocol/kafkajs.ts) and batches: one ListOffsets per leader for every partition of every
 * topic, one DescribeGroups per coordinator, OffsetFetch per group in parallel, OffsetCommit with
 * generation -1 (as Apache's AdminClient does for an empty group).
 */
import kafkajs from 'kafkajs';
import { KafkaError } from '../../core/errors.js';
import type { KafkaClient } from '../client/client.js';
import { mapLimit } from '../client/concurrency.js';
import { send, supports, type ApiName, type ApiResponses, type InternalBroker } from '../protocol/index.js';
import { createInternalCluster, errorText, protocolError, READ_UNCOMMITTED } from '../protocol/kafkajs.js';
import { ClusterSession, tpKey, type PartitionInfo, type TopicPartition } from '../client/session.js';
import { retry } from '../client/retry.js';
import { isLeaderTransient, retryWhileLeadersMove } from '../client/leader-retry.js';

export { tpKey, type PartitionOffsets, type TopicPartition } from '../client/session.js';

const { AssignerProtocol } = kafkajs;

/* ------------------------------------------------------------------ domain types */

/**
 * A group's type (KIP-848, KIP-932, KIP-1071): classic (the rebalance protocol every client speaks), consumer
 * (the consumer protocol, `group.protocol=consumer`), share (queues for Kafka) or streams. `unknown`: no
 * broker knows the group.
 */
export type GroupType = 'classic' | 'consumer' | 'share' | 'streams' | 'unknown';
export const GROUP_TYPES: readonly GroupType[] = ['classic', 'consumer', 'share', 'streams'];

export interface GroupMember {
  memberId: string;
  clientId: string;
  host: string;
  /** Static membership (group.instance.id), when set. */
  instanceId?: string | null;
  /** Decoded from the member's assignment; empty for non-consumer protocols or mid-rebalance. */
  assignment: TopicPartition[];
  /** The member's epoch (consumer, share and streams groups). */
  memberEpoch?: number;
  /** The partitions the group coordinator wants the member to own (consumer groups); differs from assignment while reconciling. */
  targetAssignment?: TopicPartition[];
  /** The topics the member subscribed to (classic consumer protocol: its metadata; consumer and share groups: by name). */
  subscribedTopics?: string[];
  /** The member's topic pattern (consumer groups subscribed with a regex, KIP-848). */
  subscribedTopicRegex?: string | null;
}

export interface GroupDescription {
  group: string;
  type: GroupType;
  /**
   * As the broker names it: classic Stable, Empty, PreparingRebalance, CompletingRebalance, Dead; consumer and
   * streams also Assigning, Reconciling, NotReady; Dead when no broker knows the group.
   */
  state: string;
  protocolType: string;
  members: GroupMember[];
  /** The partition assignor (consumer and share groups: the broker's; classic: the protocol chosen). */
  assignor?: string;
  /** The group epoch (consumer, share and streams groups). */
  groupEpoch?: number;
  /** The epoch of the target assignment (consumer, share and streams groups). */
  targetAssignmentEpoch?: number;
}

export interface GroupSummary {
  group: string;
  type: GroupType;
  state: string;
  members: number;
  protocolType: string;
}

/** A classic member's metadata or assignment bytes, decoded when the group speaks the consumer protocol ([] else, or when unreadable). */
function decodeConsumerBytes<T>(protocolType: string, buf: Buffer | null | undefined, decode: (b: Buffer) => T[] | undefined): T[] {
  if (protocolType !== 'consumer' || !buf || buf.length === 0) return [];
  try {
    return decode(buf) ?? [];
  } catch {
    return [];
  }
}

function decodeSubscription(protocolType: string, buf: Buffer | null | undefined): string[] {
  return decodeConsumerBytes(protocolType, buf, (b) => AssignerProtocol.MemberMetadata.decode(b)?.topics);
}

function decodeAssignment(protocolType: string, buf: Buffer | null | undefined): TopicPartition[] {
  return decodeConsumerBytes(protocolType, buf, (b) => {
    const decoded = AssignerProtocol.MemberAssignment.decode(b);
    return decoded ? Object.entries(decoded.assignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition }))) : undefined;
  });
}

/** Partitions grouped by topic, in first-seen order, each made into its request entry. */
function byTopic<P extends TopicPartition, E>(partitions: readonly P[], entry: (p: P) => E): Array<[string, E[]]> {
  const out = new Map<string, E[]>();
  for (const p of partitions) {
    const list = out.get(p.topic);
    if (list) list.push(entry(p));
    else out.set(p.topic, [entry(p)]);
  }
  return [...out];
}

/** Group-level error codes that mean: ask FindCoordinator again and retry. */
const COORDINATOR_RETRY = new Set([14, 15, 16]); // COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR
const GROUP_ID_NOT_FOUND = 69;
/** A broker that lists a Describe request but has that group type switched off (3.9's KIP-848 early access) answers it per group. */
const UNSUPPORTED_VERSION = 35;
const UNSTABLE_OFFSET_COMMIT = 88;
/** OffsetCommit answers while the group has members: UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS, STALE_MEMBER_EPOCH. */
const ACTIVE_MEMBER_CODES = new Set([25, 22, 27, 113]);

const byMemberId = (a: GroupMember, b: GroupMember) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0);

/** A group as the Describe request of its type answers it (DescribeGroups for classic groups). */
type DescribedGroup = ApiResponses['DescribeGroups' | 'ConsumerGroupDescribe' | 'ShareGroupDescribe' | 'StreamsGroupDescribe']['groups'][number];
type NewProtocolGroup = Exclude<DescribedGroup, ApiResponses['DescribeGroups']['groups'][number]>;

const partitionsOf = (tps: Array<{ topicName: string; partitions: number[] }>): TopicPartition[] =>
  tps.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topicName, partition })));

function fromNewProtocol(g: NewProtocolGroup, type: GroupType): GroupDescription {
  return {
    group: g.groupId,
    type,
    state: g.groupState,
    protocolType: type === 'share' ? 'share' : type === 'streams' ? 'streams' : 'consumer',
    assignor: g.assignorName ?? undefined,
    groupEpoch: g.groupEpoch,
    targetAssignmentEpoch: g.assignmentEpoch,
    members: g.members
      .map((m) => ({
        memberEpoch: m.memberEpoch,
        ...('targetAssignment' in m && 'topicPartitions' in m.targetAssignment ? { targetAssignment: partitionsOf(m.targetAssignment.topicPartitions) } : {}),
        memberId: m.memberId,
        clientId: m.clientId,
        host: m.clientHost,
        instanceId: 'instanceId' in m ? m.instanceId : null,
        ...('subscribedTopicNames' in m ? { subscribedTopics: m.subscribedTopicNames } : {}),
        ...('subscribedTopicRegex' in m ? { subscribedTopicRegex: m.subscribedTopicRegex } : {}),
        // Streams members are assigned tasks, not partitions.
        assignment: !('topicPartitions' in m.assignment) ? [] : partitionsOf(m.assignment.topicPartitions),
      }))
      .sort(byMemberId),
  };
}

/** kafkajs's names (old and new) for a coordinator that moved or is still loading the group. */
const COORDINATOR_MOVING = new Set(['NOT_COORDINATOR_FOR_GROUP', 'NOT_COORDINATOR', 'GROUP_COORDINATOR_NOT_AVAILABLE', 'COORDINATOR_NOT_AVAILABLE', 'GROUP_LOAD_IN_PROGRESS', 'COORDINATOR_LOAD_IN_PROGRESS']);

/* ------------------------------------------------------------------ the session */

/** A ClusterSession plus the group requests (ListGroups, the Describe requests of each group type, offsets, DeleteGroups). */
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

  /**
   * All groups of all brokers (ListGroups on each broker, in parallel), with type and state where the broker
   * reports them (ListGroups v5, Kafka 4.0+; v4 reports the state; older brokers neither: every group there is
   * classic, its state comes from DescribeGroups).
   */
  async listGroupIds(): Promise<Array<{ group: string; protocolType: string; type: GroupType | null; state: string | null }>> {
    try {
      // A broker that just died is listed until the controller fences it: ask again through fresh metadata (leader-retry.ts).
      const lists = await retryWhileLeadersMove(async (attempt) => {
        if (attempt > 1) await this.cluster.refreshMetadata();
        return this.listGroupsOnEachBroker();
      }, this.client.config.timeoutMs, this.client.signal);
      const seen = new Map<string, { group: string; protocolType: string; type: GroupType | null; state: string | null }>();
      for (const g of lists.flat()) seen.set(g.group, g);
      return [...seen.values()].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
    } catch (e) {
      throw this.fail(e, 'list groups');
    }
  }

  /** ListGroups on every broker of the metadata, in parallel. */
  private listGroupsOnEachBroker(): Promise<Array<Array<{ group: string; protocolType: string; type: GroupType | null; state: string | null }>>> {
    const brokers = this.cluster.brokerPool.metadata.brokers;
    return Promise.all(
      brokers.map(async (b) => {
        const broker = await this.cluster.findBroker({ nodeId: b.nodeId });
        const { version, response } = await send(broker, 'ListGroups', { statesFilter: [], typesFilter: [] });
        if (response.errorCode !== 0) throw protocolError(response.errorCode);
        return response.groups.map((g) => ({
          group: g.groupId,
          protocolType: g.protocolType,
          type: version >= 5 ? toGroupType(g.groupType) : ('classic' as GroupType),
          state: version >= 4 ? g.groupState : null,
        }));
      }),
    );
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
  private retryCoordinator<T>(fn: () => Promise<T>): Promise<T> {
    // A coordinator that just died (connection refused) moves too, once the controller fences it: fresh metadata.
    return retry(
      async (attempt) => {
        if (attempt > 1) {
          this.coordinatorCache.clear();
          await this.cluster.refreshMetadata();
        }
        return fn();
      },
      { attempts: 9, backoff: (n) => Math.min(100 * 2 ** (n - 1), 1000), signal: this.client.signal, retryable: (e) => COORDINATOR_MOVING.has((e as { type?: string }).type ?? '') || isLeaderTransient(e) },
    );
  }

  private async coordinators(groups: readonly string[]): Promise<Map<string, InternalBroker>> {
    const found = await mapLimit(groups, 32, async (g) => [g, await this.coordinator(g)] as const);
    return new Map(found);
  }

  /** One request per coordinator for its groups; a coordinator error in any answer retries them all. */
  private async perCoordinator<G extends { errorCode: number }>(groups: readonly string[], ask: (broker: InternalBroker, ids: string[]) => Promise<G[]>): Promise<G[]> {
    return this.retryCoordinator(async () => {
      const coords = await this.coordinators(groups);
      const byNode = new Map<InternalBroker, string[]>();
      for (const g of groups) {
        const c = coords.get(g)!;
        byNode.set(c, [...(byNode.get(c) ?? []), g]);
      }
      const answers = (await Promise.all([...byNode].map(([broker, ids]) => ask(broker, ids)))).flat();
      const retry = answers.find((a) => COORDINATOR_RETRY.has(a.errorCode));
      if (retry) throw protocolError(retry.errorCode);
      return answers;
    });
  }

  /**
   * Describes groups of any type. A type known from ListGroups is asked directly; otherwise the classic
   * DescribeGroups goes first and the groups it does not know (Dead, or GROUP_ID_NOT_FOUND on Kafka 4) are asked
   * as consumer, share and streams groups in turn, where the brokers speak those requests. Unknown groups come
   * back with type unknown and state Dead.
   */
  async describeGroups(groups: readonly string[], knownTypes: ReadonlyMap<string, GroupType | null> = new Map()): Promise<GroupDescription[]> {
    if (groups.length === 0) return [];
    try {
      const found = new Map<string, GroupDescription>();
      const order: GroupType[] = ['classic', 'consumer', 'share', 'streams'];
      let pending = [...new Set(groups)];
      for (const type of order) {
        const ask = pending.filter((g) => { const t = knownTypes.get(g); return t === undefined || t === null || t === type; });
        if (ask.length === 0) continue;
        const described = await this.describeAs(type, ask);
        for (const d of described) found.set(d.group, d);
        pending = pending.filter((g) => !found.has(g));
        if (pending.length === 0) break;
      }
      return groups.map((id) => found.get(id) ?? { group: id, type: 'unknown', state: 'Dead', protocolType: '', members: [] });
    } catch (e) {
      throw this.fail(e, 'describe groups');
    }
  }

  /** The groups of `ids` that exist as `type` (others are left out). */
  private async describeAs(type: GroupType, ids: string[]): Promise<GroupDescription[]> {
    const api = type === 'classic' ? 'DescribeGroups' : type === 'consumer' ? 'ConsumerGroupDescribe' : type === 'share' ? 'ShareGroupDescribe' : 'StreamsGroupDescribe';
    if (type !== 'classic' && !(await this.anyBrokerSupports(api))) return [];
    const answers = await this.perCoordinator<DescribedGroup>(ids, async (broker, batch) => {
      if (type !== 'classic' && !supports(broker, api)) return [];
      const request = type === 'classic' ? { groups: batch, includeAuthorizedOperations: false } : { groupIds: batch, includeAuthorizedOperations: false, includeTopologyDescription: false };
      return (await send(broker, api, request)).response.groups;
    });
    const out: GroupDescription[] = [];
    for (const g of answers) {
      if (g.errorCode === GROUP_ID_NOT_FOUND || g.errorCode === UNSUPPORTED_VERSION) continue;
      if (g.errorCode !== 0) throw new KafkaError(`describe group '${g.groupId}': ${errorText(g.errorCode)}`);
      // Only DescribeGroups (classic) answers carry protocolData.
      if ('protocolData' in g) {
        // Brokers before 4.0 answer Dead for a group they do not know as classic, of any type.
        if (g.groupState === 'Dead') continue;
        const c = g;
        out.push({
          group: c.groupId,
          type: 'classic',
          state: c.groupState,
          protocolType: c.protocolType,
          assignor: c.protocolData || undefined,
          members: c.members
            .map((m) => ({
              memberId: m.memberId,
              clientId: m.clientId,
              host: m.clientHost,
              instanceId: m.groupInstanceId,
              assignment: decodeAssignment(c.protocolType, m.memberAssignment),
              subscribedTopics: decodeSubscription(c.protocolType, m.memberMetadata),
            }))
            .sort(byMemberId),
        });
      } else {
        if (g.groupState === 'Dead') continue;
        out.push(fromNewProtocol(g, type));
      }
    }
    return out;
  }

  private async anyBrokerSupports(api: ApiName): Promise<boolean> {
    const brokers = this.cluster.brokerPool.metadata.brokers;
    for (const b of brokers) {
      if (supports(await this.cluster.findBroker({ nodeId: b.nodeId }), api)) return true;
    }
    return false;
  }

  /**
   * A group's committed offsets for every topic it has committed to (OffsetFetch with no topics: classic, consumer
   * and streams groups). `stable.unstable` (requireStable, v7): gets the partitions with a transactional commit
   * still pending (UNSTABLE_OFFSET_COMMIT), left out of the answer.
   */
  async committedOffsets(group: string, stable?: { unstable: Set<string> }): Promise<Map<string, bigint>> {
    try {
      const r = await this.retryCoordinator(async () => {
        // v8+ batches groups and v10 names topics by id: v7 is the last with one group and topic names.
        const { response } = await send(await this.coordinator(group), 'OffsetFetch', { groupId: group, topics: null, requireStable: stable !== undefined }, { minVersion: 2, maxVersion: 7 });
        if (COORDINATOR_RETRY.has(response.errorCode)) throw protocolError(response.errorCode);
        return response;
      });
      if (r.errorCode !== 0 && r.errorCode !== GROUP_ID_NOT_FOUND) throw new KafkaError(`fetch committed offsets of group '${group}': ${errorText(r.errorCode)}`);
      const out = new Map<string, bigint>();
      for (const t of r.topics) {
        for (const p of t.partitions) {
          if (p.errorCode === UNSTABLE_OFFSET_COMMIT && stable) stable.unstable.add(tpKey(t.name, p.partitionIndex));
          else if (p.errorCode === 0 && p.committedOffset >= 0n) out.set(tpKey(t.name, p.partitionIndex), p.committedOffset);
        }
      }
      return out;
    } catch (e) {
      throw this.fail(e, `fetch committed offsets of group '${group}'`);
    }
  }

  /** A share group's start offset per partition (DescribeShareGroupOffsets), and the broker's lag where it reports one (v1+). */
  async shareGroupOffsets(group: string): Promise<Map<string, { startOffset: bigint; lag: bigint | null }>> {
    try {
      const { version, response } = await this.retryCoordinator(async () => {
        const res = await send(await this.coordinator(group), 'DescribeShareGroupOffsets', { groups: [{ groupId: group, topics: null }] });
        const g = res.response.groups[0];
        if (g && COORDINATOR_RETRY.has(g.errorCode)) throw protocolError(g.errorCode);
        return res;
      });
      const out = new Map<string, { startOffset: bigint; lag: bigint | null }>();
      for (const g of response.groups) {
        if (g.errorCode !== 0 && g.errorCode !== GROUP_ID_NOT_FOUND) throw new KafkaError(`describe offsets of share group '${group}': ${errorText(g.errorCode)}`);
        for (const t of g.topics) {
          for (const p of t.partitions) {
            if (p.errorCode !== 0 || p.startOffset < 0n) continue;
            out.set(tpKey(t.topicName, p.partitionIndex), { startOffset: p.startOffset, lag: version >= 1 && p.lag >= 0n ? p.lag : null });
          }
        }
      }
      return out;
    } catch (e) {
      throw this.fail(e, `fetch offsets of share group '${group}'`);
    }
  }

  /** OffsetCommit as a non-member (generation -1): allowed by the broker only while the group has no members. */
  async commitOffsets(group: string, offsets: ReadonlyArray<TopicPartition & { offset: bigint }>): Promise<void> {
    const perTopic = byTopic(offsets, (o) => ({ partitionIndex: o.partition, committedOffset: o.offset, committedLeaderEpoch: -1, committedMetadata: '' }));
    let topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; errorCode: number }> }>;
    try {
      topics = await this.retryCoordinator(async () => {
        const { response } = await send(
          await this.coordinator(group),
          'OffsetCommit',
          { groupId: group, generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null, retentionTimeMs: -1n, topics: perTopic.map(([name, partitions]) => ({ name, partitions })) },
          // v10 names topics by id.
          { maxVersion: 9 },
        );
        const t = response.topics;
        const retry = t.flatMap((x) => x.partitions).find((p) => COORDINATOR_RETRY.has(p.errorCode));
        if (retry) throw protocolError(retry.errorCode);
        return t;
      });
    } catch (e) {
      throw this.fail(e, `commit offsets of group '${group}'`);
    }
    const errors = topics.flatMap((t) => t.partitions.filter((p) => p.errorCode !== 0).map((p) => ({ topic: t.name, ...p })));
    if (errors.some((p) => ACTIVE_MEMBER_CODES.has(p.errorCode))) {
      throw new KafkaError(`group '${group}' has active members: the broker refused the new offsets (stop its consumers, then retry)`);
    }
    if (errors.length) throw new KafkaError(`commit offsets of group '${group}' failed for ${errors.map((p) => `${p.topic}[${p.partitionIndex}] (${errorText(p.errorCode)})`).join(', ')}`);
  }

  /** AlterShareGroupOffsets: a share group's new start offsets (the broker refuses while it has members). */
  async alterShareGroupOffsets(group: string, offsets: ReadonlyArray<TopicPartition & { offset: bigint }>): Promise<void> {
    const perTopic = byTopic(offsets, (o) => ({ partitionIndex: o.partition, startOffset: o.offset }));
    let response;
    try {
      ({ response } = await this.retryCoordinator(async () => {
        const res = await send(await this.coordinator(group), 'AlterShareGroupOffsets', { groupId: group, topics: perTopic.map(([topicName, partitions]) => ({ topicName, partitions })) });
        if (COORDINATOR_RETRY.has(res.response.errorCode)) throw protocolError(res.response.errorCode);
        return res;
      }));
    } catch (e) {
      throw this.fail(e, `alter start offsets of share group '${group}'`);
    }
    if (response.errorCode !== 0) throw new KafkaError(`alter start offsets of share group '${group}': ${response.errorMessage ?? errorText(response.errorCode)}`);
    const errors = response.responses.flatMap((t) =>
      t.partitions.filter((p) => p.errorCode !== 0).map((p) => `${t.topicName}[${p.partitionIndex}] (${p.errorMessage ?? errorText(p.errorCode)})`),
    );
    if (errors.length) throw new KafkaError(`alter start offsets of share group '${group}' failed for ${errors.join(', ')}`);
  }

  /**
   * OffsetDelete: removes the group's committed offsets of these partitions. The broker refuses a partition of a
   * topic the group subscribes to (GROUP_SUBSCRIBED_TO_TOPIC) and, for a group with members that is not a consumer
   * group, all of them (NON_EMPTY_GROUP). A partition with no commit is answered with success.
   */
  async deleteOffsets(group: string, partitions: readonly TopicPartition[]): Promise<{ errorCode: number; partitions: Array<TopicPartition & { errorCode: number }> }> {
    const perTopic = byTopic(partitions, (p) => ({ partitionIndex: p.partition }));
    try {
      const { response } = await this.retryCoordinator(async () => {
        const res = await send(await this.coordinator(group), 'OffsetDelete', { groupId: group, topics: perTopic.map(([name, partitions]) => ({ name, partitions })) });
        if (COORDINATOR_RETRY.has(res.response.errorCode)) throw protocolError(res.response.errorCode);
        return res;
      });
      return { errorCode: response.errorCode, partitions: response.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, errorCode: p.errorCode }))) };
    } catch (e) {
      throw this.fail(e, `delete offsets of group '${group}'`);
    }
  }

  /** DeleteGroups per coordinator (every group type); one result per group (error: null when deleted). */
  async deleteGroups(groups: readonly string[]): Promise<Array<{ group: string; error: string | null }>> {
    try {
      const answers = await this.perCoordinator(groups, async (broker, ids) => (await send(broker, 'DeleteGroups', { groupsNames: ids })).response.results);
      const byId = new Map(answers.map((r) => [r.groupId, r]));
      return groups.map((group) => {
        const r = byId.get(group);
        if (!r || r.errorCode === 0) return { group, error: null };
        const why =
          r.errorCode === GROUP_ID_NOT_FOUND ? 'not found'
          : r.errorCode === 68 ? 'it has active members (stop its consumers first)'
          : r.errorCode === 30 ? 'not authorized'
          : errorText(r.errorCode);
        return { group, error: why };
      });
    } catch (e) {
      throw this.fail(e, 'delete groups');
    }
  }
}

function toGroupType(t: string): GroupType {
  const lower = t.toLowerCase();
  return (GROUP_TYPES as readonly string[]).includes(lower) ? (lower as GroupType) : 'unknown';
}

/* ------------------------------------------------------------------ core functions */

export interface ListGroupsOptions {
  /** Only groups of these types (empty: all). */
  types?: readonly GroupType[];
  /** Only groups in these states, compared case-insensitively (empty: all). */
  states?: readonly string[];
}

/** `group list`: every group the brokers know, with type, state and member count. */
export async function listGroups(client: KafkaClient, o: ListGroupsOptions = {}): Promise<GroupSummary[]> {
  const s = await GroupSession.open(client);
  try {
    const listed = await s.listGroupIds();
    const types = new Set(o.types ?? []);
    const states = new Set((o.states ?? []).map((x) => x.toLowerCase()));
    // Filter on what ListGroups already says, then describe only those (member counts; state on old brokers).
    const candidates = listed.filter((g) => (types.size === 0 || g.type === null || types.has(g.type)) && (states.size === 0 || g.state === null || states.has(g.state.toLowerCase())));
    const described = await s.describeGroups(
      candidates.map((g) => g.group),
      new Map(candidates.map((g) => [g.group, g.type])),
    );
    return described
      .map((d, i) => {
        const l = candidates[i]!;
        // A group ListGroups named but no Describe found (deleted in between, or a type this broker cannot describe).
        const type = d.type === 'unknown' && l.type ? l.type : d.type;
        return { group: d.group, type, state: d.type === 'unknown' && l.state ? l.state : d.state, members: d.members.length, protocolType: d.protocolType || l.protocolType };
      })
      .filter((g) => (types.size === 0 || types.has(g.type)) && (states.size === 0 || states.has(g.state.toLowerCase())));
  } finally {
    await s.close();
  }
}

/** The ids of every group the brokers know (ListGroups only, nothing described): for "did you mean". */
export async function listGroupNames(client: KafkaClient): Promise<string[]> {
  const s = await GroupSession.open(client);
  try {
    return (await s.listGroupIds()).map((g) => g.group);
  } finally {
    await s.close();
  }
}

export interface DeleteResult {
  group: string;
  deleted: boolean;
  error: string | null;
}

/**
 * `group delete`: deletes each group that has no active members (any type); a group with members, or one
 * that cannot be deleted, is reported and nothing is sent for it; the others still go.
 */
export async function deleteGroups(client: KafkaClient, groups: readonly string[]): Promise<DeleteResult[]> {
  const s = await GroupSession.open(client);
  try {
    const descs = await s.describeGroups(groups);
    const busy = new Map(descs.filter((d) => d.members.length > 0).map((d) => [d.group, d]));
    const free = groups.filter((g) => !busy.has(g));
    const sent = new Map((await s.deleteGroups(free)).map((r) => [r.group, r.error]));
    return groups.map((group) => {
      const b = busy.get(group);
      if (b) return { group, deleted: false, error: `it has active members (${b.members.length}, state ${b.state}): stop its consumers first` };
      const error = sent.get(group) ?? null;
      return { group, deleted: error === null, error };
    });
  } finally {
    await s.close();
  }
}
