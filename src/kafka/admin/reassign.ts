/**
 * `topic reassign`: move partition replicas to other brokers (AlterPartitionReassignments), show progress
 * (ListPartitionReassignments + metadata) and cancel (revert in-progress partitions to their original replicas).
 */
import { KafkaError, UsageError } from '../../core/errors.js';
import { kafkaFailure, type KafkaClient } from '../client/client.js';
import { fetchTopicPartitions } from '../client/topic-metadata.js';
import type { PartitionInfo } from '../client/session.js';
import { DELETE, incrementalAlterConfigs, SET } from './broker-configs.js';
import { describeTopicConfigs } from './configs.js';

export type ReassignTarget = { kind: 'replicas'; assignments: Map<number, number[]> } | { kind: 'brokers'; brokers: number[] };

export interface ReassignOptions {
  topic: string;
  target: ReassignTarget;
  execute: boolean;
  /** Replication throttle in bytes/s while the replicas move (removed by --status once done). */
  throttle?: number;
}

export interface ReassignRow {
  partition: number;
  current: number[];
  target: number[];
  changes: boolean;
}

export interface ReassignPlan {
  topic: string;
  executed: boolean;
  partitions: ReassignRow[];
  /** bytes/s set on the brokers involved, when --throttle was given and something moves. */
  throttle: number | null;
}

export interface ReassignStatusRow {
  partition: number;
  replicas: number[];
  isr: number[];
  leader: number;
  adding: number[];
  removing: number[];
  inProgress: boolean;
}

/**
 * Pure: `--broker-list 1,2,3` spread evenly. Partition i gets the brokers rotated by i, as many as its current
 * replication factor, so leaders (the first replica) are spread too.
 */
export function spreadReplicas(partitions: PartitionInfo[], brokers: number[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const p of partitions) {
    const rf = p.replicas.length;
    if (rf > brokers.length) throw new UsageError(`partition ${p.partition} has ${rf} replicas but --broker-list names only ${brokers.length} broker${brokers.length === 1 ? '' : 's'}`);
    out.set(p.partition, Array.from({ length: rf }, (_, j) => brokers[(p.partition + j) % brokers.length]!));
  }
  return out;
}

/** Pure: the plan rows, checking partitions and broker ids. */
export function reassignRows(partitions: PartitionInfo[], target: ReassignTarget, liveBrokers: number[]): ReassignRow[] {
  const assignments = target.kind === 'brokers' ? spreadReplicas(partitions, target.brokers) : target.assignments;
  const known = new Set(partitions.map((p) => p.partition));
  const unknownPartitions = [...assignments.keys()].filter((p) => !known.has(p));
  if (unknownPartitions.length) throw new UsageError(`the topic has no partition ${unknownPartitions.join(', ')} (it has ${partitions.length})`);
  const unknownBrokers = [...new Set([...assignments.values()].flat())].filter((b) => !liveBrokers.includes(b)).sort((a, b) => a - b);
  if (unknownBrokers.length) throw new UsageError(`no broker ${unknownBrokers.join(', ')} in the cluster (brokers: ${liveBrokers.join(', ')})`);
  return partitions
    .filter((p) => assignments.has(p.partition))
    .map((p) => {
      const t = assignments.get(p.partition)!;
      return { partition: p.partition, current: p.replicas, target: t, changes: t.join(',') !== p.replicas.join(',') };
    });
}

async function liveBrokerIds(client: KafkaClient): Promise<number[]> {
  const admin = await client.admin();
  try {
    return (await admin.describeCluster()).brokers.map((b) => b.nodeId).sort((a, b) => a - b);
  } catch (e) {
    throw kafkaFailure(e, client.config, 'describe cluster');
  }
}

export async function reassign(client: KafkaClient, o: ReassignOptions): Promise<ReassignPlan> {
  const [partitions, brokers] = await Promise.all([fetchTopicPartitions(client, o.topic), liveBrokerIds(client)]);
  const rows = reassignRows(partitions, o.target, brokers);
  const moving = rows.filter((r) => r.changes);
  const throttled = o.execute && moving.length > 0 && o.throttle !== undefined;
  if (throttled) await setThrottle(client, o.topic, [...new Set(moving.flatMap((r) => [...r.current, ...r.target]))], o.throttle!);
  if (o.execute && moving.length) {
    const admin = await client.admin();
    try {
      await admin.alterPartitionReassignments({ topics: [{ topic: o.topic, partitionAssignment: moving.map((r) => ({ partition: r.partition, replicas: r.target })) }], timeout: Math.max(client.config.timeoutMs, 5000) });
    } catch (e) {
      throw kafkaFailure(e, client.config, `reassign partitions of '${o.topic}'`);
    }
  }
  return { topic: o.topic, executed: o.execute, partitions: rows, throttle: throttled ? o.throttle! : null };
}

