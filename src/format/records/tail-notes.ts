/** What tail says on stderr about where it starts: a --from offset past the end, the one-time waiting note on a TTY. */
import type { StartSpec } from '../../core/records.js';

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

function partitionList(ps: number[]): string {
  const sorted = [...ps].sort((a, b) => a - b);
  const contiguous = sorted.every((p, i) => i === 0 || p === sorted[i - 1]! + 1);
  if (sorted.length > 2 && contiguous) return `partitions ${sorted[0]}-${sorted[sorted.length - 1]}`;
  return `partition${sorted.length === 1 ? '' : 's'} ${sorted.join(', ')}`;
}

const plural = (n: bigint, word: string) => `${n} ${word}${n === 1n ? '' : 's'}`;

/**
 * The one-time note on a terminal when tail starts at the end of every partition and waits: where it waits,
 * how many messages are already there, and how to read them. Undefined when there is something to read first.
 */
export function waitingNote(topic: string, plan: Array<PlannedPartition & { start: string }>): string | undefined {
  if (plan.some((p) => BigInt(p.start) < BigInt(p.highWatermark))) return undefined;
  const there = plan.reduce((n, p) => n + (BigInt(p.highWatermark) - BigInt(p.earliest)), 0n);
  const read = there === 0n ? 'none there yet' : `${plural(there, 'message')} already there: --from beginning reads them, -n 10 the last 10 of each partition`;
  return `kafka-cli: waiting for new messages in '${topic}' (${partitionList(plan.map((p) => p.partition))}; ${read}; Ctrl-C to stop)`;
}

/** The note once tail has read up to the end it saw at start and now waits. */
export function caughtUpNote(topic: string): string {
  return `kafka-cli: read to the end of '${topic}'; waiting for new messages (Ctrl-C to stop)`;
}

/** Tracks when every partition has been read up to its high watermark at start (offsets seen by tail). */
export class CatchUp {
  private readonly left = new Map<number, bigint>();
  constructor(plan: Array<{ partition: number; start: string; highWatermark: string }>) {
    for (const p of plan) if (BigInt(p.start) < BigInt(p.highWatermark)) this.left.set(p.partition, BigInt(p.highWatermark) - 1n);
  }
  /** True once, when the record at the last offset of the last partition still behind has been seen. */
  seen(partition: number, offset: string): boolean {
    const last = this.left.get(partition);
    if (last === undefined || BigInt(offset) < last) return false;
    this.left.delete(partition);
    return this.left.size === 0;
  }
}
