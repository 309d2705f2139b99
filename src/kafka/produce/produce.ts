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
import type { Message, Producer } from 'kafkajs';
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
import { isOutOfOrderSequence, isTransientSendError, Sender } from './sender.js';
import { PartitionState, previousSequence, Sequences, unacknowledged } from './sequences.js';
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

export async function produce(
  client: KafkaClient,
  input: AsyncIterable<ProduceInputItem[]>,
  opts: ProduceOptions,
  hooks: ProduceHooks = {},
  signal: AbortSignal = new AbortController().signal,
): Promise<ProduceSummary> {
  installRecordBatchEncoder();
  const { topic } = opts;
  const numPartitions = (await fetchTopicPartitions(client, topic)).length;
  if (opts.partition !== undefined && opts.partition >= numPartitions) {
    throw new UsageError(`partition ${opts.partition} does not exist in topic '${topic}' (it has ${numPartitions} partition${numPartitions === 1 ? '' : 's'}: 0-${numPartitions - 1})`);
  }
  const maxBytes = await maxMessageBytes(client, topic);
  const transactional = opts.transactionalId !== undefined;
  const acks = ACKS_VALUE[opts.acks];
  const compression = CODEC[opts.compression];
  // Idempotence (not for transactions: kafkajs numbers those itself) needs acks=all, as Kafka requires.
  const idempotenceWanted = !transactional && opts.idempotence !== false;
  if (!transactional && !idempotenceWanted) hooks.warning?.('--no-idempotence: a request sent again may write its messages twice (the summary counts them)');
  else if (idempotenceWanted && opts.acks !== 'all') hooks.warning?.(`--acks ${opts.acks}: not idempotent (that needs --acks all): a request sent again may write its messages twice (the summary counts them)`);
  const asked: Promise<ProducerIdAnswer | undefined> = idempotenceWanted && opts.acks === 'all' ? initProducerId(client, topic, signal) : Promise.resolve(undefined);
  asked.catch(() => {});
  const lingerMs = opts.lingerMs ?? 5;
  // With a rate, send small batches often rather than one large batch per several seconds.
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
  try {
    const answer = await asked;
    if (answer && !answer.ok) hooks.warning?.(`sending without idempotence: ${answer.reason}; a request sent again may write its messages twice (the summary counts them)`);
    const sequences = answer?.ok ? new Sequences(answer.producer) : undefined;
    // Concurrent sends keep partition order through the request turns (protocol/request-order.ts); with
    // idempotence at most 5, the batches a broker remembers per producer and partition to drop repeats.
    const maxInFlight = transactional ? 1 : Math.max(1, sequences ? Math.min(5, opts.maxInFlight) : opts.maxInFlight);
    const transaction = transactional ? await beginTransaction(client, producer, opts.transactionalId!) : undefined;
    const target: Pick<Producer, 'send'> = transaction ?? producer;
    const describe = (e: unknown) => describeKafkaError(e, client.config);
    const ledger = new Ledger(topic, numPartitions, hooks, transactional);
    const batcher = new Batcher({ topic, numPartitions, maxBytes, batchSize, encodeAhead: !transactional });
    const isTransient = sequences ? (e: unknown) => isTransientSendError(e) || isOutOfOrderSequence(e) : isTransientSendError;
    const sender = new Sender({ deliveryTimeoutMs: transactional ? 0 : (opts.deliveryTimeoutMs ?? 30_000), describe, warning: hooks.warning, signal, isTransient });
    const limiter = opts.rate ? new RateLimiter(opts.rate) : undefined;
    const order = new RequestOrder();
    const inflight = new Set<Promise<void>>();
    let batchSeq = 0;
    let txnBroken = false;
    // Settles when every batch started so far settled: a batch out of sequence waits for those before it.
    let startedSettled: Promise<unknown> = Promise.resolve();

    /**
     * Sends the partitions of a batch that are not acknowledged yet, again until all are: a re-send never
     * carries a partition the broker already acknowledged. Returns each partition's base offset and how many
     * messages may have been written twice.
     */
    const sendPartitions = async (b: Batch, turn: Turn, states: Map<number, PartitionState>, earlier: Promise<unknown>, why: (e: unknown) => string) => {
      let outOfOrder = false;
      const attempt = async () => {
        if (outOfOrder) await earlier;
        const only = new Set(unacknowledged(states));
        if (only.size === 0) return;
        try {
          await target.send({ topic, messages: placeholders(b, false, turn, only, states), acks, compression });
        } catch (e) {
          // An error for one partition of a request may come with the others acknowledged.
          if (acks !== 0 && unacknowledged(states).length === 0) return;
          outOfOrder = isOutOfOrderSequence(e);
          throw e;
        }
      };
      // kafkajs may skip partitions whose leader moved during its retries (send-coverage.ts): send those again.
      for (let i = 1; ; i++) {
        await sender.send(attempt, why);
        const missing = acks === 0 ? [] : unacknowledged(states);
        if (missing.length === 0) break;
        if (i >= 10) throw new KafkaError(`partitions ${missing.join(',')} of '${topic}' were not acknowledged after 10 attempts`);
      }
      let resent = 0;
      for (const s of states.values()) if (s.mayBeTwice) resent += s.records;
      return { res: [...states].map(([partition, s]) => ({ topicName: topic, partition, baseOffset: s.baseOffset })), resent };
    };

    // With idempotence: each partition's batches not settled yet, in sequence order.
    const livePerPartition = new Map<number, PartitionState[]>();
    const live = (p: number): PartitionState[] => {
      let l = livePerPartition.get(p);
      if (!l) livePerPartition.set(p, (l = []));
      return l;
    };
    /**
     * A batch that failed for good on a partition whose broker refused it (surely not written): the partition's
     * later batches take its sequence numbers, as Java's producer adjusts them, so they are not refused as out of
     * order. A batch that may have been written (no answer) moves nothing: the later ones then fail, reported.
     */
    const giveBackRefused = (states: Map<number, PartitionState>) => {
      for (const [p, s] of states) {
        if (!s.refused || !s.producer) continue;
        const l = live(p);
        const later = l.slice(l.indexOf(s) + 1);
        if (later.some((t) => t.acknowledged)) continue;
        for (const t of later) t.producer!.sequence = previousSequence(t.producer!.sequence, s.records);
        sequences!.giveBack(p, s.records);
      }
    };

    const sendBatch = async (b: Batch, seq: number, turn: Turn, earlier: Promise<unknown>): Promise<void> => {
      try {
        const why = (e: unknown) => sendFailureText(e, client.config, topic, [...b.groups.keys()]);
        if (!transactional) {
          const states = new Map<number, PartitionState>();
          for (const [p, g] of b.groups) {
            const n = g.lines.length;
            const s = new PartitionState(n, sequences ? { ...sequences.producer, sequence: sequences.take(p, n) } : undefined);
            states.set(p, s);
            if (sequences) live(p).push(s);
          }
          try {
            const { res, resent } = await sendPartitions(b, turn, states, earlier, why);
            turn.settled();
            await ledger.delivered(b, seq, res, resent);
            return;
          } catch (e) {
            if (sequences) giveBackRefused(states);
            throw e;
          } finally {
            if (sequences) for (const [p, s] of states) live(p).splice(live(p).indexOf(s), 1);
          }
        }
        let res = await sender.send(() => target.send({ topic, messages: placeholders(b, transactional, turn), acks, compression }), why);
        // kafkajs may skip partitions whose leader moved during its retries (send-coverage.ts): send those again.
        for (let i = 0, missing = acks === 0 ? [] : missingPartitions(res, topic, b.groups.keys()); missing.length; missing = missingPartitions(res, topic, b.groups.keys())) {
          if (++i > 10) throw new KafkaError(`partitions ${missing.join(',')} of '${topic}' were not acknowledged after 10 attempts`);
          const only = new Set(missing);
          res = res.concat(await sender.send(() => target.send({ topic, messages: placeholders(b, transactional, turn, only), acks, compression }), why));
        }
        turn.settled();
        await ledger.delivered(b, seq, res);
      } catch (e) {
        turn.settled();
        if (transactional) txnBroken = true;
        await ledger.failedBatch(b, seq, e instanceof KafkaError ? e.message : describe(e));
      }
    };
    const waitForSlot = async (slots: number) => {
      while (inflight.size >= slots) await Promise.race(inflight);
    };
    // An interrupt stops sending at once: a batch still waiting for its rate slot or a free request is not sent.
    const flush = async () => {
      const b = batcher.take();
      if (b.size === 0) return;
      const seq = batchSeq++;
      if (limiter && !signal.aborted) await sleep(limiter.reserve(b.size), signal);
      if (!signal.aborted) await waitForSlot(maxInFlight);
      if (signal.aborted) return ledger.unsent(b, seq);
      const p: Promise<void> = sendBatch(b, seq, order.next(b.groups.keys()), startedSettled).finally(() => inflight.delete(p));
      startedSettled = Promise.all([startedSettled, p]);
      inflight.add(p);
    };

    let stoppedAtLine: number | undefined;
    let interrupted = false;
    let inputError: Error | undefined;
    const it = input[Symbol.asyncIterator]();
    read: for (;;) {
      if (txnBroken) break;
      const pending = it.next();
      pending.catch(() => {});
      let next: IteratorResult<ProduceInputItem[]> | typeof ABORT | typeof LINGER;
      try {
        next = await nextInput(pending, signal, batcher.batch.size > 0 ? lingerMs : undefined);
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
        let placed = !r || item.error ? { kind: 'invalid' as const, error: item.error ?? `line ${item.line}: invalid` } : batcher.add(item.line, r);
        if (placed.kind === 'full') {
          await flush();
          placed = batcher.add(item.line, r!);
        }
        if (placed.kind === 'invalid') {
          await ledger.invalid(item.line, placed.error);
          if (opts.onInvalid === 'stop') {
            stoppedAtLine = item.line;
            break read;
          }
        }
      }
      if (batcher.full) await flush();
    }
    // Stopped: what was read is sent (or, when its transaction is going to be aborted, kept back); interrupted:
    // flush() keeps it back. What was kept back is reported unsent and goes to --failed.
    const doomed = () => interrupted || stoppedAtLine !== undefined || txnBroken || inputError !== undefined;
    if (!(transactional && doomed())) await flush();
    else if (batcher.batch.size > 0) await ledger.unsent(batcher.take(), batchSeq++);
    await waitForSlot(1);

    let txnState: ProduceSummary['transaction'];
    if (transaction) {
      // After the last send settled: a failure of it breaks the transaction too.
      const { state, failure } = await finishTransaction(transaction, !doomed(), describe);
      txnState = state;
      if (failure) ledger.transactionFailed(failure);
      if (state === 'committed') await ledger.transactionCommitted();
      else ledger.transactionAborted();
    }
    ledger.progress();
    if (ledger.hookError) throw ledger.hookError;
    return ledger.summary({ acks: opts.acks, stoppedAtLine, transaction: txnState, interrupted, inputError });
  } finally {
    await withDeadline(producer.disconnect(), 5000, 'disconnect timed out').catch(() => {});
  }
}
