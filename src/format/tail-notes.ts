/** What tail says on stderr about where it starts: a --from offset past the end, the one-time waiting note on a TTY. */
import type { StartSpec } from './offset-spec.js';

export interface PlannedPartition {
  partition: number;
  earliest: string;
  highWatermark: string;
}

// Offsets this large are rare; timestamps this large are now (2001-09-09 to 2286-11-20 in ms).
const EPOCH_MS_MIN = 1_000_000_000_000n;
const EPOCH_MS_MAX = 9_999_999_999_999n;
const EPOCH_S_MIN = 1_000_000_000n;
const EPOCH_S_MAX = 9_999_999_999n;

/** A warning when a numeric `--from` lies beyond the end of some partitions (they start at their end); else undefined. */
export function fromBeyondEndWarning(topic: string, from: StartSpec, plan: PlannedPartition[]): string | undefined {
  if (from.kind !== 'offset') return undefined;
  const past = plan.filter((p) => from.offset > BigInt(p.highWatermark));
  if (past.length === 0) return undefined;
  const all = past.length === plan.length;
  const marks = past.map((p) => `${p.partition}:${p.highWatermark}`).join(', ');
  const where = all ? `every partition of '${topic}'` : `partition${past.length === 1 ? '' : 's'} ${past.map((p) => p.partition).join(', ')} of '${topic}'`;
  let line = `kafka-cli: warning: --from ${from.offset} is beyond the end of ${where} (high watermark${past.length === 1 ? '' : 's'} ${marks}): ${past.length === 1 ? 'it starts' : 'they start'} at the end`;
  const n = from.offset;
  if (n >= EPOCH_MS_MIN && n <= EPOCH_MS_MAX) line += `; ${n} looks like epoch milliseconds (${new Date(Number(n)).toISOString()}): for a time, use --from @${n}`;
  else if (n >= EPOCH_S_MIN && n <= EPOCH_S_MAX) line += `; ${n} looks like epoch seconds (${new Date(Number(n) * 1000).toISOString()}): for a time, use --from @${n}000`;
  return line;
}
