/**
 * Decoding of Fetch responses (v4-v11) into record batches, for tail's direct partition reads.
 *
 * Why our own decoder instead of kafkajs's: kafkajs flattens a response into messages, so a batch whose records
 * were all removed by compaction, and the batch boundaries themselves, disappear; and it turns headers into an
 * object, losing the order of repeated keys. `tail --exit` needs every batch's last offset to finish on compacted
 * and transactional partitions, and the envelope needs headers in wire order. The request is encoded from
 * Kafka's schema (schema.ts) and capped at v11, the last classic version. Record format v2 (magic 2) only:
 * Kafka 3.x brokers return nothing older for Fetch v4+ unless the topic was written in a pre-0.11 format.
 */
import kafkajs from 'kafkajs';
import { KafkaError } from '../../core/errors.js';
import type { ConsumedRecord } from '../../core/records.js';
import { sendWith, type InternalBroker } from './index.js';
import { decodeRecords, Reader } from './record-batch.js';

const { CompressionCodecs } = kafkajs;

export interface DecodedBatch {
  baseOffset: bigint;
  lastOffset: bigint;
  isControl: boolean;
  isTransactional: boolean;
  producerId: bigint;
  /** For control batches: true when the marker is an ABORT. */
  abortMarker: boolean;
  records: ConsumedRecord[];
}

export interface AbortedTransaction {
  producerId: bigint;
  firstOffset: bigint;
}

export interface FetchedPartition {
  partition: number;
  errorCode: number;
  highWatermark: bigint;
  lastStableOffset: bigint;
  logStartOffset: bigint;
  abortedTransactions: AbortedTransaction[] | null;
  batches: DecodedBatch[];
}

export interface FetchResponse {
  errorCode: number;
  topics: Array<{ topic: string; partitions: FetchedPartition[] }>;
}

const TIMESTAMP_LOG_APPEND = 0x08;
const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;
const CODEC_MASK = 0x07;
const BATCH_HEADER = 61;
async function decodeBatch(buf: Buffer, topic: string, partition: number): Promise<DecodedBatch> {
  const r = new Reader(buf);
  const baseOffset = r.int64();
  r.int32(); // batch length
  r.int32(); // partition leader epoch
  const magic = r.int8();
  if (magic !== 2) throw new KafkaError(`${topic}/${partition}: message format v${magic} is not supported (Kafka 0.11+ record batches only)`);
  r.int32(); // crc
  const attributes = r.int16();
  const lastOffsetDelta = r.int32();
  const baseTimestamp = Number(r.int64());
  const maxTimestamp = Number(r.int64());
  const producerId = r.int64();
  r.int16(); // producer epoch
  r.int32(); // base sequence
  const count = r.int32();
  const isControl = (attributes & CONTROL) !== 0;
  const batch: DecodedBatch = {
    baseOffset,
    lastOffset: baseOffset + BigInt(lastOffsetDelta),
    isControl,
    isTransactional: (attributes & TRANSACTIONAL) !== 0,
    producerId,
    abortMarker: false,
    records: [],
  };
  if (count <= 0) return batch;
  let records: Reader = r;
  const codec = attributes & CODEC_MASK;
  if (codec !== 0) {
    const factory = (CompressionCodecs as unknown as Record<number, (() => { decompress(b: Buffer): Promise<Buffer> }) | undefined>)[codec];
    if (!factory) throw new KafkaError(`${topic}/${partition}: compression codec ${codec} is not supported`);
    records = new Reader(await factory().decompress(buf.subarray(BATCH_HEADER)));
  }
  const logAppend = (attributes & TIMESTAMP_LOG_APPEND) !== 0 ? maxTimestamp : null;
  const decoded = decodeRecords(records, count, topic, partition, baseOffset, baseTimestamp, logAppend);
  if (isControl) {
    // Control record key: version (int16), type (int16): 0 = ABORT, 1 = COMMIT.
    const k = decoded[0]?.key;
    batch.abortMarker = !!k && k.length >= 4 && k.readInt16BE(2) === 0;
  } else batch.records = decoded;
  return batch;
}

async function decodeRecordSet(buf: Buffer, topic: string, partition: number): Promise<DecodedBatch[]> {
  const out: DecodedBatch[] = [];
  let pos = 0;
  // The last batch may be cut short by the fetch size limits: it is fetched again next time.
  while (pos + BATCH_HEADER <= buf.length) {
    const length = buf.readInt32BE(pos + 8);
    const total = 12 + length;
    if (pos + total > buf.length) break;
    out.push(await decodeBatch(buf.subarray(pos, pos + total), topic, partition));
    pos += total;
  }
  return out;
}

