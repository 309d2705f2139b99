/** Direct kafkajs access for test set-up and cross-checks (the code under test never uses this). */
import kafkajs from 'kafkajs';
import { vi } from 'vitest';
import type { Admin, Kafka } from 'kafkajs';
import { testBroker } from './broker-info.js';

let kafka: Kafka | undefined;

export function testKafka(): Kafka {
  kafka ??= new kafkajs.Kafka({ clientId: 'kafka-cli-tests', brokers: [testBroker().bootstrap], logLevel: kafkajs.logLevel.NOTHING });
  return kafka;
}

export async function withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Creates a topic and returns once every partition has a leader. kafkajs's own `waitForLeaders` gives up when
 * the broker briefly answers "does not host this topic-partition" while the new topic's metadata spreads.
 */
export async function createTopic(topic: string, numPartitions = 1, configEntries: Array<{ name: string; value: string }> = []): Promise<void> {
  await withAdmin(async (a) => {
    await a.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 1, configEntries }], waitForLeaders: false });
    await waitForLeaders(a, topic, numPartitions);
  });
}

export async function waitForLeaders(admin: Admin, topic: string, numPartitions: number, timeoutMs = 15_000): Promise<void> {
  await vi.waitFor(
    async () => {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const parts = topics[0]?.partitions ?? [];
      if (parts.length < numPartitions || !parts.every((p) => p.leader >= 0)) throw new Error(`topic ${topic}: partitions have no leader after ${timeoutMs} ms`);
      // The metadata names a leader a moment before it serves the partition: a produce sent then fails for
      // some partitions, and kafkajs sends the whole batch again (duplicates in the others). ListOffsets on
      // every partition succeeds only once each leader serves it.
      await admin.fetchTopicOffsets(topic);
    },
    { timeout: timeoutMs, interval: 50 },
  );
}
