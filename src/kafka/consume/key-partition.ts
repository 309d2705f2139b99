/**
 * Which partition a producer put a key in, so that `tail --key` reads only that one (issue 25).
 * murmur2: Java's default partitioner (also kafkajs's DefaultPartitioner and librdkafka's murmur2_random).
 * crc32: librdkafka's default consistent_random (kcat, confluent-kafka-python/go/.NET): CRC-32 of the key bytes
 * modulo the partition count (rd_kafka_msg_partitioner_consistent_random: a non-empty key is hashed).
 */
import { crc32 } from 'node:zlib';
import { partitionForKey } from '../produce/murmur2.js';

export const KEY_PARTITIONERS = ['murmur2', 'crc32'] as const;
export type KeyPartitioner = (typeof KEY_PARTITIONERS)[number];

export const PARTITIONER_OWNERS: Record<KeyPartitioner, string> = {
  murmur2: "the Java client's default partitioner",
  crc32: "librdkafka's default consistent_random (kcat, confluent-kafka)",
};

/** The partition `partitioner` picks for `key` (its UTF-8 bytes) among `count` partitions. */
export function keyPartition(key: string, count: number, partitioner: KeyPartitioner): number {
  const bytes = Buffer.from(key, 'utf8');
  if (partitioner === 'crc32') return (crc32(bytes) >>> 0) % count;
  return partitionForKey(bytes, count);
}
