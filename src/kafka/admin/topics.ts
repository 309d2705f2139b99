/**
 * Topic operations: create/grow/list/describe/delete (existence checks and partitions: topic-metadata.ts).
 * Watermarks (list, describe, delete's plan) come from a ClusterSession: one ListOffsets per partition leader
 * for every partition of every topic asked, read_uncommitted, so "high" is the high watermark.
 */
import { KafkaError, UsageError } from '../../core/errors.js';
import { collidingTopic } from '../../core/parse.js';
import type { KafkaClient } from '../client/client.js';
import { kafkaFailure } from '../client/client.js';
import { ClusterSession, EARLIEST, LATEST, MissingTopic, missingTopicError, tpKey, UNKNOWN_TOPIC_CODES, type PartitionInfo, type TopicPartition } from '../client/session.js';
import { retry } from '../client/retry.js';
import { assertTopicsExist, fetchTopicPartitions, fetchTopicsMetadata, isUnknownTopic, listTopicNames, type TopicMetadata } from '../client/topic-metadata.js';

export { missingTopicError, type PartitionInfo } from '../client/session.js';

/** Low and high watermark of one partition (exact int64 decimal strings). */
export interface PartitionWatermarks {
  partition: number;
  low: string;
  high: string;
}

interface Watermarks {
  /** By tpKey; a partition is missing when its leader did not answer (or it has none). */
  marks: Map<string, PartitionWatermarks>;
  /** Topics deleted since the metadata was read. */
  gone: Set<string>;
}

/** Low and high watermark of every partition of the topics: two ListOffsets per partition leader in all. */
async function readWatermarks(s: ClusterSession, topics: TopicMetadata[]): Promise<Watermarks> {
  const tps: TopicPartition[] = topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })));
  const [low, high] = await Promise.all([s.offsetAnswers(tps, EARLIEST), s.offsetAnswers(tps, LATEST)]);
  const marks = new Map<string, PartitionWatermarks>();
  const gone = new Set<string>();
  for (const { topic, partition } of tps) {
    const k = tpKey(topic, partition);
    const l = low.get(k)!;
    const h = high.get(k)!;
    if (UNKNOWN_TOPIC_CODES.has(l.errorCode) || UNKNOWN_TOPIC_CODES.has(h.errorCode)) gone.add(topic);
    if (l.offset !== null && h.offset !== null) marks.set(k, { partition, low: l.offset.toString(), high: h.offset.toString() });
  }
  return { marks, gone };
}

/** Sum of the partitions' message counts; null when some partition's watermarks are unknown (or it has none). */
function topicMessages(t: TopicMetadata, marks: Map<string, PartitionWatermarks>): bigint | null {
  if (t.partitions.length === 0) return null;
  let n = 0n;
  for (const p of t.partitions) {
    const c = messageCount(marks.get(tpKey(t.name, p.partition)));
    if (c === null) return null;
    n += c;
  }
  return n;
}

/** A session reading metadata of these topics only (they exist: checked first). */
async function withSession<T>(client: KafkaClient, topics: string[] | undefined, fn: (s: ClusterSession) => Promise<T>): Promise<T> {
  const s = await ClusterSession.open(client, { topics });
  try {
    return await fn(s);
  } finally {
    await s.close().catch(() => {});
  }
}

/** Messages between the watermarks (approximate: compaction and transaction markers leave gaps). */
export function messageCount(w: PartitionWatermarks | undefined): bigint | null {
  if (!w) return null;
  const n = BigInt(w.high) - BigInt(w.low);
  return n < 0n ? 0n : n;
}

function replicationFactorOf(t: TopicMetadata): number {
  return t.partitions.reduce((m, p) => Math.max(m, p.replicas.length), 0);
}

/**
 * Waits until the topics are in the metadata with (at least `partitions`) partitions that all have a leader,
 * and every leader serves its partition (ListOffsets answers), so that the next command (describe, produce)
 * finds them ready. Bounded by the request timeout.
 * Metadata names a leader a moment before it serves the partition; a produce sent in between fails for some
 * partitions and kafkajs then sends the whole batch again, duplicating it in the others (measured: 10 of 20
 * new 3-partition topics, produced to at once).
 */
