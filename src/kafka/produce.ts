/**
 * produce: sends a stream of messages to one topic, fast and accounting for every input line.
 *
 * kafkajs does no linger batching, so throughput comes from many messages per send() and several sends in flight.
 * Partitions are computed here (Kafka's murmur2 for keys, exactly as Java's default partitioner; a sticky
 * partition per batch for null keys) so that each batch stays under the topic's max.message.bytes per partition
 * and every message's partition is known for its delivery report. A send() that fails marks exactly its own
 * messages failed. Input is pulled only when a batch slot is free, so memory stays flat however large the input.
 */
import kafkajs from 'kafkajs';
import type { Message, Producer, RecordMetadata, Transaction } from 'kafkajs';
import type { KafkaClient } from './client.js';
import { KafkaError, UsageError } from '../cli/errors.js';
import { sendFailureText } from './send-errors.js';
import { missingPartitions } from './send-coverage.js';
import { describeKafkaError, kafkaFailure, probe, withDeadline } from './client.js';
import { fetchTopicPartitions } from './topics.js';
import { partitionForKey } from './murmur2.js';
import { installRecordBatchEncoder, ORDER, RECORD, RECORDS, RequestOrder, type Turn } from './record-batch.js';
import type { OutgoingRecord, RecordHeader } from './types.js';
import type { InputItem } from '../format/produce-input.js';
import { sleep } from '../cli/sleep.js';

const { CompressionTypes, Partitioners } = kafkajs;

export const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type Compression = (typeof COMPRESSIONS)[number];
export const ACKS = ['all', '1', '0'] as const;
export type Acks = (typeof ACKS)[number];
export const ON_INVALID = ['stop', 'skip'] as const;
export type OnInvalid = (typeof ON_INVALID)[number];

const CODEC: Record<Compression, number> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};
const ACKS_VALUE: Record<Acks, number> = { all: -1, '1': 1, '0': 0 };

export interface ProduceOptions {
  topic: string;
  acks: Acks;
  compression: Compression;
  /** Messages per send() (one produce request). */
  batchSize: number;
  /** send() calls in flight at once (1 with a transaction). */
  maxInFlight: number;
  /** Messages per second; unlimited when absent. */
  rate?: number;
  /** Send everything in one transaction, committed at the end of input. */
  transactionalId?: string;
  transactionTimeoutMs?: number;
  onInvalid: OnInvalid;
  /** -p: every message goes to this partition; checked against the topic before any input is read. */
  partition?: number;
  /** Send a partial batch when the input pauses this long (typing on a terminal, a slow pipe). */
  lingerMs?: number;
  /**
   * How long a request that failed for a transient reason (broker unreachable or restarting, leader moving,
   * request timeout) is sent again before its messages count as failed; from its first attempt. Not with a
   * transaction (a failed send aborts it). Default 30 s.
   */
  deliveryTimeoutMs?: number;
}

/** One line of `produce -o json`. */
export interface DeliveryReport {
  line: number;
  status: 'delivered' | 'failed' | 'invalid';
  partition: number | null;
  /** Exact int64 decimal; null when unknown (not delivered, or acks=0). */
  offset: string | null;
  error?: string;
}

/** A message that was not delivered, with the partition it was sent to. */
export interface Undelivered {
  line: number;
  partition: number;
  record: OutgoingRecord;
}

/** Where undelivered messages go (--failed). */
export interface UndeliveredSink {
  /** Called one call at a time, in input-line order. */
  add(items: Undelivered[]): Promise<void> | void;
  /** With a transaction every sent message is added as it is sent; a successful commit clears them again. */
  clear(): Promise<void> | void;
}

export interface ProgressSnapshot {
  delivered: number;
  failed: number;
  invalid: number;
  elapsedMs: number;
}

export interface ProduceHooks {
  reports?(r: DeliveryReport[]): Promise<void> | void;
  undelivered?: UndeliveredSink;
  progress?(p: ProgressSnapshot): void;
  /** A transient send failure that is being retried (once per outage). */
  warning?(message: string): void;
}

/** Inclusive input line ranges, sorted and merged. */
export type LineRange = [number, number];

