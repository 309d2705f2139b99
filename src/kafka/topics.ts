/**
 * Topic operations: existence checks, partitions, create/grow/list/describe/delete.
 * Existence is always checked with one metadata request first: kafkajs retries
 * UNKNOWN_TOPIC_OR_PARTITION for seconds in most other admin calls.
 */
import type { Admin } from 'kafkajs';
import { KafkaError, UsageError } from '../cli/errors.js';
import type { KafkaClient } from './client.js';
import { kafkaFailure } from './client.js';
import { mapLimit } from './concurrency.js';

/** One partition as the cluster metadata shows it. Broker ids; leader -1 when the partition has none. */
export interface PartitionInfo {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
}

export interface TopicMetadata {
  name: string;
  partitions: PartitionInfo[];
}

function isUnknownTopic(e: unknown): boolean {
  const x = e as { type?: string; originalError?: { type?: string } };
  return x?.type === 'UNKNOWN_TOPIC_OR_PARTITION' || x?.originalError?.type === 'UNKNOWN_TOPIC_OR_PARTITION';
}

export function missingTopicError(missing: string[]): KafkaError {
  return missing.length === 1
    ? new KafkaError(`topic '${missing[0]}' does not exist`)
    : new KafkaError(`topics ${missing.map((t) => `'${t}'`).join(', ')} do not exist`);
}

/** Names of all topics, internal ones included. */
export async function listTopicNames(client: KafkaClient): Promise<string[]> {
  const admin = await client.admin();
  try {
    return await admin.listTopics();
  } catch (e) {
    throw kafkaFailure(e, client.config, 'list topics');
  }
}

/**
 * Metadata (partitions, leaders, replicas, ISR) of the given topics, in the order asked.
 * Fails fast with KafkaError "topic 'x' does not exist" (exit 1) when any is missing.
 */
export async function fetchTopicsMetadata(client: KafkaClient, topics: string[]): Promise<TopicMetadata[]> {
  const admin = await client.admin();
  let raw: Awaited<ReturnType<Admin['fetchTopicMetadata']>>;
  try {
    raw = await admin.fetchTopicMetadata({ topics });
  } catch (e) {
    if (!isUnknownTopic(e)) throw kafkaFailure(e, client.config, 'fetch topic metadata');
    // The response names the first failure only; find every missing topic for one clear line.
    const known = new Set(await listTopicNames(client));
    const missing = topics.filter((t) => !known.has(t));
    throw missingTopicError(missing.length ? missing : topics);
  }
  const byName = new Map(raw.topics.map((t) => [t.name, t]));
  return topics.map((name) => {
    const t = byName.get(name);
    if (!t) throw missingTopicError([name]);
    return {
      name,
      partitions: t.partitions
        .map((p) => ({
          partition: p.partitionId,
          leader: p.leader ?? -1,
          replicas: [...(p.replicas ?? [])],
          isr: [...(p.isr ?? [])],
          offlineReplicas: [...(p.offlineReplicas ?? [])],
        }))
        .sort((a, b) => a.partition - b.partition),
    };
  });
}

/** The topic's partitions sorted by id; KafkaError "topic 'x' does not exist" (exit 1) at once when it is missing. */
export async function fetchTopicPartitions(client: KafkaClient, topic: string): Promise<PartitionInfo[]> {
  const [t] = await fetchTopicsMetadata(client, [topic]);
  return t!.partitions;
}

/** Throws KafkaError "topic 'x' does not exist" (exit 1) at once when the topic is missing. */
export async function assertTopicExists(client: KafkaClient, topic: string): Promise<void> {
  await fetchTopicsMetadata(client, [topic]);
}

/** Same for several topics; the error names every missing one. */
export async function assertTopicsExist(client: KafkaClient, topics: string[]): Promise<void> {
  if (topics.length) await fetchTopicsMetadata(client, topics);
}

/** Low and high watermark of one partition (exact int64 decimal strings). */
export interface PartitionWatermarks {
  partition: number;
  low: string;
  high: string;
}

/**
 * Watermarks of every partition of a topic that exists (check first), keyed by partition.
 * Empty when a partition has no leader: kafkajs would retry LEADER_NOT_AVAILABLE for seconds.
 */
