/**
 * Topic metadata and existence checks, below every module that needs them (topics, configs, produce, tail).
 * Existence is always checked with one metadata request first: kafkajs retries UNKNOWN_TOPIC_OR_PARTITION for
 * seconds in most other admin calls.
 */
import type { Admin } from 'kafkajs';
import type { KafkaClient } from './client.js';
import { kafkaFailure } from './client.js';
import { missingTopicError, type PartitionInfo } from './session.js';
import { retryWhileLeadersMove } from './leader-retry.js';

export interface TopicMetadata {
  name: string;
  partitions: PartitionInfo[];
}

export function isUnknownTopic(e: unknown): boolean {
  const x = e as { type?: string; originalError?: { type?: string } };
  return x?.type === 'UNKNOWN_TOPIC_OR_PARTITION' || x?.originalError?.type === 'UNKNOWN_TOPIC_OR_PARTITION';
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
    // A broker that just died may still be in the metadata kafkajs asks first: asked again within --timeout.
    // (A missing topic is retriable to kafkajs, not here: it fails at once.)
    raw = await retryWhileLeadersMove(() => admin.fetchTopicMetadata({ topics }), client.config.timeoutMs, undefined, isUnknownTopic);
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