export async function waitForTopics(client: KafkaClient, topics: string[], partitions = 1): Promise<void> {
  const admin = await client.admin();
  const budget = Math.max(client.config.timeoutMs, 5000);
  const retryable = (e: unknown) => isUnknownTopic(e) || (e as { retriable?: boolean }).retriable === true;
  const ready = await retry(
    async () => {
      const m = await admin.fetchTopicMetadata({ topics });
      const known = m.topics.length === topics.length && m.topics.every((t) => t.partitions.length >= partitions && t.partitions.every((p) => p.leader >= 0));
      return known && (await leadersServe(client, m.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionId })))));
    },
    { deadline: Date.now() + budget, backoff: (n) => Math.min(50 * n, 250), signal: client.signal, retryable, again: (ok) => !ok },
  ).catch((e: unknown) => {
    if (!retryable(e)) throw kafkaFailure(e, client.config, 'wait for new topic metadata');
    return false;
  });
  if (!ready) throw new KafkaError(`the broker accepted the change, but the partitions of ${topics.map((t) => `'${t}'`).join(', ')} have no leader after ${budget} ms`);
}

/** Whether every partition's leader answers ListOffsets (one request per leader). */
async function leadersServe(client: KafkaClient, tps: TopicPartition[]): Promise<boolean> {
  const topics = [...new Set(tps.map((tp) => tp.topic))];
  try {
    return await withSession(client, topics, async (s) => [...(await s.offsetAnswers(tps, LATEST)).values()].every((a) => a.errorCode === 0));
  } catch (e) {
    // On a cluster, the broker asked may not know the new topic yet: not ready, ask again.
    if (e instanceof MissingTopic) return false;
    throw e;
  }
}

// ---------------------------------------------------------------- create

export interface CreateTopicsOptions {
  topics: string[];
  /** undefined: the broker's num.partitions. */
  partitions?: number;
  /** undefined: the broker's default.replication.factor. */
  replicationFactor?: number;
  configs: Array<[string, string]>;
  ifNotExists: boolean;
  validateOnly: boolean;
}

export interface CreatedTopic {
  topic: string;
  /** created; exists (--if-not-exists, left as it was); valid (--validate-only, nothing created). */
  status: 'created' | 'exists' | 'valid';
  partitions: number;
  replicationFactor: number;
  /** The topic-level configs requested (for "exists": none were applied). */
  configs: Record<string, string>;
}

async function brokerCount(client: KafkaClient): Promise<{ count: number; firstId: number }> {
  const admin = await client.admin();
  try {
    const c = await admin.describeCluster();
    return { count: c.brokers.length, firstId: c.controller ?? c.brokers[0]?.nodeId ?? 1 };
  } catch (e) {
    throw kafkaFailure(e, client.config, 'describe cluster');
  }
}

function createError(e: unknown, client: KafkaClient): Error {
  const agg = e as { name?: string; errors?: Array<{ type?: string; topic?: string; message?: string }> };
  if (agg?.name === 'KafkaJSAggregateError' && agg.errors?.length) {
    const first = agg.errors[0]!;
    const why: Record<string, string> = {
      TOPIC_ALREADY_EXISTS: 'it already exists',
      INVALID_REPLICATION_FACTOR: 'the broker refused the replication factor',
      INVALID_PARTITIONS: 'the broker refused the number of partitions',
      INVALID_CONFIG: 'the broker refused the configs',
      POLICY_VIOLATION: 'a broker policy refused it',
      TOPIC_AUTHORIZATION_FAILED: 'not authorized',
      CLUSTER_AUTHORIZATION_FAILED: 'not authorized',
      INVALID_TOPIC_EXCEPTION: 'the broker refused the name',
    };
    return new KafkaError(`cannot create topic '${first.topic}': ${why[first.type ?? ''] ?? first.message ?? first.type}`);
  }
  return kafkaFailure(e, client.config, 'create topics');
}

