/** The shared three-broker test cluster (test/setup/cluster.ts): node faults and kafkajs cross-checks. */
import { inject, vi } from 'vitest';
import kafkajs from 'kafkajs';
import type { Admin } from 'kafkajs';
import { killNode, startNode, stopNode } from '../../src/local/cluster.js';
import type { TestCluster } from './test-cluster-info.js';

export function testCluster(): TestCluster {
  return inject('cluster');
}

export function brokerAddress(id: number): string {
  return testCluster().brokers.find((b) => b.id === id)!.address;
}

/** A kafkajs admin over every broker, connected for `fn` (independent of the code under test). */
export async function withClusterAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
  const kafka = new kafkajs.Kafka({
    clientId: 'kafka-cli-cluster-tests',
    brokers: testCluster().bootstrap.split(','),
    logLevel: kafkajs.logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 1000 },
    connectionTimeout: 3000,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

export async function killBroker(id: number): Promise<void> {
  await killNode(testCluster().dir, id);
}

export async function stopBroker(id: number): Promise<void> {
  await stopNode(testCluster().dir, id);
}

export async function startBroker(id: number): Promise<void> {
  await startNode(testCluster().dir, id);
}

export interface PartitionState {
  partition: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

export async function partitions(topic: string): Promise<PartitionState[]> {
  return withClusterAdmin(async (a) => {
    const { topics } = await a.fetchTopicMetadata({ topics: [topic] });
    return topics[0]!.partitions
      .map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: [...p.replicas], isr: [...p.isr] }))
      .sort((x, y) => x.partition - y.partition);
  });
}

/** Waits until every broker is registered and every partition of `topics` has all its replicas in the ISR. */
export async function waitHealthy(topics: string[] = [], timeoutMs = 90_000): Promise<void> {
  const want = testCluster().brokers.length;
  // Also called from beforeAll, where expect.poll is not allowed.
  await vi
    .waitFor(
      () =>
        withClusterAdmin(async (a) => {
          const { brokers } = await a.describeCluster();
          if (brokers.length < want) throw new Error(`${brokers.length} of ${want} brokers registered`);
          if (topics.length === 0) return;
          const { topics: md } = await a.fetchTopicMetadata({ topics });
          if (!md.every((t) => t.partitions.every((p) => p.leader >= 0 && p.isr.length === p.replicas.length))) throw new Error(`${topics.join(', ')}: a partition without a leader or a full ISR`);
        }),
      { timeout: timeoutMs, interval: 250 },
    )
    .catch((e: Error) => {
      throw new Error(`cluster not healthy after ${timeoutMs} ms: ${e.message}`);
    });
}

/** Creates a topic with RF 3 and waits until every leader serves its partition. */
export async function createClusterTopic(topic: string, numPartitions: number, configEntries: Array<{ name: string; value: string }> = []): Promise<void> {
  await withClusterAdmin(async (a) => {
    await a.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 3, configEntries }], waitForLeaders: false });
  });
  await waitHealthy([topic]);
  // The metadata can name a leader a moment before that broker serves the partition (NOT_LEADER_FOR_PARTITION
  // right after other tests restarted brokers): wait until every leader answers ListOffsets.
  await vi.waitFor(() => withClusterAdmin((a) => a.fetchTopicOffsets(topic)), { timeout: 30_000, interval: 250 });
}
