/**
 * Partitioner and batcher: which partition each message goes to (Kafka's murmur2 for keys, exactly as Java's
 * default partitioner; a sticky partition per batch for null keys; -p or the envelope's own partition) and the
 * batches of one send() each, cut at --batch-size messages or when a partition's batch would pass the topic's
 * max.message.bytes.
 */
import { partitionForKey } from './murmur2.js';
import type { OutgoingRecord } from '../../core/records.js';
import { ChunkRecord } from '../protocol/chunk-record.js';
import { EncodedRecords } from '../protocol/record-batch.js';
import type { Undelivered } from './types.js';

// Kafka's record batch header is 61 bytes; a record adds at most 36 bytes of lengths and deltas, a header at most 10.
const BATCH_OVERHEAD = 61;
const RECORD_OVERHEAD = 36;
const HEADER_OVERHEAD = 10;

function payloadBytes(r: OutgoingRecord): number {
  let n = r instanceof ChunkRecord ? Math.max(0, r.keyLength) + r.valueLength : (r.key?.length ?? 0) + (r.value?.length ?? 0);
  for (const h of r.headers) n += Buffer.byteLength(h.key) + (h.value?.length ?? 0) + HEADER_OVERHEAD;
  return n;
}

export interface PartitionGroup {
  /** The records, unless they are `encoded` already (line mode, not transactional). */
  records: OutgoingRecord[];
  encoded?: EncodedRecords;
  lines: number[];
  bytes: number;
}

/** A group's records, decoded again when they were encoded ahead. */
export function groupRecords(g: PartitionGroup): OutgoingRecord[] {
  return g.encoded ? g.encoded.records() : g.records;
}

/** The messages of one send(), grouped by partition in input order. */
export class Batch {
  readonly groups = new Map<number, PartitionGroup>();
  /**
   * Encode line-mode records into their partition's records section as they are added (see EncodedRecords);
   * `sizeHints`: how large each partition's section grew in the previous batch (its first buffer's size).
   */
  constructor(
    private readonly encodeAhead = false,
    private readonly sizeHints?: Map<number, number>,
  ) {}
  size = 0;
  /** Key, value and header bytes. */
  payload = 0;
  nullKeyPartition: number | undefined;
  bytesFor(p: number): number {
    return this.groups.get(p)?.bytes ?? 0;
  }
  add(line: number, r: OutgoingRecord, partition: number, estimate: number, payload: number): void {
    let g = this.groups.get(partition);
    if (!g) this.groups.set(partition, (g = { records: [], lines: [], bytes: 0 }));
    if (this.encodeAhead && r instanceof ChunkRecord && g.records.length === 0) (g.encoded ??= new EncodedRecords(Math.max(1024, this.sizeHints?.get(partition) ?? 0))).append(r);
    else {
      // A record of another kind after encoded ones (not seen in practice): the group falls back to records.
      if (g.encoded) {
        g.records = g.encoded.records();
        g.encoded = undefined;
      }
      g.records.push(r);
    }
    g.lines.push(line);
    g.bytes += estimate;
    this.size++;
    this.payload += payload;
  }
  /** Input lines, ascending. */
  sortedLines(): number[] {
    const all: number[] = [];
    for (const g of this.groups.values()) for (const l of g.lines) all.push(l);
    return all.sort((a, b) => a - b);
  }
  /** Every message with its line and partition, in input-line order. */
  undelivered(): Undelivered[] {
    const all: Undelivered[] = [];
    for (const [partition, g] of this.groups) groupRecords(g).forEach((record, i) => all.push({ line: g.lines[i]!, partition, record }));
    return all.sort((a, b) => a.line - b.line);
  }
}

export interface BatcherOptions {
  topic: string;
  numPartitions: number;
  /** The topic's max.message.bytes: what one partition's record batch may be. */
  maxBytes: number;
  /** Messages per batch. */
  batchSize: number;
  /** First partition for null keys (random by default, as Kafka's sticky partitioner). */
  firstNullKeyPartition?: number;
  /** Line-mode records go into their partition's records section as they are added (not with transactions, whose sends need one message per record). */
  encodeAhead?: boolean;
}

/** What add() did: the message is in the batch, or it cannot be sent (an invalid line), or the batch must go first. */
export type Placement = { kind: 'added' } | { kind: 'full' } | { kind: 'invalid'; error: string };

export class Batcher {
  batch: Batch;
  private nullKeyNext: number;
  private readonly sizeHints = new Map<number, number>();
  constructor(private readonly o: BatcherOptions) {
    this.batch = new Batch(o.encodeAhead, this.sizeHints);
    this.nullKeyNext = o.firstNullKeyPartition ?? Math.floor(Math.random() * o.numPartitions);
  }

  /**
   * Puts one message into the current batch. 'full': the batch must be sent first (take() it, then add again);
   * 'invalid': the message can never be sent (its partition does not exist, it is larger than the topic accepts).
   */
  add(line: number, r: OutgoingRecord): Placement {
    const { topic, numPartitions, maxBytes } = this.o;
    if (r.partition !== undefined && r.partition >= numPartitions) {
      return { kind: 'invalid', error: `line ${line}: partition ${r.partition} does not exist (topic '${topic}' has partitions 0-${numPartitions - 1})` };
    }
    const payload = payloadBytes(r);
    const estimate = payload + RECORD_OVERHEAD;
    if (estimate + BATCH_OVERHEAD > maxBytes) {
      return { kind: 'invalid', error: `line ${line}: message of ${payload} bytes is larger than topic '${topic}' accepts (max.message.bytes=${maxBytes})` };
    }
    const b = this.batch;
    if (b.size >= this.o.batchSize) return { kind: 'full' };
    const partition = this.partitionOf(r);
    if (b.size > 0 && b.bytesFor(partition) + estimate + BATCH_OVERHEAD > maxBytes) return { kind: 'full' };
    const nullKey = r instanceof ChunkRecord ? r.keyLength < 0 : r.key === null;
    if (r.partition === undefined && nullKey && b.nullKeyPartition === undefined) {
      b.nullKeyPartition = partition;
      this.nullKeyNext = (this.nullKeyNext + 1) % numPartitions;
    }
    b.add(line, r, partition, estimate, payload);
    return { kind: 'added' };
  }

  get full(): boolean {
    return this.batch.size >= this.o.batchSize;
  }

  /** The current batch (possibly empty); a new one starts. */
  take(): Batch {
    const b = this.batch;
    for (const [p, g] of b.groups) if (g.encoded) this.sizeHints.set(p, g.encoded.length + 256);
    this.batch = new Batch(this.o.encodeAhead, this.sizeHints);
    return b;
  }

  private partitionOf(r: OutgoingRecord): number {
    if (r.partition !== undefined) return r.partition;
    if (r instanceof ChunkRecord) {
      if (r.keyStart >= 0) return partitionForKey(r.src, this.o.numPartitions, r.keyStart, r.keyEnd);
      if (r.fixedKey) return partitionForKey(r.fixedKey, this.o.numPartitions);
    } else if (r.key !== null) return partitionForKey(r.key, this.o.numPartitions);
    return this.batch.nullKeyPartition ?? this.nullKeyNext;
  }
}
