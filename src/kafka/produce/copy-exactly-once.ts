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
import { KafkaError } from '../../core/errors.js';
import type { KafkaClient } from '../client/client.js';
import { describeKafkaError, probe, withDeadline } from '../client/client.js';
import { sleep } from '../client/sleep.js';
import { fetchTopicPartitions } from '../client/topic-metadata.js';
import { openTail } from '../consume/consume.js';
import { GroupSession, tpKey } from '../groups/groups.js';
import { installRecordBatchEncoder, recordPlaceholder } from '../protocol/produce.js';
import type { ConsumedRecord } from '../../core/records.js';
import { Batcher, type Batch } from './batcher.js';
import { checkKeepPartitions, toOutgoing, type CopyReadOptions, type CopyResult, type CopyWriteOptions } from './copy.js';
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

export interface ExactlyOnceResult extends CopyResult {
  transactionalId: string;
  /** Transactions committed. */
  transactions: number;
  /** Partitions that started at the group's committed offset (the others at --from). */
  resumed: number;
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

export async function copyExactlyOnce(
  client: KafkaClient,
  read: CopyReadOptions,
  destTopic: string,
  write: CopyWriteOptions,
  eos: ExactlyOnceOptions,
  hooks: ProduceHooks,
  signal: AbortSignal,
): Promise<ExactlyOnceResult> {
  const t0 = performance.now();
  installRecordBatchEncoder();
  if (write.keepPartitions) await checkKeepPartitions(client, read.topic, client, destTopic);
  const numPartitions = (await fetchTopicPartitions(client, destTopic)).length;
  const maxBytes = await maxMessageBytes(client, destTopic);
  const transactionalId = copyTransactionalId(eos.group, read.topic, destTopic);
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
  const perPartition = new Array<number>(numPartitions).fill(0);
  const s = { delivered: 0, aborted: 0, failed: 0, invalid: 0, bytes: 0, transactions: 0, resumed: 0 };
  const undeliveredLines = new LineSet();
  const invalidLines = new LineSet();
  let firstFailure: string | undefined;
  let firstInvalid: string | undefined;
  let stoppedAtLine: number | undefined;
  let lastState: ProduceSummary['transaction'];
  let line = 0;
  try {
    // The first transaction fences an earlier copy of the same id (its open transaction is aborted) before the
    // group's offsets are read: nothing of it can commit after that.
    let txn: Transaction | undefined = await beginTransaction(client, producer, transactionalId);
    const committed = await stableOffsets(client, eos.group, read.topic, signal);
    const session = await openTail(client, { ...read, readCommitted: true, startAt: committed }, signal);
    s.resumed = session.plan.filter((p) => committed.has(p.partition)).length;
    const batcher = new Batcher({ topic: destTopic, numPartitions, maxBytes, batchSize: write.batchSize });
    const limiter = write.rate ? new RateLimiter(write.rate) : undefined;
    // The chunk: source positions reached, records sent, their lines and destination partitions.
    let offsets = new Map<number, bigint>();
    let handled = 0;
    let chunkStart = 0;
    let chunk: { lines: number[]; parts: number[]; bytes: number } = { lines: [], parts: [], bytes: 0 };

    const send = async (b: Batch) => {
      if (b.size === 0) return;
      if (limiter) await sleep(limiter.reserve(b.size), signal);
      const messages: object[] = [];
      for (const [p, g] of b.groups) {
        for (const r of g.records) messages.push(recordPlaceholder(p, r));
        for (const l of g.lines) {
          chunk.lines.push(l);
          chunk.parts.push(p);
        }
      }
      chunk.bytes += b.payload;
      txn ??= await beginTransaction(client, producer, transactionalId);
      await txn.send({ topic: destTopic, messages: messages as never, acks: -1, compression: CODEC[write.compression] });
    };
    const endChunk = async (commit: boolean, why?: string) => {
      if (commit) await send(batcher.take());
      if (commit && offsets.size) {
        txn ??= await beginTransaction(client, producer, transactionalId);
        await txn.sendOffsets({ consumerGroupId: eos.group, topics: [{ topic: read.topic, partitions: [...offsets].map(([partition, o]) => ({ partition, offset: o.toString() })) }] });
      }
      if (!txn) return;
      const used = chunk.lines.length > 0 || (commit && offsets.size > 0);
      const r = await finishTransaction(txn, commit, describe);
      txn = undefined;
      lastState = r.state;
      if (r.state === 'committed') {
        if (used) s.transactions++;
        s.delivered += chunk.lines.length;
        s.bytes += chunk.bytes;
        for (const p of chunk.parts) perPartition[p]!++;
      } else {
        s.aborted += chunk.lines.length;
        for (const l of chunk.lines) undeliveredLines.add(l);
        firstFailure ??= r.failure ?? why;
        // A commit that failed: the records after it must not commit, or the aborted ones would be skipped.
        if (commit) throw new KafkaError(r.failure ?? 'the transaction was aborted');
      }
      offsets = new Map();
      handled = 0;
      chunk = { lines: [], parts: [], bytes: 0 };
      hooks.progress?.({ delivered: s.delivered, failed: s.aborted, invalid: s.invalid, elapsedMs: performance.now() - t0 });
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
          if (!read.filter || read.filter(r)) {
            const item = toOutgoing(r, write);
            let placed = batcher.add(++line, item);
            if (placed.kind === 'full') {
              await send(batcher.take());
              placed = batcher.add(line, item);
            }
            if (placed.kind === 'invalid') {
              // What came before it commits; the next run stops at the same record.
              s.invalid++;
              invalidLines.add(line);
              firstInvalid = placed.error;
              stoppedAtLine = line;
              break read;
            }
          }
          if (handled++ === 0) chunkStart = performance.now();
          offsets.set(r.partition, BigInt(r.offset) + 1n);
          session.handled(r);
          if (handled >= eos.commitEvery) await endChunk(true);
          else if (batcher.full) await send(batcher.take());
        }
        if (handled > 0 && performance.now() - chunkStart >= eos.commitIntervalMs) await endChunk(true);
      }
      if (signal.aborted) {
        for (const l of batcher.take().sortedLines()) undeliveredLines.add(l), s.aborted++;
        await endChunk(false, 'interrupted');
      } else await endChunk(true);
    } catch (e) {
      const why = e instanceof KafkaError ? e.message : describe(e);
      for (const l of batcher.take().sortedLines()) undeliveredLines.add(l), s.aborted++;
      if (txn) await endChunk(false, why).catch(() => {});
      throw new KafkaError(`copy --exactly-once: ${why}; ${s.delivered} records were committed in ${s.transactions} transactions, the rest is copied by the next run with --group ${eos.group}`);
    } finally {
      await session.close();
    }
  } finally {
    await withDeadline(producer.disconnect(), 5000, 'disconnect timed out').catch(() => {});
  }
  const summary: ProduceSummary = {
    topic: destTopic,
    partitions: numPartitions,
    acks: 'all',
    delivered: s.delivered,
    failed: 0,
    aborted: s.aborted,
    unsent: 0,
    invalid: s.invalid,
    perPartition: perPartition.flatMap((messages, partition) => (messages ? [{ partition, messages }] : [])),
    bytes: s.bytes,
    resent: 0,
    elapsedMs: performance.now() - t0,
    undeliveredLines: undeliveredLines.sorted(),
    unsentLines: [],
    firstFailure,
    invalidLines: invalidLines.sorted(),
    firstInvalid,
    stoppedAtLine,
    transaction: s.transactions > 0 || lastState === undefined ? 'committed' : lastState,
    interrupted: signal.aborted,
  };
  return { selected: line, summary, transactionalId, transactions: s.transactions, resumed: s.resumed };
}
