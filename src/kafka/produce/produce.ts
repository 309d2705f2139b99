/**
 * produce: sends a stream of messages to one topic, fast and accounting for every input line.
 *
 * kafkajs does no linger batching, so throughput comes from many messages per send() and several sends in flight.
 * This file only runs the loop: read input (pulled only when a batch slot is free, so memory stays flat however
 * large the input), put each message into a batch (produce/batcher.ts: partitioning, batch limits), wait for the
 * rate (produce/rate-limiter.ts) and a free request, send (produce/sender.ts: retries and --delivery-timeout),
 * account (produce/ledger.ts: reports, --failed in line order, the summary), and commit or abort a transaction
 * (produce/transaction.ts). A send() that fails marks exactly its own messages failed.
 */
import kafkajs from 'kafkajs';
import type { Message, Producer, Transaction } from 'kafkajs';
import type { KafkaClient } from '../client/client.js';
import { KafkaError, UsageError } from '../../core/errors.js';
import { describeKafkaError, probe, withDeadline } from '../client/client.js';
import { sendFailureText } from './send-errors.js';
import { missingPartitions } from './send-coverage.js';
import { fetchTopicPartitions } from '../client/topic-metadata.js';
import { installRecordBatchEncoder, partitionPlaceholder, recordPlaceholder } from '../protocol/produce.js';
import { RequestOrder, type Turn } from '../protocol/request-order.js';
import type { ProduceInputItem } from '../../core/records.js';
import { Batcher, type Batch } from './batcher.js';
import { Ledger } from './ledger.js';
import { RateLimiter } from './rate-limiter.js';
import { isOutOfOrderSequence, isProducerLost, isTransientSendError, Sender } from './sender.js';
import { PartitionState, Sequences, unacknowledged } from './sequences.js';
import { ProducerEpochs } from './epoch.js';
import { initProducerId, type ProducerIdAnswer } from './producer-id.js';
import { beginTransaction, finishTransaction } from './transaction.js';
import { sleep } from '../client/sleep.js';
import type { Acks, Compression, ProduceHooks, ProduceOptions, ProduceSummary } from './types.js';

export * from './types.js';
export { LineSet } from './ledger.js';
export { isTransientSendError } from './sender.js';

const { CompressionTypes, Partitioners } = kafkajs;

const CODEC: Record<Compression, number> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};
const ACKS_VALUE: Record<Acks, number> = { all: -1, '1': 1, '0': 0 };

const DEFAULT_MAX_MESSAGE_BYTES = 1048588;

