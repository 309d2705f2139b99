/** Direct kafkajs access for test set-up and cross-checks (the code under test never uses this). */
import kafkajs from 'kafkajs';
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

export async function createTopic(topic: string, numPartitions = 1, configEntries: Array<{ name: string; value: string }> = []): Promise<void> {
  await withAdmin((a) => a.createTopics({ topics: [{ topic, numPartitions, replicationFactor: 1, configEntries }], waitForLeaders: true }));
}
