/**
 * `copy --exactly-once --group G` (one cluster): read with read_committed, write in transactions, and commit the
 * source offsets to group G inside the same transaction (AddOffsetsToTxn + TxnOffsetCommit, kafkajs's
 * sendOffsets), one transaction per chunk (--commit-every records or --commit-interval, whichever comes first).
 * The transactional id is stable per (group, source, destination): a copy started again fences the one before
 * (InitProducerId bumps the epoch and aborts its open transaction), then resumes at the group's committed offsets
 * (asked with requireStable, so a commit still being written is waited for). What a killed copy wrote after its last
 * commit is aborted: read_committed readers see every source record once.
 */
import kafkajs from 'kafkajs';
import type { Producer, Transaction } from 'kafkajs';
import { KafkaError, UsageError } from '../../core/errors.js';
import type { KafkaClient } from '../client/client.js';
import { describeKafkaError, probe, withDeadline } from '../client/client.js';
import { sleep } from '../client/sleep.js';
import { fetchTopicPartitions } from '../client/topic-metadata.js';
import { openTail } from '../consume/consume.js';
import { GroupSession, tpKey } from '../groups/groups.js';
import { installRecordBatchEncoder, recordPlaceholder } from '../protocol/produce.js';
import type { ConsumedRecord } from '../../core/records.js';
import { Batcher, type Batch } from './batcher.js';
import { checkKeepPartitions, planRedrive, toOutgoing, type CopyReadOptions, type CopyWriteOptions } from './copy.js';
import { LineSet } from './ledger.js';
import { RateLimiter } from './rate-limiter.js';
import { beginTransaction, finishTransaction } from './transaction.js';
import type { ProduceHooks, ProduceSummary } from './types.js';

const { CompressionTypes, Partitioners } = kafkajs;
const CODEC = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP, snappy: CompressionTypes.Snappy, lz4: CompressionTypes.LZ4, zstd: CompressionTypes.ZSTD } as const;

export interface ExactlyOnceOptions {
  group: string;
  /** Records read (copied or filtered out) per transaction at most. */
  commitEvery: number;
  /** A transaction is committed at most this long after its first record. */
  commitIntervalMs: number;
}

/** The stable transactional id of a copy: the same group, source and destination fence each other. */
export function copyTransactionalId(group: string, source: string, dest: string): string {
  return `kafka-cli-copy-${group}-${source}-${dest}`;
}

/** The group's committed offsets of `topic` per partition, once no transactional commit of them is pending. */
async function stableOffsets(client: KafkaClient, group: string, topic: string, signal: AbortSignal): Promise<Map<number, bigint>> {
  const session = await GroupSession.open(client);
  try {
    const deadline = Date.now() + Math.max(client.config.timeoutMs, 30_000);
    for (;;) {
      const unstable = new Set<string>();
      const all = await session.committedOffsets(group, { unstable });
      const prefix = tpKey(topic, 0).slice(0, -1);
      if (![...unstable].some((k) => k.startsWith(prefix))) {
        const out = new Map<number, bigint>();
        for (const [k, v] of all) if (k.startsWith(prefix)) out.set(Number(k.slice(prefix.length)), v);
        return out;
      }
      if (Date.now() > deadline || signal.aborted) throw new KafkaError(`the committed offsets of group '${group}' stay unstable (a transaction of them is still pending)`);
      await sleep(100, signal);
    }
  } finally {
    await session.close().catch(() => {});
  }
}

const DEFAULT_MAX_MESSAGE_BYTES = 1048588;

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

/** Where records go: one topic, or (DLQ redrive) the topic named in each record's header. */
export type ExactlyOnceDest = { topic: string } | { header: string };

/** One destination topic: its batcher and what its committed and aborted transactions held. */
class Out {
  readonly perPartition: number[];
  delivered = 0;
  aborted = 0;
  bytes = 0;
  readonly undeliveredLines = new LineSet();
  /** The open transaction's records: lines, partitions, bytes. */
  chunk: { lines: number[]; parts: number[]; bytes: number } = { lines: [], parts: [], bytes: 0 };
  constructor(
    readonly topic: string,
    readonly numPartitions: number,
    readonly batcher: Batcher,
  ) {
    this.perPartition = new Array<number>(numPartitions).fill(0);
  }
  settle(committed: boolean): void {
    if (committed) {
      this.delivered += this.chunk.lines.length;
      this.bytes += this.chunk.bytes;
      for (const p of this.chunk.parts) this.perPartition[p]!++;
    } else {
      this.aborted += this.chunk.lines.length;
      for (const l of this.chunk.lines) this.undeliveredLines.add(l);
    }
    this.chunk = { lines: [], parts: [], bytes: 0 };
  }
}

/** The topic a redriven record goes to: its header's last value (as planRedrive). */
function headerTopic(r: ConsumedRecord, header: string): string | undefined {
  const h = r.headers.filter((x) => x.key === header && x.value !== null).pop();
  return h?.value?.toString('utf8') || undefined;
}

