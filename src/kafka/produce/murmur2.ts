/**
 * Kafka's murmur2 key hash (org.apache.kafka.common.utils.Utils.murmur2), in 32-bit integer arithmetic.
 * Same results as kafkajs's DefaultPartitioner hash (unit-tested against it) but about 50 times faster, which
 * matters at a million keys per run.
 */
export function murmur2(data: Uint8Array, start = 0, end = data.length): number {
  const len = end - start;
  const m = 0x5bd1e995;
  let h = (0x9747b28c ^ len) | 0;
  const end4 = start + (len & ~3);
  let i = start;
  for (; i < end4; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const rest = len & 3;
  if (rest === 3) h ^= data[i + 2]! << 16;
  if (rest >= 2) h ^= data[i + 1]! << 8;
  if (rest >= 1) {
    h ^= data[i]!;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h;
}

/** The partition Kafka's default partitioner (Java, and kafkajs's DefaultPartitioner) picks for a key. */
export function partitionForKey(key: Uint8Array, numPartitions: number, start = 0, end = key.length): number {
  return (murmur2(key, start, end) & 0x7fffffff) % numPartitions;
}