export async function createTopics(client: KafkaClient, o: CreateTopicsOptions): Promise<CreatedTopic[]> {
  const { validateTopicConfigs, brokerTopicDefaults } = await import('./configs.js');
  validateTopicConfigs(o.configs);
  const brokers = await brokerCount(client);
  if (o.replicationFactor !== undefined && o.replicationFactor > brokers.count) {
    throw new UsageError(`replication factor ${o.replicationFactor} is larger than the number of brokers (${brokers.count})`);
  }
  const existing = new Set(await listTopicNames(client));
  const already = o.topics.filter((t) => existing.has(t));
  if (already.length && !o.ifNotExists) {
    throw new KafkaError(
      already.length === 1 ? `topic '${already[0]}' already exists (use --if-not-exists to accept that)` : `topics ${already.map((t) => `'${t}'`).join(', ')} already exist (use --if-not-exists to accept that)`,
    );
  }
  const toCreate = o.topics.filter((t) => !existing.has(t));
  // Kafka refuses a name that differs from another only in '.' against '_' ("refused the name" says too little).
  for (const [i, t] of toCreate.entries()) {
    const there = collidingTopic(t, existing);
    if (there) throw new KafkaError(`cannot create topic '${t}': it collides with the existing topic '${there}' ('.' and '_' are the same in Kafka's metric names, so a cluster cannot hold both)`);
    const alsoAsked = collidingTopic(t, toCreate.slice(0, i));
    if (alsoAsked) throw new UsageError(`topics '${alsoAsked}' and '${t}' collide ('.' and '_' are the same in Kafka's metric names, so a cluster cannot hold both): nothing was created`);
  }
  const configEntries = o.configs.map(([name, value]) => ({ name, value }));
  const admin = await client.admin();
  if (toCreate.length) {
    try {
      await admin.createTopics({
        validateOnly: o.validateOnly,
        // kafkajs's own wait fails on UNKNOWN_TOPIC_OR_PARTITION while the new metadata spreads: waitForTopics below.
        waitForLeaders: false,
        timeout: Math.max(client.config.timeoutMs, 5000),
        topics: toCreate.map((topic) => ({
          topic,
          // -1: the broker's num.partitions / default.replication.factor (CreateTopics v4+, Kafka 2.4+).
          numPartitions: o.partitions ?? -1,
          replicationFactor: o.replicationFactor ?? -1,
          configEntries,
        })),
      });
    } catch (e) {
      throw createError(e, client);
    }
    if (!o.validateOnly) await waitForTopics(client, toCreate);
  }
  const configs = Object.fromEntries(o.configs);
  let defaults: { partitions: number; replicationFactor: number } | undefined;
  if (o.validateOnly && (o.partitions === undefined || o.replicationFactor === undefined)) defaults = await brokerTopicDefaults(client, brokers.firstId);
  const shown = o.validateOnly ? already : o.topics;
  const meta = new Map((await fetchTopicsMetadata(client, shown)).map((t) => [t.name, t]));
  return o.topics.map((topic) => {
    const m = meta.get(topic);
    if (m) {
      return { topic, status: existing.has(topic) ? 'exists' : 'created', partitions: m.partitions.length, replicationFactor: replicationFactorOf(m), configs: existing.has(topic) ? {} : configs };
    }
    return { topic, status: 'valid', partitions: o.partitions ?? defaults!.partitions, replicationFactor: o.replicationFactor ?? defaults!.replicationFactor, configs };
  });
}

// ---------------------------------------------------------------- add partitions

export interface AddPartitionsOptions {
  topic: string;
  total?: number;
  add?: number;
  validateOnly: boolean;
}

export interface AddPartitionsResult {
  topic: string;
  previousPartitions: number;
  partitions: number;
  validateOnly: boolean;
}

export async function addPartitions(client: KafkaClient, o: AddPartitionsOptions): Promise<AddPartitionsResult> {
  const current = (await fetchTopicPartitions(client, o.topic)).length;
  const total = o.total ?? current + (o.add ?? 0);
  if (total < current) {
    throw new UsageError(`topic '${o.topic}' has ${current} partition${current === 1 ? '' : 's'}; --total ${total} would remove some, and partitions can never be removed`);
  }
  if (total === current) throw new UsageError(`topic '${o.topic}' already has ${current} partition${current === 1 ? '' : 's'}: nothing to add (partitions can only be added)`);
  const admin = await client.admin();
  try {
    await admin.createPartitions({ validateOnly: o.validateOnly, timeout: Math.max(client.config.timeoutMs, 5000), topicPartitions: [{ topic: o.topic, count: total }] });
  } catch (e) {
    const t = (e as { type?: string }).type;
    if (t === 'INVALID_PARTITIONS') throw new KafkaError(`cannot grow topic '${o.topic}' to ${total} partitions: the broker refused the number of partitions`);
    throw kafkaFailure(e, client.config, `add partitions to topic '${o.topic}'`);
  }
  if (!o.validateOnly) await waitForTopics(client, [o.topic], total);
  return { topic: o.topic, previousPartitions: current, partitions: total, validateOnly: o.validateOnly };
}

// ---------------------------------------------------------------- list

/** Kafka's own bookkeeping topics (__consumer_offsets, __transaction_state, ...). */
export function isInternalTopic(name: string): boolean {
  return name.startsWith('__');
}

