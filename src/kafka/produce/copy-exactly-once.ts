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
import type { TailSession } from '../consume/tail-plan.js';
import { GroupSession, tpKey } from '../groups/groups.js';
import { installRecordBatchEncoder, recordPlaceholder } from '../protocol/produce.js';
import type { ConsumedRecord } from '../../core/records.js';
import { Batcher, type Batch } from './batcher.js';
import { checkKeepPartitions, planRedrive, toOutgoing, type CopyReadOptions, type CopyWriteOptions } from './copy.js';
import { LineSet } from './ledger.js';
import { RateLimiter } from './rate-limiter.js';
import { maxMessageBytes } from './produce.js';
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

/** One exactly-once copy under way: its destinations, the open transaction and the chunk it holds. */
class ExactlyOnceCopy {
  readonly t0 = performance.now();
  readonly outs = new Map<string, Out>();
  readonly transactionalId: string;
  producer!: Producer;
  invalid = 0;
  transactions = 0;
  resumed = 0;
  readonly invalidLines = new LineSet();
  firstFailure: string | undefined;
  firstInvalid: string | undefined;
  stoppedAtLine: number | undefined;
  lastState: ProduceSummary['transaction'];
  line = 0;
  txn: Transaction | undefined;
  limiter: RateLimiter | undefined;
  // The chunk: source positions reached and records handled since the last commit.
  offsets = new Map<number, bigint>();
  handled = 0;
  chunkStart = 0;

  constructor(
    readonly client: KafkaClient,
    readonly read: CopyReadOptions,
    readonly dest: ExactlyOnceDest,
    readonly write: CopyWriteOptions,
    readonly eos: ExactlyOnceOptions,
    readonly hooks: ProduceHooks,
    readonly signal: AbortSignal,
  ) {
    this.transactionalId = 'topic' in dest ? copyTransactionalId(eos.group, read.topic, dest.topic) : redriveTransactionalId(eos.group, read.topic, dest.header);
  }

  describe(e: unknown): string {
    return describeKafkaError(e, this.client.config);
  }

  async addOut(topic: string): Promise<void> {
    const { client, read, write } = this;
    if (write.keepPartitions) await checkKeepPartitions(client, read.topic, client, topic);
    const numPartitions = (await fetchTopicPartitions(client, topic)).length;
    const maxBytes = await maxMessageBytes(client, topic);
    this.outs.set(topic, new Out(topic, numPartitions, new Batcher({ topic, numPartitions, maxBytes, batchSize: write.batchSize })));
  }