/** Decodes a Fetch response body of the given version (4 to 11). */
export async function decodeFetchResponse(payload: Buffer, version: number): Promise<FetchResponse> {
  if (version < 4) throw new KafkaError(`the broker only supports Fetch v${version}; tail needs Kafka 0.11 or later`);
  const r = new Reader(payload);
  r.int32(); // throttle time
  let errorCode = 0;
  if (version >= 7) {
    errorCode = r.int16();
    r.int32(); // session id
  }
  const topics: FetchResponse['topics'] = [];
  const nt = r.int32();
  for (let t = 0; t < nt; t++) {
    const topic = r.string();
    const partitions: FetchedPartition[] = [];
    const np = r.int32();
    for (let p = 0; p < np; p++) {
      const partition = r.int32();
      const pErr = r.int16();
      const highWatermark = r.int64();
      const lastStableOffset = r.int64();
      const logStartOffset = version >= 5 ? r.int64() : -1n;
      const na = r.int32();
      let abortedTransactions: AbortedTransaction[] | null = null;
      if (na >= 0) {
        abortedTransactions = [];
        for (let a = 0; a < na; a++) abortedTransactions.push({ producerId: r.int64(), firstOffset: r.int64() });
      }
      if (version >= 11) r.int32(); // preferred read replica
      const size = r.int32();
      const set = size > 0 ? r.bytes(Math.min(size, payload.length - r.pos)) : Buffer.alloc(0);
      partitions.push({
        partition,
        errorCode: pErr,
        highWatermark,
        lastStableOffset,
        logStartOffset,
        abortedTransactions,
        batches: size > 0 ? await decodeRecordSet(set, topic, partition) : [],
      });
    }
    topics.push({ topic, partitions });
  }
  return { errorCode, topics };
}

export interface FetchQuery {
  isolationLevel: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  topics: Array<{ topic: string; partitions: Array<{ partition: number; fetchOffset: bigint; maxBytes: number }> }>;
}

/** One Fetch to one broker, outside any fetch session (a full fetch each time, as a one-shot reader wants). */
export async function fetch(broker: InternalBroker, q: FetchQuery, requestTimeoutMs?: number): Promise<FetchResponse> {
  const request = {
    replicaId: -1,
    maxWaitMs: q.maxWaitMs,
    minBytes: q.minBytes,
    maxBytes: q.maxBytes,
    isolationLevel: q.isolationLevel,
    sessionId: 0,
    sessionEpoch: -1,
    topics: q.topics.map((t) => ({
      topic: t.topic,
      partitions: t.partitions.map((p) => ({ partition: p.partition, currentLeaderEpoch: -1, fetchOffset: p.fetchOffset, logStartOffset: -1n, partitionMaxBytes: p.maxBytes })),
    })),
    forgottenTopicsData: [],
    rackId: '',
  };
  const { response } = await sendWith(broker, 'Fetch', request, decodeFetchResponse, { maxVersion: 11, requestTimeoutMs });
  return response;
}

/**
 * The records a consumer at `fetchOffset` should see, and the next offset to fetch, as the Java consumer does:
 * records before `fetchOffset` (a batch is returned whole) are dropped, control batches are skipped, and with
 * read_committed the batches of aborted transactions are skipped. The next offset follows batch boundaries, so
 * compaction gaps and transaction markers are stepped over even when they hold no visible record.
 */
export function visibleRecords(p: FetchedPartition, fetchOffset: bigint, readCommitted: boolean): { records: ConsumedRecord[]; nextOffset: bigint } {
  const out: ConsumedRecord[] = [];
  let next = fetchOffset;
  const pending = readCommitted && p.abortedTransactions ? [...p.abortedTransactions].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0)) : [];
  const aborted = new Set<bigint>();
  for (const b of p.batches) {
    if (b.lastOffset < next) continue;
    if (readCommitted) {
      while (pending.length && pending[0]!.firstOffset <= b.lastOffset) aborted.add(pending.shift()!.producerId);
      if (b.isControl) {
        if (b.abortMarker) aborted.delete(b.producerId);
      } else if (b.isTransactional && aborted.has(b.producerId)) {
        next = b.lastOffset + 1n;
        continue;
      }
    }
    if (!b.isControl) {
      if (b.baseOffset >= fetchOffset) {
        for (const rec of b.records) out.push(rec);
      } else {
        for (const rec of b.records) if (BigInt(rec.offset) >= fetchOffset) out.push(rec);
      }
    }
    next = b.lastOffset + 1n;
  }
  return { records: out, nextOffset: next };
}