const TOPIC_THROTTLES = ['leader.replication.throttled.replicas', 'follower.replication.throttled.replicas'];
const BROKER_THROTTLES = ['leader.replication.throttled.rate', 'follower.replication.throttled.rate'];

/** Like kafka-reassign-partitions --throttle: a rate on every broker involved, applied to every replica of the topic. */
async function setThrottle(client: KafkaClient, topic: string, brokers: number[], bytesPerSecond: number): Promise<void> {
  await incrementalAlterConfigs(
    client,
    [
      { type: 'topic', name: topic, ops: TOPIC_THROTTLES.map((k) => SET(k, '*')) },
      ...brokers.map((b) => ({ type: 'broker' as const, name: String(b), ops: BROKER_THROTTLES.map((k) => SET(k, String(bytesPerSecond))) })),
    ],
    `set the replication throttle for '${topic}'`,
  );
}

/** Removes a throttle set by --execute --throttle (the topic's throttled replicas and every broker's rates); false if none was set. */
export async function removeThrottle(client: KafkaClient, topic: string): Promise<boolean> {
  const configs = await describeTopicConfigs(client, topic);
  if (!configs.some((c) => TOPIC_THROTTLES.includes(c.name) && c.source === 'DYNAMIC_TOPIC_CONFIG')) return false;
  const brokers = await liveBrokerIds(client);
  await incrementalAlterConfigs(
    client,
    [{ type: 'topic', name: topic, ops: TOPIC_THROTTLES.map(DELETE) }, ...brokers.map((b) => ({ type: 'broker' as const, name: String(b), ops: BROKER_THROTTLES.map(DELETE) }))],
    `remove the replication throttle of '${topic}'`,
  );
  return true;
}

/** Per partition: replicas, ISR, and what an ongoing reassignment still adds or removes. */
export async function reassignStatus(client: KafkaClient, topic: string): Promise<ReassignStatusRow[]> {
  const partitions = await fetchTopicPartitions(client, topic);
  const admin = await client.admin();
  let ongoing: Awaited<ReturnType<typeof admin.listPartitionReassignments>>;
  try {
    ongoing = await admin.listPartitionReassignments({ topics: [{ topic, partitions: partitions.map((p) => p.partition) }], timeout: Math.max(client.config.timeoutMs, 5000) });
  } catch (e) {
    throw kafkaFailure(e, client.config, `list reassignments of '${topic}'`);
  }
  const byPartition = new Map((ongoing.topics.find((t) => t.topic === topic)?.partitions ?? []).map((p) => [p.partitionIndex, p]));
  return partitions.map((p) => {
    const r = byPartition.get(p.partition);
    return { partition: p.partition, replicas: r?.replicas ?? p.replicas, isr: p.isr, leader: p.leader, adding: r?.addingReplicas ?? [], removing: r?.removingReplicas ?? [], inProgress: !!r };
  });
}

/**
 * Cancels ongoing reassignments of the topic: each partition in progress goes back to its original replicas
 * (the replica set without those being added), which are in sync already. kafkajs cannot send the null
 * replica list of a true cancel; the outcome is the same.
 */
export async function cancelReassign(client: KafkaClient, topic: string): Promise<ReassignStatusRow[]> {
  const status = await reassignStatus(client, topic);
  const moving = status.filter((s) => s.inProgress);
  if (moving.length === 0) throw new KafkaError(`no reassignment of '${topic}' is in progress`);
  const admin = await client.admin();
  try {
    await admin.alterPartitionReassignments({
      topics: [{ topic, partitionAssignment: moving.map((s) => ({ partition: s.partition, replicas: s.replicas.filter((b) => !s.adding.includes(b)) })) }],
      timeout: Math.max(client.config.timeoutMs, 5000),
    });
  } catch (e) {
    throw kafkaFailure(e, client.config, `cancel the reassignment of '${topic}'`);
  }
  return moving.map((s) => ({ ...s, replicas: s.replicas.filter((b) => !s.adding.includes(b)), adding: [], removing: [], inProgress: false }));
}
