/**
 * Resolving `tail --from` specs to per-partition offsets. The pure part (resolveStart) is unit-tested;
 * listOffsets asks the partition leaders (ListOffsets) for the earliest, latest or by-time offsets.
 */
import type { StartSpec } from '../../core/records.js';
import type { InternalBroker } from '../protocol/index.js';
import { protocolError } from '../protocol/kafkajs.js';
import { listOffsets as sendListOffsets } from '../protocol/list-offsets.js';

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

/** One ListOffsets request to a leader for its partitions: offset per partition (-1 when none matches a timestamp). */
export async function listOffsets(broker: InternalBroker, topic: string, partitions: number[], timestamp: number, isolationLevel: number): Promise<Map<number, bigint>> {
  const res = await sendListOffsets(broker, {
    isolationLevel,
    topics: [{ topic, partitions: partitions.map((partition) => ({ partition, timestamp })) }],
  });
  const out = new Map<number, bigint>();
  for (const t of res.responses) {
    for (const p of t.partitions) {
      // As kafkajs's own request did: the first partition error fails the call (callers retry or report it).
      if (p.errorCode !== 0) throw protocolError(p.errorCode);
      out.set(p.partition, BigInt(p.offset));
    }
  }
  return out;
}