export interface ProduceSummary {
  topic: string;
  partitions: number;
  acks: Acks;
  /** Acknowledged (with acks=0: written to the socket). With a transaction: committed. */
  delivered: number;
  /** Sends that failed. */
  failed: number;
  /** Written inside a transaction that was then aborted (not visible to read_committed readers). */
  aborted: number;
  /** Input lines that could not become a message. */
  invalid: number;
  /** Delivered messages per partition (partitions with none are left out). */
  perPartition: Array<{ partition: number; messages: number }>;
  /** Key, value and header bytes of the delivered messages. */
  bytes: number;
  elapsedMs: number;
  /** Lines of the failed and aborted messages. */
  undeliveredLines: LineRange[];
  firstFailure?: string;
  invalidLines: LineRange[];
  firstInvalid?: string;
  /** --on-invalid stop: the line where reading stopped. */
  stoppedAtLine?: number;
  transaction?: 'committed' | 'aborted';
  interrupted: boolean;
  /** Reading the input failed (a file that vanished, a line too long): the error, after what was read was settled. */
  inputError?: Error;
}

/** Collects line numbers as ranges (cheap for millions of consecutive lines). */
export class LineSet {
  private ranges: LineRange[] = [];
  count = 0;
  add(line: number): void {
    this.count++;
    const last = this.ranges[this.ranges.length - 1];
    if (last && line === last[1] + 1) last[1] = line;
    else this.ranges.push([line, line]);
  }
  addAll(other: LineSet): void {
    for (const [a, b] of other.ranges) {
      this.ranges.push([a, b]);
      this.count += b - a + 1;
    }
  }
  sorted(): LineRange[] {
    const r = [...this.ranges].map((x) => [x[0], x[1]] as LineRange).sort((a, b) => a[0] - b[0]);
    const out: LineRange[] = [];
    for (const x of r) {
      const last = out[out.length - 1];
      if (last && x[0] <= last[1] + 1) last[1] = Math.max(last[1], x[1]);
      else out.push(x);
    }
    return out;
  }
}

// Kafka's record batch header is 61 bytes; a record adds at most 36 bytes of lengths and deltas, a header at most 10.
const BATCH_OVERHEAD = 61;
const RECORD_OVERHEAD = 36;
const HEADER_OVERHEAD = 10;
const DEFAULT_MAX_MESSAGE_BYTES = 1048588;

function payloadBytes(r: OutgoingRecord): number {
  let n = (r.key?.length ?? 0) + (r.value?.length ?? 0);
  for (const h of r.headers) n += Buffer.byteLength(h.key) + (h.value?.length ?? 0) + HEADER_OVERHEAD;
  return n;
}

interface PartitionGroup {
  records: OutgoingRecord[];
  lines: number[];
  bytes: number;
}

/** kafkajs's own header form (only used when the record-batch encoder could not be installed). */
function groupedHeaders(headers: RecordHeader[]): Message['headers'] {
  if (headers.length === 0) return undefined;
  const out: Record<string, Buffer | Buffer[]> = {};
  for (const h of headers) {
    const v = h.value ?? Buffer.alloc(0);
    const cur = out[h.key];
    if (cur === undefined) out[h.key] = v;
    else if (Array.isArray(cur)) cur.push(v);
    else out[h.key] = [cur, v];
  }
  return out;
}

/** The messages of one send(), grouped by partition in input order. */
class Batch {
  groups = new Map<number, PartitionGroup>();
  size = 0;
  payload = 0;
  nullKeyPartition: number | undefined;
  bytesFor(p: number): number {
    return this.groups.get(p)?.bytes ?? 0;
  }
  add(line: number, r: OutgoingRecord, partition: number, estimate: number, payload: number): void {
    let g = this.groups.get(partition);
    if (!g) this.groups.set(partition, (g = { records: [], lines: [], bytes: 0 }));
    g.records.push(r);
    g.lines.push(line);
    g.bytes += estimate;
    this.size++;
    this.payload += payload;
  }
  /**
   * kafkajs messages: one placeholder per partition carrying all its records (fast path), one tagged message per
   * record (idempotent/transactional: kafkajs numbers sequences by message count), or plain kafkajs messages.
   */
  messages(mode: 'grouped' | 'each' | 'plain', turn?: Turn, only?: ReadonlySet<number>): Message[] {
    const out: Message[] = [];
    for (const [partition, g] of this.groups) {
      if (only && !only.has(partition)) continue;
      if (mode === 'grouped') out.push({ value: null, partition, [RECORDS]: g.records, [ORDER]: turn } as Message);
      else
        for (const r of g.records) {
          if (mode === 'each') out.push({ value: null, partition, [RECORD]: r } as Message);
          else out.push({ key: r.key, value: r.value, partition, headers: groupedHeaders(r.headers), timestamp: r.timestamp });
        }
    }
    return out;
  }
  /** Input lines, ascending. */
  sortedLines(): number[] {
    const all: number[] = [];
    for (const g of this.groups.values()) for (const l of g.lines) all.push(l);
    return all.sort((a, b) => a - b);
  }
  undelivered(): Undelivered[] {
    const all: Undelivered[] = [];
    for (const [partition, g] of this.groups) g.records.forEach((record, i) => all.push({ line: g.lines[i]!, partition, record }));
    return all.sort((a, b) => a.line - b.line);
  }
}