export interface ExactlyOnceResult {
  /** Records selected from the source. */
  selected: number;
  /** One per destination topic. */
  summaries: ProduceSummary[];
  transactionalId: string;
  /** Transactions committed. */
  transactions: number;
  /** Partitions that started at the group's committed offset (the others at --from). */
  resumed: number;
}

/** A redrive's transactional id: the same group, source and header fence each other. */
export function redriveTransactionalId(group: string, source: string, header: string): string {
  return `kafka-cli-redrive-${group}-${source}-${header}`;
}

export async function copyExactlyOnce(
  client: KafkaClient,
  read: CopyReadOptions,
  dest: ExactlyOnceDest,
  write: CopyWriteOptions,
  eos: ExactlyOnceOptions,
  hooks: ProduceHooks,
  signal: AbortSignal,
): Promise<ExactlyOnceResult> {
  const t0 = performance.now();
  installRecordBatchEncoder();
  const outs = new Map<string, Out>();
  const addOut = async (topic: string) => {
    if (write.keepPartitions) await checkKeepPartitions(client, read.topic, client, topic);
    const numPartitions = (await fetchTopicPartitions(client, topic)).length;
    const maxBytes = await maxMessageBytes(client, topic);
    outs.set(topic, new Out(topic, numPartitions, new Batcher({ topic, numPartitions, maxBytes, batchSize: write.batchSize })));
  };
  if ('topic' in dest) await addOut(dest.topic);
  const transactionalId = 'topic' in dest ? copyTransactionalId(eos.group, read.topic, dest.topic) : redriveTransactionalId(eos.group, read.topic, dest.header);
  const describe = (e: unknown) => describeKafkaError(e, client.config);
  const producer: Producer = client.kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
    idempotent: true,
    transactionalId,
    transactionTimeout: Math.max(60_000, eos.commitIntervalMs * 4),
    maxInFlightRequests: 1,
  });
  await probe(client.config, () => producer.connect());
  const s = { invalid: 0, transactions: 0, resumed: 0 };
  const invalidLines = new LineSet();
  let firstFailure: string | undefined;
  let firstInvalid: string | undefined;
  let stoppedAtLine: number | undefined;
  let lastState: ProduceSummary['transaction'];
  let line = 0;
  const progress = () => {
    let delivered = 0;
    let aborted = 0;
    for (const o of outs.values()) (delivered += o.delivered), (aborted += o.aborted);
    hooks.progress?.({ delivered, failed: aborted, invalid: s.invalid, elapsedMs: performance.now() - t0 });
    return delivered;
  };
  try {
    // The first transaction fences an earlier copy of the same id (its open transaction is aborted) before the
    // group's offsets are read: nothing of it can commit after that.
    let txn: Transaction | undefined = await beginTransaction(client, producer, transactionalId);
    const committed = await stableOffsets(client, eos.group, read.topic, signal);
    if ('header' in dest) {
      // Every destination the rest of the DLQ names must exist before anything is sent.
      const plan = await planRedrive(client, { ...read, readCommitted: true, startAt: committed }, dest.header, signal);
      const missing: string[] = [];
      for (const t of plan.byTopic.keys()) await addOut(t).catch(() => missing.push(t));
      if (missing.length) throw new UsageError(`redrive: destination topic${missing.length === 1 ? '' : 's'} ${missing.map((t) => `'${t}'`).join(', ')} do${missing.length === 1 ? 'es' : ''} not exist; nothing was sent`);
    }
    const session = await openTail(client, { ...read, readCommitted: true, startAt: committed }, signal);
    s.resumed = session.plan.filter((p) => committed.has(p.partition)).length;
    const limiter = write.rate ? new RateLimiter(write.rate) : undefined;
    // The chunk: source positions reached and records handled since the last commit.
    let offsets = new Map<number, bigint>();
    let handled = 0;
    let chunkStart = 0;

    const send = async (o: Out, b: Batch) => {
      if (b.size === 0) return;
      if (limiter) await sleep(limiter.reserve(b.size), signal);
      const messages: object[] = [];
      for (const [p, g] of b.groups) {
        for (const r of g.records) messages.push(recordPlaceholder(p, r));
        for (const l of g.lines) {
          o.chunk.lines.push(l);
          o.chunk.parts.push(p);
        }
      }
      o.chunk.bytes += b.payload;
      txn ??= await beginTransaction(client, producer, transactionalId);
      await txn.send({ topic: o.topic, messages: messages as never, acks: -1, compression: CODEC[write.compression] });
    };
    const unsentToAborted = () => {
      for (const o of outs.values()) for (const l of o.batcher.take().sortedLines()) (o.undeliveredLines.add(l), o.aborted++);
    };
    const endChunk = async (commit: boolean, why?: string) => {
      if (commit) for (const o of outs.values()) await send(o, o.batcher.take());
      if (commit && offsets.size) {
        txn ??= await beginTransaction(client, producer, transactionalId);
        await txn.sendOffsets({ consumerGroupId: eos.group, topics: [{ topic: read.topic, partitions: [...offsets].map(([partition, o]) => ({ partition, offset: o.toString() })) }] });
      }
      if (!txn) return;
      const used = [...outs.values()].some((o) => o.chunk.lines.length > 0) || (commit && offsets.size > 0);
      const r = await finishTransaction(txn, commit, describe);
      txn = undefined;
      lastState = r.state;
      for (const o of outs.values()) o.settle(r.state === 'committed');
      if (r.state === 'committed') {
        if (used) s.transactions++;
      } else {
        firstFailure ??= r.failure ?? why;
        // A commit that failed: the records after it must not commit, or the aborted ones would be skipped.
        if (commit) throw new KafkaError(r.failure ?? 'the transaction was aborted');
      }
      offsets = new Map();
      handled = 0;
      progress();
    };

    try {
      const it = session.batches()[Symbol.asyncIterator]();
      let pending: Promise<IteratorResult<ConsumedRecord[]>> | undefined;
      read: for (;;) {
        pending ??= it.next();
        const wait = handled > 0 ? Math.max(0, chunkStart + eos.commitIntervalMs - performance.now()) : undefined;
        const next = wait === undefined ? await pending : await Promise.race([pending, sleep(wait).then(() => 'due' as const)]);
        if (next === 'due') {
          await endChunk(true);
          continue;
        }
        pending = undefined;
        if (next.done || signal.aborted) break;
        for (const r of next.value) {
          // Ctrl-C stops at once: the rest of this fetch is not sent, the open transaction is aborted.
          if (signal.aborted) break read;
          const to = !read.filter || read.filter(r) ? ('topic' in dest ? dest.topic : headerTopic(r, dest.header)) : undefined;
          // A record that arrived after the plan may name a topic not seen yet.
          if (to !== undefined && !outs.has(to)) await addOut(to);
          const o = to === undefined ? undefined : outs.get(to);
          if (o) {
            const item = toOutgoing(r, write);
            let placed = o.batcher.add(++line, item);
            if (placed.kind === 'full') {
              await send(o, o.batcher.take());
              placed = o.batcher.add(line, item);
            }
            if (placed.kind === 'invalid') {
              // What came before it commits; the next run stops at the same record.
              s.invalid++;
              invalidLines.add(line);
              firstInvalid = placed.error;
              stoppedAtLine = line;
              break read;
            }
            if (o.batcher.full) await send(o, o.batcher.take());
          }
          if (handled++ === 0) chunkStart = performance.now();
          offsets.set(r.partition, BigInt(r.offset) + 1n);
          session.handled(r);
          if (handled >= eos.commitEvery) await endChunk(true);
        }
        if (handled > 0 && performance.now() - chunkStart >= eos.commitIntervalMs) await endChunk(true);
      }
      if (signal.aborted) {
        unsentToAborted();
        await endChunk(false, 'interrupted');
      } else await endChunk(true);
    } catch (e) {
      const why = e instanceof KafkaError ? e.message : describe(e);
      unsentToAborted();
      if (txn) await endChunk(false, why).catch(() => {});
      throw new KafkaError(`copy --exactly-once: ${why}; ${progress()} records were committed in ${s.transactions} transactions, the rest is copied by the next run with --group ${eos.group}`);
    } finally {
      await session.close();
    }
  } finally {
    await withDeadline(producer.disconnect(), 5000, 'disconnect timed out').catch(() => {});
  }
  // The invalid record (it stops the copy) is told once, with the first topic.
  const summaries = [...outs.values()].map(
    (o, i): ProduceSummary => ({
      topic: o.topic,
      partitions: o.numPartitions,
      acks: 'all',
      delivered: o.delivered,
      failed: 0,
      aborted: o.aborted,
      unsent: 0,
      invalid: i === 0 ? s.invalid : 0,
      perPartition: o.perPartition.flatMap((messages, partition) => (messages ? [{ partition, messages }] : [])),
      bytes: o.bytes,
      resent: 0,
      elapsedMs: performance.now() - t0,
      undeliveredLines: o.undeliveredLines.sorted(),
      unsentLines: [],
      firstFailure,
      invalidLines: i === 0 ? invalidLines.sorted() : [],
      firstInvalid: i === 0 ? firstInvalid : undefined,
      stoppedAtLine: i === 0 ? stoppedAtLine : undefined,
      transaction: s.transactions > 0 || lastState === undefined ? 'committed' : lastState,
      interrupted: signal.aborted,
    }),
  );
  return { selected: line, summaries, transactionalId, transactions: s.transactions, resumed: s.resumed };
}
