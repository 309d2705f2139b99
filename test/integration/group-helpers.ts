/** Set-up for the group and lag tests: topics with messages, committed offsets, live consumers; all through kafkajs directly. */
import type { Consumer } from 'kafkajs';
import { expect, vi } from 'vitest';
import { createTopic, testKafka, withAdmin } from '../helpers/kafka.js';

/** A topic with `perPartition[i]` messages in partition i. */
export async function topicWithMessages(topic: string, perPartition: number[], timestamp?: (partition: number, i: number) => number): Promise<void> {
  await createTopic(topic, perPartition.length);
  const p = testKafka().producer({ allowAutoTopicCreation: false });
  await p.connect();
  try {
    const messages = perPartition.flatMap((n, partition) =>
      Array.from({ length: n }, (_, i) => ({ partition, value: `m-${partition}-${i}`, timestamp: timestamp ? String(timestamp(partition, i)) : undefined })),
    );
    if (messages.length) await p.send({ topic, messages });
  } finally {
    await p.disconnect();
  }
}

export async function produceTo(topic: string, partition: number, n: number): Promise<void> {
  const p = testKafka().producer({ allowAutoTopicCreation: false });
  await p.connect();
  try {
    await p.send({ topic, messages: Array.from({ length: n }, (_, i) => ({ partition, value: `x-${i}` })) });
  } finally {
    await p.disconnect();
  }
}

/** Commits offsets for an empty group with kafkajs's admin (as an operator's tool would). */
export async function commitOffsets(group: string, topic: string, offsets: Record<number, number>): Promise<void> {
  await withAdmin((a) => a.setOffsets({ groupId: group, topic, partitions: Object.entries(offsets).map(([p, o]) => ({ partition: Number(p), offset: String(o) })) }));
}

/** The group's committed offsets as kafkajs reads them (null: none). */
export async function committed(group: string, topic: string): Promise<Record<number, string | null>> {
  return withAdmin(async (a) => {
    const r = await a.fetchOffsets({ groupId: group, topics: [topic] });
    const out: Record<number, string | null> = {};
    for (const p of r[0]!.partitions) out[p.partition] = p.offset === '-1' ? null : p.offset;
    return out;
  });
}

/**
 * A running kafkajs consumer in `group` that consumes `topic` from the beginning and commits after each
 * batch; resolves once it has consumed `count` messages, committed them, and the group is stable with it.
 */
export async function liveConsumer(group: string, topic: string, count: number, clientId = 'lag-test-consumer'): Promise<Consumer> {
  const kafka = new (await import('kafkajs')).default.Kafka({
    clientId,
    brokers: [(await import('../helpers/broker-info.js')).testBroker().bootstrap],
    logLevel: 0,
  });
  const consumer = kafka.consumer({ groupId: group, allowAutoTopicCreation: false, sessionTimeout: 10_000, heartbeatInterval: 1000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  const next: Record<number, string> = {};
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  await consumer.run({
    autoCommit: true,
    autoCommitThreshold: 1,
    eachMessage: async ({ partition, message }) => {
      seen++;
      next[partition] = String(BigInt(message.offset) + 1n);
      if (seen >= count) resolveDone();
    },
  });
  if (count > 0) await done;
  // Joined: the group is stable with this member; and what it consumed is committed.
  await vi.waitFor(
    async () => {
      const g = await withAdmin(async (a) => (await a.describeGroups([group])).groups[0]);
      expect(g?.state).toBe('Stable');
      expect(g?.members.some((m) => m.clientId === clientId)).toBe(true);
      expect(await committed(group, topic)).toMatchObject(next);
    },
    { timeout: 30_000, interval: 100 },
  );
  return consumer;
}

export { runOnTerminal } from '../helpers/cli.js';

export async function groupExists(group: string): Promise<boolean> {
  return withAdmin(async (a) => (await a.listGroups()).groups.some((g) => g.groupId === group));
}