/** max.message.bytes of the topic (what one record batch may be); the Kafka default when it cannot be read. */
async function maxMessageBytes(client: KafkaClient, topic: string): Promise<number> {
  try {
    const admin = await client.admin();
    const res = await admin.describeConfigs({ resources: [{ type: 2, name: topic, configNames: ['max.message.bytes'] }], includeSynonyms: false });
    const v = Number(res.resources[0]?.configEntries.find((c) => c.configName === 'max.message.bytes')?.configValue);
    return Number.isSafeInteger(v) && v > 0 ? v : DEFAULT_MAX_MESSAGE_BYTES;
  } catch {
    return DEFAULT_MAX_MESSAGE_BYTES;
  }
}

/**
 * Whether a failed send may succeed if sent again: kafkajs gave up retrying a retriable error (connection refused
 * or closed, request timeout, leader not available...). Errors the broker will repeat (too large, invalid
 * timestamp, not authorized) are final.
 */
export function isTransientSendError(e: unknown): boolean {
  type E = { name?: string; retriable?: boolean; cause?: unknown } | null | undefined;
  let err = e as E;
  // kafkajs wraps the last error of its retries (KafkaJSNumberOfRetriesExceeded, KafkaJSNonRetriableError, nested
  // when retriers nest): what counts is the error underneath.
  for (let i = 0; i < 5 && err && (err.name === 'KafkaJSNumberOfRetriesExceeded' || err.name === 'KafkaJSNonRetriableError') && err.cause && err.cause !== err; i++) {
    err = err.cause as E;
  }
  if (!err || typeof err !== 'object') return false;
  return typeof err.name === 'string' && err.name.startsWith('KafkaJS') && err.name !== 'KafkaJSNonRetriableError' && err.retriable === true;
}

const ABORT = Symbol('abort');
const LINGER = Symbol('linger');

/**
 * The next input chunk, or ABORT on the signal, or LINGER after `lingerMs`. Listeners and timers are removed
 * every time: racing against one long-lived promise would retain every chunk ever read.
 */
function nextInput<T>(pending: Promise<T>, signal: AbortSignal, lingerMs?: number): Promise<T | typeof ABORT | typeof LINGER> {
  if (signal.aborted) return Promise.resolve(ABORT);
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const settle = () => {
      signal.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
    };
    const onAbort = () => {
      settle();
      resolve(ABORT);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    if (lingerMs !== undefined) {
      timer = setTimeout(() => {
        settle();
        resolve(LINGER);
      }, lingerMs);
    }
    pending.then(
      (v) => {
        settle();
        resolve(v);
      },
      (e) => {
        settle();
        reject(e);
      },
    );
  });
}