export interface TopicSummary {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Sum over partitions of high minus low watermark; null when some partition has no leader. */
  messages: bigint | null;
  internal: boolean;
  /** Partitions whose ISR is smaller than their replica set (a broker is down or behind). */
  underReplicatedPartitions: number;
  /** Partitions with no leader: nobody can read or write them. */
  offlinePartitions: number;
}

export interface ListTopicsOptions {
  all: boolean;
  match?: RegExp;
}

/** `topic list`: one Metadata request for every topic, then the watermarks of all their partitions at once. */
export async function listTopics(client: KafkaClient, o: ListTopicsOptions): Promise<TopicSummary[]> {
  return withSession(client, undefined, async (s) => {
    const all = await s.topics();
    const metas: TopicMetadata[] = [...all]
      .filter(([n]) => (o.all || !isInternalTopic(n)) && (!o.match || o.match.test(n)))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, partitions]) => ({ name, partitions }));
    if (metas.length === 0) return [];
    const { marks, gone } = await readWatermarks(s, metas);
    return metas
      // Deleted while we were listing: leave it out.
      .filter((t) => !gone.has(t.name))
      .map((t) => ({
        name: t.name,
        partitions: t.partitions.length,
        replicationFactor: replicationFactorOf(t),
        messages: topicMessages(t, marks),
        internal: isInternalTopic(t.name),
        underReplicatedPartitions: t.partitions.filter((p) => p.leader >= 0 && p.isr.length < p.replicas.length).length,
        offlinePartitions: t.partitions.filter((p) => p.leader < 0).length,
      }));
  });
}

// ---------------------------------------------------------------- describe

export interface PartitionDetail extends PartitionInfo {
  /** null when unknown (the partition has no leader). */
  lowWatermark: string | null;
  highWatermark: string | null;
  messages: bigint | null;
  underReplicated: boolean;
  leaderless: boolean;
}

export interface TopicDescription {
  name: string;
  internal: boolean;
  replicationFactor: number;
  partitions: PartitionDetail[];
  configs: import('./configs.js').TopicConfigEntry[];
}

export async function describeTopic(client: KafkaClient, topic: string, opts: { allConfigs: boolean }): Promise<TopicDescription> {
  const { describeTopicConfigs } = await import('./configs.js');
  // Both check that the topic exists (the same one-line error), so they can run side by side.
  const [{ meta, w }, configs] = await Promise.all([
    withSession(client, [topic], async (s) => {
      const partitions = (await s.topics()).get(topic);
      if (!partitions) throw missingTopicError([topic]);
      const meta = { name: topic, partitions };
      return { meta, w: await readWatermarks(s, [meta]) };
    }),
    describeTopicConfigs(client, topic),
  ]);
  if (w.gone.has(topic)) throw missingTopicError([topic]);
  return {
    name: topic,
    internal: isInternalTopic(topic),
    replicationFactor: replicationFactorOf(meta),
    partitions: meta.partitions.map((p) => {
      const pw = w.marks.get(tpKey(topic, p.partition));
      return {
        ...p,
        lowWatermark: pw?.low ?? null,
        highWatermark: pw?.high ?? null,
        messages: messageCount(pw),
        underReplicated: p.isr.length < p.replicas.length,
        leaderless: p.leader < 0,
      };
    }),
    configs: opts.allConfigs ? configs : configs.filter((c) => !c.isDefault),
  };
}

// ---------------------------------------------------------------- delete

export interface DeletedTopic {
  topic: string;
  partitions: number;
  messages: bigint | null;
}

/** What a deletion would remove (also proves every topic exists, naming all missing ones). */
export async function planTopicDeletion(client: KafkaClient, topics: string[]): Promise<DeletedTopic[]> {
  const metas = await fetchTopicsMetadata(client, topics);
  const { marks } = await withSession(client, topics, (s) => readWatermarks(s, metas));
  return metas.map((t) => ({ topic: t.name, partitions: t.partitions.length, messages: topicMessages(t, marks) }));
}

export async function deleteTopics(client: KafkaClient, topics: string[]): Promise<void> {
  await assertTopicsExist(client, topics);
  const admin = await client.admin();
  try {
    await admin.deleteTopics({ topics, timeout: Math.max(client.config.timeoutMs, 5000) });
  } catch (e) {
    throw kafkaFailure(e, client.config, `delete ${topics.length === 1 ? `topic '${topics[0]}'` : 'topics'}`);
  }
}
