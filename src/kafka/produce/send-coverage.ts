/**
 * kafkajs 2.2.4's send() can resolve without sending some partitions (producer/sendMessages.js): on a retry it
 * only sends to brokers that have not answered yet, so a partition whose leader moved (a broker died) to a
 * broker that had already answered for its own partitions is silently skipped. Measured on a three-broker
 * cluster: 1 in 200,000 lines lost while a leader was killed. The result lists one entry per partition sent;
 * what is missing must be sent again.
 */
export interface SentPartition {
  topicName: string;
  partition: number;
}

/** The partitions asked for that the send's result does not acknowledge. */
export function missingPartitions(result: readonly SentPartition[], topic: string, asked: Iterable<number>): number[] {
  const got = new Set(result.filter((r) => r.topicName === topic).map((r) => r.partition));
  return [...asked].filter((p) => !got.has(p)).sort((a, b) => a - b);
}