  async connect(): Promise<void> {
    this.producer = this.client.kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
      idempotent: true,
      transactionalId: this.transactionalId,
      transactionTimeout: Math.max(60_000, this.eos.commitIntervalMs * 4),
      maxInFlightRequests: 1,
    });
    await probe(this.client.config, () => this.producer.connect());
  }

  progress(): number {
    let delivered = 0;
    let aborted = 0;
    for (const o of this.outs.values()) (delivered += o.delivered), (aborted += o.aborted);
    this.hooks.progress?.({ delivered, failed: aborted, invalid: this.invalid, elapsedMs: performance.now() - this.t0 });
    return delivered;
  }

  /** Fences an earlier copy, resumes at the group's offsets and copies until the source ends, Ctrl-C or an invalid record. */
  async run(): Promise<void> {
    const { client, read, dest, eos, signal } = this;
    // The first transaction fences an earlier copy of the same id (its open transaction is aborted) before the
    // group's offsets are read: nothing of it can commit after that.
    this.txn = await beginTransaction(client, this.producer, this.transactionalId);
    const committed = await stableOffsets(client, eos.group, read.topic, signal);
    if ('header' in dest) await this.addRedriveOuts(committed, dest.header);
    const session = await openTail(client, { ...read, readCommitted: true, startAt: committed }, signal);
    this.resumed = session.plan.filter((p) => committed.has(p.partition)).length;
    this.limiter = this.write.rate ? new RateLimiter(this.write.rate) : undefined;
    try {
      await this.readAll(session);
      if (signal.aborted) {
        this.unsentToAborted();
        await this.endChunk(false, 'interrupted');
      } else await this.endChunk(true);
    } catch (e) {
      const why = e instanceof KafkaError ? e.message : this.describe(e);
      this.unsentToAborted();
      if (this.txn) await this.endChunk(false, why).catch(() => {});
      throw new KafkaError(`copy --exactly-once: ${why}; ${this.progress()} records were committed in ${this.transactions} transactions, the rest is copied by the next run with --group ${eos.group}`);
    } finally {
      await session.close();
    }
  }

  /** Every destination the rest of the DLQ names must exist before anything is sent. */
  async addRedriveOuts(committed: Map<number, bigint>, header: string): Promise<void> {
    const plan = await planRedrive(this.client, { ...this.read, readCommitted: true, startAt: committed }, header, this.signal);
    const missing: string[] = [];
    for (const t of plan.byTopic.keys()) await this.addOut(t).catch(() => missing.push(t));
    if (missing.length) throw new UsageError(`redrive: destination topic${missing.length === 1 ? '' : 's'} ${missing.map((t) => `'${t}'`).join(', ')} do${missing.length === 1 ? 'es' : ''} not exist; nothing was sent`);
  }

  /** Reads the source, committing a chunk every --commit-every records or --commit-interval, until it stops. */
  async readAll(session: TailSession): Promise<void> {
    const { eos, signal } = this;
    const it = session.batches()[Symbol.asyncIterator]();
    let pending: Promise<IteratorResult<ConsumedRecord[]>> | undefined;
    read: for (;;) {
      pending ??= it.next();
      const wait = this.handled > 0 ? Math.max(0, this.chunkStart + eos.commitIntervalMs - performance.now()) : undefined;
      const next = wait === undefined ? await pending : await Promise.race([pending, sleep(wait).then(() => 'due' as const)]);
      if (next === 'due') {
        await this.endChunk(true);
        continue;
      }
      pending = undefined;
      if (next.done || signal.aborted) break;
      for (const r of next.value) {
        // Ctrl-C stops at once: the rest of this fetch is not sent, the open transaction is aborted.
        if (signal.aborted) break read;
        if (!(await this.handleRecord(session, r))) break read;
      }
      if (this.handled > 0 && performance.now() - this.chunkStart >= eos.commitIntervalMs) await this.endChunk(true);
    }
  }

  /** Batches one source record for its destination (if selected) and counts it in the chunk; false if it is invalid. */
  async handleRecord(session: TailSession, r: ConsumedRecord): Promise<boolean> {
    const { read, dest, write } = this;
    const to = !read.filter || read.filter(r) ? ('topic' in dest ? dest.topic : headerTopic(r, dest.header)) : undefined;
    // A record that arrived after the plan may name a topic not seen yet.
    if (to !== undefined && !this.outs.has(to)) await this.addOut(to);
    const o = to === undefined ? undefined : this.outs.get(to);
    if (o) {
      const item = toOutgoing(r, write);
      let placed = o.batcher.add(++this.line, item);
      if (placed.kind === 'full') {
        await this.send(o, o.batcher.take());
        placed = o.batcher.add(this.line, item);
      }
      if (placed.kind === 'invalid') {
        // What came before it commits; the next run stops at the same record.
        this.invalid++;
        this.invalidLines.add(this.line);
        this.firstInvalid = placed.error;
        this.stoppedAtLine = this.line;
        return false;
      }
      if (o.batcher.full) await this.send(o, o.batcher.take());
    }
    if (this.handled++ === 0) this.chunkStart = performance.now();
    this.offsets.set(r.partition, BigInt(r.offset) + 1n);
    session.handled(r);
    if (this.handled >= this.eos.commitEvery) await this.endChunk(true);
    return true;
  }

  async send(o: Out, b: Batch): Promise<void> {
    if (b.size === 0) return;
    if (this.limiter) await sleep(this.limiter.reserve(b.size), this.signal);
    const messages: object[] = [];
    for (const [p, g] of b.groups) {
      for (const r of g.records) messages.push(recordPlaceholder(p, r));
      for (const l of g.lines) {
        o.chunk.lines.push(l);
        o.chunk.parts.push(p);
      }
    }
    o.chunk.bytes += b.payload;
    this.txn ??= await beginTransaction(this.client, this.producer, this.transactionalId);
    await this.txn.send({ topic: o.topic, messages: messages as never, acks: -1, compression: CODEC[this.write.compression] });
  }

  unsentToAborted(): void {
    for (const o of this.outs.values()) for (const l of o.batcher.take().sortedLines()) (o.undeliveredLines.add(l), o.aborted++);
  }

  async endChunk(commit: boolean, why?: string): Promise<void> {
    const { offsets } = this;
    if (commit) for (const o of this.outs.values()) await this.send(o, o.batcher.take());
    if (commit && offsets.size) {
      this.txn ??= await beginTransaction(this.client, this.producer, this.transactionalId);
      await this.txn.sendOffsets({ consumerGroupId: this.eos.group, topics: [{ topic: this.read.topic, partitions: [...offsets].map(([partition, o]) => ({ partition, offset: o.toString() })) }] });
    }
    if (!this.txn) return;
    const used = [...this.outs.values()].some((o) => o.chunk.lines.length > 0) || (commit && offsets.size > 0);
    const r = await finishTransaction(this.txn, commit, (e) => this.describe(e));
    this.txn = undefined;
    this.lastState = r.state;
    for (const o of this.outs.values()) o.settle(r.state === 'committed');
    if (r.state === 'committed') {
      if (used) this.transactions++;
    } else {
      this.firstFailure ??= r.failure ?? why;
      // A commit that failed: the records after it must not commit, or the aborted ones would be skipped.
      if (commit) throw new KafkaError(r.failure ?? 'the transaction was aborted');
    }
    this.offsets = new Map();
    this.handled = 0;
    this.progress();
  }

  result(): ExactlyOnceResult {
    // The invalid record (it stops the copy) is told once, with the first topic.
    const summaries = [...this.outs.values()].map(
      (o, i): ProduceSummary => ({
        topic: o.topic,
        partitions: o.numPartitions,
        acks: 'all',
        delivered: o.delivered,
        failed: 0,
        aborted: o.aborted,
        unsent: 0,
        invalid: i === 0 ? this.invalid : 0,
        perPartition: o.perPartition.flatMap((messages, partition) => (messages ? [{ partition, messages }] : [])),
        bytes: o.bytes,
        resent: 0,
        elapsedMs: performance.now() - this.t0,
        undeliveredLines: o.undeliveredLines.sorted(),
        unsentLines: [],
        firstFailure: this.firstFailure,
        invalidLines: i === 0 ? this.invalidLines.sorted() : [],
        firstInvalid: i === 0 ? this.firstInvalid : undefined,
        stoppedAtLine: i === 0 ? this.stoppedAtLine : undefined,
        transaction: this.transactions > 0 || this.lastState === undefined ? 'committed' : this.lastState,
        interrupted: this.signal.aborted,
      }),
    );
    return { selected: this.line, summaries, transactionalId: this.transactionalId, transactions: this.transactions, resumed: this.resumed };
  }
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
  const copy = new ExactlyOnceCopy(client, read, dest, write, eos, hooks, signal);
  installRecordBatchEncoder();
  if ('topic' in dest) await copy.addOut(dest.topic);
  await copy.connect();
  try {
    await copy.run();
  } finally {
    await withDeadline(copy.producer.disconnect(), 5000, 'disconnect timed out').catch(() => {});
  }
  return copy.result();
}
