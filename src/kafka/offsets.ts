/**
 * Resolving `tail --from` specs to per-partition offsets. The pure part (resolveStart) is unit-tested;
 * listOffsets asks the partition leaders (ListOffsets) for the earliest, latest or by-time offsets.
 */
import type { StartSpec } from '../format/offset-spec.js';
import type { InternalBroker } from './internals.js';

/** What a partition looks like at start: the log start offset and the end (high watermark, or LSO with read_committed). */
export interface PartitionBounds {
  partition: number;
  earliest: bigint;
  latest: bigint;
  /** The first offset whose timestamp is at or after the --from time; null when no such message exists yet. */
  atTime?: bigint | null;
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);
const min = (a: bigint, b: bigint) => (a < b ? a : b);

/**
 * The first offset to read. Always within [earliest, latest]: an exact offset below the log start (data deleted
 * by retention) starts at the log start, one past the end waits at the end, as Kafka's own consumers do.
 */
export function resolveStart(spec: StartSpec, b: PartitionBounds): bigint {
  switch (spec.kind) {
    case 'beginning':
      return b.earliest;
    case 'end':
      return b.latest;
    case 'offset':
      return min(max(spec.offset, b.earliest), b.latest);
    case 'last':
      return max(b.latest - spec.count, b.earliest);
    case 'afterBeginning':
      return min(b.earliest + spec.count, b.latest);
    case 'time':
      return b.atTime === undefined || b.atTime === null || b.atTime < 0n ? b.latest : min(max(b.atTime, b.earliest), b.latest);
  }
}

/** ListOffsets special timestamps. */
export const EARLIEST = -2;
export const LATEST = -1;

/** The slice of kafkajs's internal Broker used here (internals.ts). */
export type ListOffsetsBroker = Pick<InternalBroker, 'listOffsets'>;

/** One ListOffsets request to a leader for its partitions: offset per partition (-1 when none matches a timestamp). */
export async function listOffsets(broker: ListOffsetsBroker, topic: string, partitions: number[], timestamp: number, isolationLevel: number): Promise<Map<number, bigint>> {
  const res = await broker.listOffsets({
    replicaId: -1,
    isolationLevel,
    topics: [{ topic, partitions: partitions.map((partition) => ({ partition, timestamp })) }],
  });
  const out = new Map<number, bigint>();
  for (const t of res.responses) for (const p of t.partitions) out.set(p.partition, BigInt(p.offset));
  return out;
}