export async function produce(
  client: KafkaClient,
  input: AsyncIterable<InputItem[]>,
  opts: ProduceOptions,
  hooks: ProduceHooks = {},
  signal: AbortSignal = new AbortController().signal,
): Promise<ProduceSummary> {
  const fast = installRecordBatchEncoder();
  const { topic } = opts;
  const partitionInfo = await fetchTopicPartitions(client, topic);
  const numPartitions = partitionInfo.length;
  if (opts.partition !== undefined && opts.partition >= numPartitions) {
    throw new UsageError(`partition ${opts.partition} does not exist in topic '${topic}' (it has ${numPartitions} partition${numPartitions === 1 ? '' : 's'}: 0-${numPartitions - 1})`);
  }
  const maxBytes = await maxMessageBytes(client, topic);
  const transactional = opts.transactionalId !== undefined;
  const acks = ACKS_VALUE[opts.acks];
  const compression = CODEC[opts.compression];
  // Concurrent sends keep partition order only through the record-batch encoder's turns (see record-batch.ts).
  const maxInFlight = transactional || !fast ? 1 : Math.max(1, opts.maxInFlight);
  const lingerMs = opts.lingerMs ?? 5;
  const deliveryTimeoutMs = transactional ? 0 : (opts.deliveryTimeoutMs ?? 30_000);
  // With a rate, send small batches often rather than one large batch per several seconds.
  const messageMode = !fast ? 'plain' : transactional ? 'each' : 'grouped';
  const batchSize = opts.rate ? Math.max(1, Math.min(opts.batchSize, Math.ceil(opts.rate / 20))) : opts.batchSize;

  const producer: Producer = client.kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
    idempotent: transactional,
    transactionalId: opts.transactionalId,
    transactionTimeout: opts.transactionTimeoutMs,
    maxInFlightRequests: transactional ? 1 : undefined,
    retry: transactional ? undefined : { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 },
  });
  await probe(client.config, () => producer.connect());
  let transaction: Transaction | undefined;
  try {
    if (transactional) {
      try {
        transaction = await withDeadline(producer.transaction(), Math.max(client.config.timeoutMs, 10_000), 'starting the transaction timed out');
      } catch (e) {
        throw kafkaFailure(e, client.config, `start transaction '${opts.transactionalId}'`);
      }
    }
    const sender = transaction ?? producer;

    const t0 = performance.now();
    const delivered = new Array<number>(numPartitions).fill(0);
    let deliveredCount = 0;
    let deliveredBytes = 0;
    let failed = 0;
    let firstFailure: string | undefined;
    const undeliveredLines = new LineSet();
    const txnLines = new LineSet();
    const invalidLines = new LineSet();
    let firstInvalid: string | undefined;
    let stoppedAtLine: number | undefined;
    let interrupted = false;
    let inputError: Error | undefined;
    let hookError: unknown;
    let txnBroken = false;
    let nullKeyNext = Math.floor(Math.random() * numPartitions);
    // Set once a request failed for good after --delivery-timeout: later requests fail at once with that reason
    // (the input is still read to the end, so every line ends up delivered or in the failed report).
    let gaveUp: string | undefined;
    let retrying = false;
    let scheduled = 0;

    const progress = () =>
      hooks.progress?.({ delivered: deliveredCount, failed, invalid: invalidLines.count, elapsedMs: performance.now() - t0 });

    const invalid = async (line: number, error: string) => {
      invalidLines.add(line);
      firstInvalid ??= error;
      if (hooks.reports) await hooks.reports([{ line, status: 'invalid', partition: null, offset: null, error }]);
    };

    /** One request, sent again while its failure is transient and the delivery timeout has not passed. */
    const sendWithRetries = async (b: Batch, turn: Turn): Promise<RecordMetadata[]> => {
      if (gaveUp !== undefined) throw new KafkaError(gaveUp);
      const first = performance.now();
      for (let attempt = 1; ; attempt++) {
        try {
          let res = await sender.send({ topic, messages: b.messages(messageMode, turn), acks, compression });
          // kafkajs may skip partitions whose leader moved during its retries (send-coverage.ts): send those again.
          for (let i = 0, missing = acks === 0 ? [] : missingPartitions(res, topic, b.groups.keys()); missing.length; missing = missingPartitions(res, topic, b.groups.keys())) {
            if (++i > 10) throw new KafkaError(`partitions ${missing.join(',')} of '${topic}' were not acknowledged after 10 attempts`);
            res = res.concat(await sender.send({ topic, messages: b.messages(messageMode, turn, new Set(missing)), acks, compression }));
          }
          if (retrying) {
            retrying = false;
            hooks.warning?.('sending again succeeded; continuing');
          }
          return res;
        } catch (e) {
          const elapsed = performance.now() - first;
          if (gaveUp !== undefined) throw new KafkaError(gaveUp);
          if (deliveryTimeoutMs <= 0 || signal.aborted || !isTransientSendError(e)) throw e;
          const why = sendFailureText(e, client.config, topic, [...b.groups.keys()]);
          if (elapsed >= deliveryTimeoutMs) {
            gaveUp = `${why} (still failing after ${Math.round(elapsed / 100) / 10} s of retries, --delivery-timeout ${deliveryTimeoutMs / 1000}s)`;
            throw new KafkaError(gaveUp);
          }
          if (!retrying) {
            retrying = true;
            hooks.warning?.(`send failed (${why}); sending again for up to ${deliveryTimeoutMs / 1000} s (--delivery-timeout)`);
          }
          await sleep(Math.min(250 * attempt, 1000, deliveryTimeoutMs - elapsed), signal);
        }
      }
    };

    // --failed is written in input-line order: batches hold input lines in order, but settle in any order (retries),
    // so a batch's undelivered messages wait until every earlier batch settled. Writes are chained, never concurrent.
    const heldUndelivered = new Map<number, Undelivered[] | null>();
    let nextUndelivered = 0;
    let undeliveredWrites: Promise<void> = Promise.resolve();
    const settleUndelivered = (seq: number, items: Undelivered[] | null): Promise<void> => {
      heldUndelivered.set(seq, items);
      const ready: Undelivered[] = [];
      for (let h; (h = heldUndelivered.get(nextUndelivered)) !== undefined; nextUndelivered++) {
        heldUndelivered.delete(nextUndelivered);
        if (h) for (const u of h) ready.push(u);
      }
      const sink = hooks.undelivered;
      if (sink && ready.length > 0) undeliveredWrites = undeliveredWrites.then(() => sink.add(ready));
      return undeliveredWrites;
    };

    const sendBatch = async (b: Batch, seq: number, turn: Turn): Promise<void> => {
      let res: RecordMetadata[];
      try {
        res = await sendWithRetries(b, turn);
      } catch (e) {
        turn.settled();
        const why = e instanceof KafkaError ? e.message : describeKafkaError(e, client.config);
        failed += b.size;
        firstFailure ??= why;
        for (const l of b.sortedLines()) undeliveredLines.add(l);
        if (transactional) txnBroken = true;
        try {
          await settleUndelivered(seq, hooks.undelivered ? b.undelivered() : null);
          if (hooks.reports) {
            const reports: DeliveryReport[] = [];
            for (const [p, g] of b.groups) for (const line of g.lines) reports.push({ line, status: 'failed', partition: p, offset: null, error: why });
            await hooks.reports(reports.sort((x, y) => x.line - y.line));
          }
        } catch (h) {
          hookError ??= h;
        }
        progress();
        return;
      }
      turn.settled();
      deliveredCount += b.size;
      deliveredBytes += b.payload;
      for (const [p, g] of b.groups) delivered[p]! += g.records.length;
      if (transactional) for (const l of b.sortedLines()) txnLines.add(l);
      try {
        await settleUndelivered(seq, transactional && hooks.undelivered ? b.undelivered() : null);
        if (hooks.reports) {
          const base = new Map<number, bigint>();
          for (const m of res) if (m.topicName === topic && m.baseOffset !== undefined && m.baseOffset !== '-1') base.set(m.partition, BigInt(m.baseOffset));
          const reports: DeliveryReport[] = [];
          for (const [p, g] of b.groups) {
            const o = base.get(p);
            g.lines.forEach((line, i) => reports.push({ line, status: 'delivered', partition: p, offset: o === undefined ? null : (o + BigInt(i)).toString() }));
          }
          await hooks.reports(reports.sort((x, y) => x.line - y.line));
        }
      } catch (h) {
        hookError ??= h;
      }
      progress();
    };

    const inflight = new Set<Promise<void>>();
    const order = new RequestOrder();
    let batchSeq = 0;
    const waitForSlot = async (slots: number) => {
      while (inflight.size >= slots) await Promise.race(inflight);
    };
    let batch = new Batch();
    const flush = async () => {
      if (batch.size === 0) return;
      const b = batch;
      batch = new Batch();
      if (opts.rate) {
        scheduled += b.size;
        await sleep(t0 + (scheduled / opts.rate) * 1000 - performance.now(), signal);
      }
      await waitForSlot(maxInFlight);
      const p: Promise<void> = sendBatch(b, batchSeq++, order.next(b.groups.keys())).finally(() => inflight.delete(p));
      inflight.add(p);
    };

    const it = input[Symbol.asyncIterator]();
    read: for (;;) {
      if (txnBroken) break;
      const pending = it.next();
      pending.catch(() => {});
      let next: IteratorResult<InputItem[]> | typeof ABORT | typeof LINGER;
      try {
        next = await nextInput(pending, signal, batch.size > 0 ? lingerMs : undefined);
        if (next === LINGER) {
          await flush();
          next = await nextInput(pending, signal);
        }
      } catch (e) {
        inputError = e as Error;
        break;
      }
      if (next === ABORT) {
        interrupted = true;
        break;
      }
      if (next === LINGER || next.done) break;
      for (const item of next.value) {
        const r = item.record;
        if (!r || item.error) {
          await invalid(item.line, item.error ?? `line ${item.line}: invalid`);
          if (opts.onInvalid === 'stop') {
            stoppedAtLine = item.line;
            break read;
          }
          continue;
        }
        let partition: number;
        if (r.partition !== undefined) {
          if (r.partition >= numPartitions) {
            await invalid(item.line, `line ${item.line}: partition ${r.partition} does not exist (topic '${topic}' has partitions 0-${numPartitions - 1})`);
            if (opts.onInvalid === 'stop') {
              stoppedAtLine = item.line;
              break read;
            }
            continue;
          }
          partition = r.partition;
        } else if (r.key !== null) {
          partition = partitionForKey(r.key, numPartitions);
        } else {
          if (batch.nullKeyPartition === undefined) {
            batch.nullKeyPartition = nullKeyNext;
            nullKeyNext = (nullKeyNext + 1) % numPartitions;
          }
          partition = batch.nullKeyPartition;
        }
        const payload = payloadBytes(r);
        const estimate = payload + RECORD_OVERHEAD;
        if (estimate + BATCH_OVERHEAD > maxBytes) {
          await invalid(item.line, `line ${item.line}: message of ${payload} bytes is larger than topic '${topic}' accepts (max.message.bytes=${maxBytes})`);
          if (opts.onInvalid === 'stop') {
            stoppedAtLine = item.line;
            break read;
          }
          continue;
        }
        if (batch.size >= batchSize || batch.bytesFor(partition) + estimate + BATCH_OVERHEAD > maxBytes) await flush();
        batch.add(item.line, r, partition, estimate, payload);
      }
      if (batch.size >= batchSize) await flush();
    }
    // Interrupted or stopped: what was read is settled (sent, or rolled back with the transaction), then we report.
    if (!(transactional && (interrupted || stoppedAtLine !== undefined || txnBroken || inputError))) await flush();
    else batch = new Batch();
    await waitForSlot(1);

    let txnState: ProduceSummary['transaction'];
    let aborted_ = 0;
    if (transaction) {
      const commit = !interrupted && stoppedAtLine === undefined && !txnBroken && !inputError;
      try {
        if (commit) {
          await transaction.commit();
          txnState = 'committed';
          try {
            await hooks.undelivered?.clear();
          } catch (h) {
            hookError ??= h;
          }
        } else {
          await transaction.abort();
          txnState = 'aborted';
        }
      } catch (e) {
        const why = describeKafkaError(e, client.config);
        firstFailure ??= `${commit ? 'commit' : 'abort'} failed: ${why}`;
        if (commit) {
          try {
            await transaction.abort();
          } catch {
            /* the broker aborts it at the transaction timeout */
          }
        }
        txnState = 'aborted';
      }
      if (txnState === 'aborted') {
        aborted_ = deliveredCount;
        undeliveredLines.addAll(txnLines);
        deliveredCount = 0;
        deliveredBytes = 0;
        delivered.fill(0);
      }
    }
    progress();
    if (hookError) throw hookError;
    return {
      topic,
      partitions: numPartitions,
      acks: opts.acks,
      delivered: deliveredCount,
      failed,
      aborted: aborted_,
      invalid: invalidLines.count,
      perPartition: delivered.map((messages, partition) => ({ partition, messages })).filter((p) => p.messages > 0),
      bytes: deliveredBytes,
      elapsedMs: performance.now() - t0,
      undeliveredLines: undeliveredLines.sorted(),
      firstFailure,
      invalidLines: invalidLines.sorted(),
      firstInvalid,
      stoppedAtLine,
      transaction: txnState,
      interrupted,
      inputError,
    };
  } finally {
    await withDeadline(producer.disconnect(), 5000, 'disconnect timed out').catch(() => {});
  }
}