export async function fetchWatermarks(client: KafkaClient, topic: TopicMetadata): Promise<Map<number, PartitionWatermarks>> {
  const out = new Map<number, PartitionWatermarks>();
  if (topic.partitions.length === 0 || topic.partitions.some((p) => p.leader < 0)) return out;
  const admin = await client.admin();
  // Right after a topic is created or grown, its leader may not serve offsets yet (NOT_LEADER_FOR_PARTITION),
  // and kafkajs does not retry that here: a few short retries instead.
  for (let attempt = 1; ; attempt++) {
    try {
      for (const o of await admin.fetchTopicOffsets(topic.name)) {
        out.set(o.partition, { partition: o.partition, low: o.low, high: o.high });
      }
      return out;
    } catch (e) {
      if (isUnknownTopic(e)) throw missingTopicError([topic.name]);
      const retriable = (e as { retriable?: boolean }).retriable === true;
      if (!retriable || attempt >= 6) throw kafkaFailure(e, client.config, `fetch offsets of topic '${topic.name}'`);
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
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
 * so that the next command (describe, produce) finds them ready. Bounded by the request timeout.
 */
export async function waitForTopics(client: KafkaClient, topics: string[], partitions = 1): Promise<void> {
  const admin = await client.admin();
  const budget = Math.max(client.config.timeoutMs, 5000);
  const until = Date.now() + budget;
  for (let attempt = 1; ; attempt++) {
    try {
      const m = await admin.fetchTopicMetadata({ topics });
      const ready = m.topics.length === topics.length && m.topics.every((t) => t.partitions.length >= partitions && t.partitions.every((p) => p.leader >= 0));
      if (ready) return;
    } catch (e) {
      const retriable = isUnknownTopic(e) || (e as { retriable?: boolean }).retriable === true;
      if (!retriable) throw kafkaFailure(e, client.config, 'wait for new topic metadata');
    }
    if (Date.now() > until) throw new KafkaError(`the broker accepted the change, but the partitions of ${topics.map((t) => `'${t}'`).join(', ')} have no leader after ${budget} ms`);
    await new Promise((r) => setTimeout(r, Math.min(50 * attempt, 250)));
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
    throw new UsageError(`topic '${o.topic}' has ${current} partitions; --total ${total} would remove some, and partitions can never be removed`);
  }
  if (total === current) throw new UsageError(`topic '${o.topic}' already has ${current} partitions: nothing to add (partitions can only be added)`);
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
}

export interface ListTopicsOptions {
  all: boolean;
  match?: RegExp;
}

export async function listTopics(client: KafkaClient, o: ListTopicsOptions): Promise<TopicSummary[]> {
  const names = (await listTopicNames(client))
    .filter((n) => o.all || !isInternalTopic(n))
    .filter((n) => !o.match || o.match.test(n))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (names.length === 0) return [];
  let metas: TopicMetadata[];
  try {
    metas = await fetchTopicsMetadata(client, names);
  } catch (e) {
    // A topic deleted between the two requests: list what is left.
    if (!(e instanceof KafkaError)) throw e;
    const left = new Set(await listTopicNames(client));
    metas = await fetchTopicsMetadata(client, names.filter((n) => left.has(n)));
  }
  const rows = await mapLimit(metas, 8, async (t): Promise<TopicSummary | undefined> => {
    let w: Map<number, PartitionWatermarks>;
    try {
      w = await fetchWatermarks(client, t);
    } catch (e) {
      // Deleted while we were listing: leave it out.
      if (e instanceof KafkaError && /does not exist$/.test(e.message)) return undefined;
      throw e;
    }
    let messages: bigint | null = t.partitions.length && w.size === t.partitions.length ? 0n : null;
    if (messages !== null) for (const p of t.partitions) messages += messageCount(w.get(p.partition)) ?? 0n;
    return { name: t.name, partitions: t.partitions.length, replicationFactor: replicationFactorOf(t), messages, internal: isInternalTopic(t.name) };
  });
  return rows.filter((r): r is TopicSummary => r !== undefined);
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
  const [meta] = await fetchTopicsMetadata(client, [topic]);
  const { describeTopicConfigs } = await import('./configs.js');
  const [w, configs] = await Promise.all([fetchWatermarks(client, meta!), describeTopicConfigs(client, topic)]);
  return {
    name: topic,
    internal: isInternalTopic(topic),
    replicationFactor: replicationFactorOf(meta!),
    partitions: meta!.partitions.map((p) => {
      const pw = w.get(p.partition);
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
  return mapLimit(metas, 8, async (t) => {
    const w = await fetchWatermarks(client, t);
    let messages: bigint | null = w.size === t.partitions.length ? 0n : null;
    if (messages !== null) for (const p of t.partitions) messages += messageCount(w.get(p.partition)) ?? 0n;
    return { topic: t.name, partitions: t.partitions.length, messages };
  });
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