/** max.message.bytes of the topic (what one record batch may be); the Kafka default when it cannot be read. */
export async function maxMessageBytes(client: KafkaClient, topic: string): Promise<number> {
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
 * kafkajs messages for a batch: one placeholder per partition carrying all its records (with its delivery
 * state: idempotence, acknowledgements), or one per record (transactional: kafkajs numbers sequences by message count).
 */
function placeholders(b: Batch, perRecord: boolean, turn?: Turn, only?: ReadonlySet<number>, states?: ReadonlyMap<number, PartitionState>): Message[] {
  const out: object[] = [];
  for (const [partition, g] of b.groups) {
    if (only && !only.has(partition)) continue;
    if (!perRecord) out.push(partitionPlaceholder(partition, g.encoded ?? g.records, turn, states?.get(partition)));
    else for (const r of g.records) out.push(recordPlaceholder(partition, r));
  }
  return out as Message[];
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

/** What a produce run needs to know before it connects. */
interface Plan {
  numPartitions: number;
  maxBytes: number;
  transactional: boolean;
  batchSize: number;
  /** The producer id for idempotence, asked for while the producer connects (undefined: not idempotent). */
  asked: Promise<ProducerIdAnswer | undefined>;
}

async function planProduce(client: KafkaClient, opts: ProduceOptions, hooks: ProduceHooks, signal: AbortSignal): Promise<Plan> {
  const { topic } = opts;
  const numPartitions = (await fetchTopicPartitions(client, topic)).length;
  if (opts.partition !== undefined && opts.partition >= numPartitions) {
    throw new UsageError(`partition ${opts.partition} does not exist in topic '${topic}' (it has ${numPartitions} partition${numPartitions === 1 ? '' : 's'}: 0-${numPartitions - 1})`);
  }
  const maxBytes = await maxMessageBytes(client, topic);
  const transactional = opts.transactionalId !== undefined;
  // Idempotence (not for transactions: kafkajs numbers those itself) needs acks=all, as Kafka requires.
  const idempotenceWanted = !transactional && opts.idempotence !== false;
  if (!transactional && !idempotenceWanted) hooks.warning?.('--no-idempotence: a request sent again may write its messages twice (the summary counts them)');
  else if (idempotenceWanted && opts.acks !== 'all') hooks.warning?.(`--acks ${opts.acks}: not idempotent (that needs --acks all): a request sent again may write its messages twice (the summary counts them)`);
  const asked: Promise<ProducerIdAnswer | undefined> = idempotenceWanted && opts.acks === 'all' ? initProducerId(client, topic, signal) : Promise.resolve(undefined);
  asked.catch(() => {});
  // With a rate, send small batches often rather than one large batch per several seconds.
  const batchSize = opts.rate ? Math.max(1, Math.min(opts.batchSize, Math.ceil(opts.rate / 20))) : opts.batchSize;
  return { numPartitions, maxBytes, transactional, batchSize, asked };
}

export async function produce(
  client: KafkaClient,
  input: AsyncIterable<ProduceInputItem[]>,
  opts: ProduceOptions,
  hooks: ProduceHooks = {},
  signal: AbortSignal = new AbortController().signal,
): Promise<ProduceSummary> {
  installRecordBatchEncoder();
  const plan = await planProduce(client, opts, hooks, signal);
  const { transactional } = plan;
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
  try {
    const answer = await plan.asked;
    if (answer && !answer.ok) hooks.warning?.(`sending without idempotence: ${answer.reason}; a request sent again may write its messages twice (the summary counts them)`);
    const transaction = transactional ? await beginTransaction(client, producer, opts.transactionalId!) : undefined;
    const epochs = answer?.ok ? new ProducerEpochs(new Sequences(answer.producer), (current) => initProducerId(client, opts.topic, signal, current), hooks.warning) : undefined;
    const run = new ProduceRun(client, opts, hooks, signal, plan, transaction ?? producer, transaction, epochs);
    await run.read(input);
    return await run.finish();
  } finally {
    await withDeadline(producer.disconnect(), 5000, 'disconnect timed out').catch(() => {});
  }
}

/** One produce run after connecting: reads the input, sends its batches, accounts for every line. */
class ProduceRun {
  private readonly topic: string;
  private readonly transactional: boolean;
  private readonly acks: number;
  private readonly compression: number;
  private readonly maxInFlight: number;
  private readonly describe: (e: unknown) => string;
  private readonly ledger: Ledger;
  private readonly batcher: Batcher;
  private readonly sender: Sender;
  private readonly limiter: RateLimiter | undefined;
  private readonly order = new RequestOrder();
  private readonly inflight = new Set<Promise<void>>();
  private batchSeq = 0;
  private txnBroken = false;
  /** Settles when every batch started so far settled: a batch out of sequence waits for those before it. */
  private startedSettled: Promise<unknown> = Promise.resolve();
  private stoppedAtLine: number | undefined;
  private interrupted = false;
  private inputError: Error | undefined;

  constructor(
    private readonly client: KafkaClient,
    private readonly opts: ProduceOptions,
    hooks: ProduceHooks,
    private readonly signal: AbortSignal,
    plan: Plan,
    private readonly target: Pick<Producer, 'send'>,
    private readonly transaction: Transaction | undefined,
    private readonly epochs: ProducerEpochs | undefined,
  ) {
    const { topic } = opts;
    const { transactional, numPartitions } = plan;
    this.topic = topic;
    this.transactional = transactional;
    this.acks = ACKS_VALUE[opts.acks];
    this.compression = CODEC[opts.compression];
    // Concurrent sends keep partition order through the request turns (protocol/request-order.ts); with
    // idempotence at most 5, the batches a broker remembers per producer and partition to drop repeats.
    this.maxInFlight = transactional ? 1 : Math.max(1, epochs ? Math.min(5, opts.maxInFlight) : opts.maxInFlight);
    this.describe = (e: unknown) => describeKafkaError(e, client.config);
    this.ledger = new Ledger(topic, numPartitions, hooks, transactional);
    this.batcher = new Batcher({ topic, numPartitions, maxBytes: plan.maxBytes, batchSize: plan.batchSize, encodeAhead: !transactional });
    const isTransient = epochs ? (e: unknown) => isTransientSendError(e) || isOutOfOrderSequence(e) || isProducerLost(e) : isTransientSendError;
    this.sender = new Sender({ deliveryTimeoutMs: transactional ? 0 : (opts.deliveryTimeoutMs ?? 30_000), describe: this.describe, warning: hooks.warning, signal, isTransient });
    this.limiter = opts.rate ? new RateLimiter(opts.rate) : undefined;
  }

  /**
   * Sends the partitions of a batch that are not acknowledged yet, again until all are: a re-send never
   * carries a partition the broker already acknowledged. Returns each partition's base offset and how many
   * messages may have been written twice.
   */
  private async sendPartitions(b: Batch, turn: Turn, states: Map<number, PartitionState>, earlier: Promise<unknown>, why: (e: unknown) => string) {
    const { topic, acks, compression, epochs } = this;
    let outOfOrder = false;
    const attempt = async () => {
      if (outOfOrder) await earlier;
      // Under a new producer id (epoch.ts), after the partition's earlier batches.
      if (epochs) await epochs.ready(states);
      const only = new Set(unacknowledged(states));
      if (only.size === 0) return;
      try {
        await this.target.send({ topic, messages: placeholders(b, false, turn, only, states), acks, compression });
      } catch (e) {
        // An error for one partition of a request may come with the others acknowledged.
        if (acks !== 0 && unacknowledged(states).length === 0) return;
        outOfOrder = isOutOfOrderSequence(e);
        // The broker lost the producer's state: a new producer id is taken before the batch is sent again.
        if (epochs) await epochs.recover(states);
        throw e;
      }
    };
    // kafkajs may skip partitions whose leader moved during its retries (send-coverage.ts): send those again.
    for (let i = 1; ; i++) {
      await this.sender.send(attempt, why);
      const missing = acks === 0 ? [] : unacknowledged(states);
      if (missing.length === 0) break;
      if (i >= 10) throw new KafkaError(`partitions ${missing.join(',')} of '${topic}' were not acknowledged after 10 attempts`);
    }
    let resent = 0;
    for (const s of states.values()) if (s.mayBeTwice) resent += s.records;
    return { res: [...states].map(([partition, s]) => ({ topicName: topic, partition, baseOffset: s.baseOffset })), resent };
  }

  /** A batch outside a transaction: one placeholder per partition, each partition's delivery tracked. */
  private async sendTracked(b: Batch, seq: number, turn: Turn, earlier: Promise<unknown>, why: (e: unknown) => string): Promise<void> {
    const { epochs } = this;
    const states = new Map<number, PartitionState>();
    for (const [p, g] of b.groups) states.set(p, epochs ? epochs.open(p, g.lines.length) : new PartitionState(g.lines.length));
    try {
      const { res, resent } = await this.sendPartitions(b, turn, states, earlier, why);
      turn.settled();
      await this.ledger.delivered(b, seq, res, resent);
    } catch (e) {
      epochs?.giveBackRefused(states);
      throw e;
    } finally {
      epochs?.close(states);
    }
  }

  /** A batch of a transaction: one placeholder per record (kafkajs numbers the transaction's sequences). */
  private async sendInTransaction(b: Batch, seq: number, turn: Turn, why: (e: unknown) => string): Promise<void> {
    const { topic, acks, compression, sender } = this;
    const send = (only?: ReadonlySet<number>) => sender.send(() => this.target.send({ topic, messages: placeholders(b, true, turn, only), acks, compression }), why);
    let res = await send();
    // kafkajs may skip partitions whose leader moved during its retries (send-coverage.ts): send those again.
    for (let i = 0, missing = acks === 0 ? [] : missingPartitions(res, topic, b.groups.keys()); missing.length; missing = missingPartitions(res, topic, b.groups.keys())) {
      if (++i > 10) throw new KafkaError(`partitions ${missing.join(',')} of '${topic}' were not acknowledged after 10 attempts`);
      res = res.concat(await send(new Set(missing)));
    }
    turn.settled();
    await this.ledger.delivered(b, seq, res);
  }

  private async sendBatch(b: Batch, seq: number, turn: Turn, earlier: Promise<unknown>): Promise<void> {
    try {
      const why = (e: unknown) => sendFailureText(e, this.client.config, this.topic, [...b.groups.keys()]);
      if (this.transactional) await this.sendInTransaction(b, seq, turn, why);
      else await this.sendTracked(b, seq, turn, earlier, why);
    } catch (e) {
      turn.settled();
      if (this.transactional) this.txnBroken = true;
      await this.ledger.failedBatch(b, seq, e instanceof KafkaError ? e.message : this.describe(e));
    }
  }

  private async waitForSlot(slots: number): Promise<void> {
    while (this.inflight.size >= slots) await Promise.race(this.inflight);
  }

  /** An interrupt stops sending at once: a batch still waiting for its rate slot or a free request is not sent. */
  private async flush(): Promise<void> {
    const { signal, limiter, inflight } = this;
    const b = this.batcher.take();
    if (b.size === 0) return;
    const seq = this.batchSeq++;
    if (limiter && !signal.aborted) await sleep(limiter.reserve(b.size), signal);
    if (!signal.aborted) await this.waitForSlot(this.maxInFlight);
    if (signal.aborted) return this.ledger.unsent(b, seq);
    const p: Promise<void> = this.sendBatch(b, seq, this.order.next(b.groups.keys()), this.startedSettled).finally(() => inflight.delete(p));
    this.startedSettled = Promise.all([this.startedSettled, p]);
    inflight.add(p);
  }

  /** Reads the input to its end (or an interrupt, an input error, --on-invalid stop, a broken transaction), sending as batches fill. */
  async read(input: AsyncIterable<ProduceInputItem[]>): Promise<void> {
    const { batcher, signal } = this;
    const lingerMs = this.opts.lingerMs ?? 5;
    const it = input[Symbol.asyncIterator]();
    while (!this.txnBroken) {
      const pending = it.next();
      pending.catch(() => {});
      let next: IteratorResult<ProduceInputItem[]> | typeof ABORT | typeof LINGER;
      try {
        next = await nextInput(pending, signal, batcher.batch.size > 0 ? lingerMs : undefined);
        if (next === LINGER) {
          await this.flush();
          next = await nextInput(pending, signal);
        }
      } catch (e) {
        this.inputError = e as Error;
        return;
      }
      if (next === ABORT) {
        this.interrupted = true;
        return;
      }
      if (next === LINGER || next.done) return;
      if (!(await this.place(next.value))) return;
      if (batcher.full) await this.flush();
    }
  }

  /** Puts input items into batches; false when --on-invalid stop stopped at one. */
  private async place(items: ProduceInputItem[]): Promise<boolean> {
    const { batcher, ledger } = this;
    for (const item of items) {
      const r = item.record;
      let placed = !r || item.error ? { kind: 'invalid' as const, error: item.error ?? `line ${item.line}: invalid` } : batcher.add(item.line, r);
      if (placed.kind === 'full') {
        await this.flush();
        placed = batcher.add(item.line, r!);
      }
      if (placed.kind === 'invalid') {
        await ledger.invalid(item.line, placed.error);
        if (this.opts.onInvalid === 'stop') {
          this.stoppedAtLine = item.line;
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Stopped: what was read is sent (or, when its transaction is going to be aborted, kept back); interrupted:
   * flush() keeps it back. What was kept back is reported unsent and goes to --failed.
   */
  async finish(): Promise<ProduceSummary> {
    const { ledger, batcher, transaction } = this;
    const doomed = () => this.interrupted || this.stoppedAtLine !== undefined || this.txnBroken || this.inputError !== undefined;
    if (!(this.transactional && doomed())) await this.flush();
    else if (batcher.batch.size > 0) await ledger.unsent(batcher.take(), this.batchSeq++);
    await this.waitForSlot(1);

    let txnState: ProduceSummary['transaction'];
    if (transaction) {
      // After the last send settled: a failure of it breaks the transaction too.
      const { state, failure } = await finishTransaction(transaction, !doomed(), this.describe);
      txnState = state;
      if (failure) ledger.transactionFailed(failure);
      if (state === 'committed') await ledger.transactionCommitted();
      else ledger.transactionAborted();
    }
    ledger.progress();
    if (ledger.hookError) throw ledger.hookError;
    return ledger.summary({ acks: this.opts.acks, stoppedAtLine: this.stoppedAtLine, transaction: txnState, interrupted: this.interrupted, inputError: this.inputError });
  }
}
