/**
 * ListOffsets to one broker for many partitions, each partition with its own error code in the answer
 * (kafkajs's Broker.listOffsets throws on the first partition error, losing the others' offsets).
 */
import { send, type InternalBroker } from './index.js';

export interface ListOffsetsQuery {
  /** 0 read_uncommitted (the high watermark), 1 read_committed (the last stable offset). */
  isolationLevel: number;
  /** timestamp: -1 latest, -2 earliest, or ms since the epoch. */
  topics: Array<{ topic: string; partitions: Array<{ partition: number; timestamp: number | string | bigint }> }>;
}

export interface ListOffsetsAnswer {
  /** offset: decimal string; '-1' when no message matches a timestamp (or on error). */
  responses: Array<{ topic: string; partitions: Array<{ partition: number; offset: string; errorCode: number }> }>;
}

export async function listOffsets(broker: InternalBroker, q: ListOffsetsQuery): Promise<ListOffsetsAnswer> {
  const { response } = await send(broker, 'ListOffsets', {
    replicaId: -1,
    isolationLevel: q.isolationLevel,
    topics: q.topics.map((t) => ({
      name: t.topic,
      partitions: t.partitions.map((p) => ({ partitionIndex: p.partition, currentLeaderEpoch: -1, timestamp: BigInt(p.timestamp) })),
    })),
  });
  return {
    responses: response.topics.map((t) => ({
      topic: t.name,
      partitions: t.partitions.map((p) => ({ partition: p.partitionIndex, errorCode: p.errorCode, offset: p.errorCode === 0 ? p.offset.toString() : '-1' })),
    })),
  };
}
