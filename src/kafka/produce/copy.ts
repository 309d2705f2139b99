/**
 * `copy`: records read like `tail` (direct partition reads, consume.ts) and written like `produce` (produce.ts:
 * same batching, retries, delivery accounting and --failed), possibly to another cluster. Keys, values, headers
 * (in order) and timestamps are kept; --keep-partitions keeps partition numbers, otherwise keys are hashed
 * (murmur2, as Java's producer). Redrive (--to-topic-from-header) sends each record to the topic its header
 * names; it reads the selection first (it stops at the end) so the dry run can say where everything would go.
 */
import { UsageError } from '../../core/errors.js';
import type { KafkaClient } from '../client/client.js';
import { openTail } from '../consume/consume.js';
import type { TailOptions, TailSession } from '../consume/tail-plan.js';
import { produce, type ProduceHooks, type ProduceOptions, type ProduceSummary } from './produce.js';
import { fetchTopicPartitions } from '../client/topic-metadata.js';
import type { ConsumedRecord, OutgoingRecord, ProduceInputItem } from '../../core/records.js';

export interface CopyReadOptions extends TailOptions {
  filter?: (r: ConsumedRecord) => boolean;
}

export type CopyWriteOptions = Omit<ProduceOptions, 'topic' | 'partition'> & {
  keepPartitions: boolean;
  /** --remove-header: header keys to drop from each record. */
  removeHeaders: string[];
};

export function toOutgoing(r: ConsumedRecord, w: Pick<CopyWriteOptions, 'keepPartitions' | 'removeHeaders'>): OutgoingRecord {
  return {
    key: r.key,
    value: r.value,
    headers: w.removeHeaders.length ? r.headers.filter((h) => !w.removeHeaders.includes(h.key)) : r.headers,
    partition: w.keepPartitions ? r.partition : undefined,
    timestamp: r.timestamp,
  };
}

/** --keep-partitions needs every source partition in the destination. */
export async function checkKeepPartitions(source: KafkaClient, sourceTopic: string, dest: KafkaClient, destTopic: string): Promise<void> {
  const [a, b] = await Promise.all([fetchTopicPartitions(source, sourceTopic), fetchTopicPartitions(dest, destTopic)]);
  if (b.length < a.length) {
    throw new UsageError(`--keep-partitions: '${destTopic}' has ${b.length} partition${b.length === 1 ? '' : 's'}, fewer than the ${a.length} of '${sourceTopic}' (add partitions, or copy without --keep-partitions)`);
  }
}

/** The session's selected records as produce input; records count from 1 in read order (the "lines" of reports). */
async function* asInput(session: TailSession, filter: CopyReadOptions['filter'], w: CopyWriteOptions, counter: { read: number }): AsyncGenerator<ProduceInputItem[]> {
  for await (const batch of session.batches()) {
    const items: ProduceInputItem[] = [];
    for (const r of batch) {
      if (!filter || filter(r)) items.push({ line: ++counter.read, record: toOutgoing(r, w) });
      session.handled(r);
    }
    if (items.length) yield items;
  }
}

export interface CopyResult {
  /** Records selected from the source. */
  selected: number;
  summary: ProduceSummary;
}

export async function copyTopic(
  source: KafkaClient,
  dest: KafkaClient,
  read: CopyReadOptions,
  destTopic: string,
  write: CopyWriteOptions,
  hooks: ProduceHooks,
  signal: AbortSignal,
): Promise<CopyResult> {
  if (write.keepPartitions) await checkKeepPartitions(source, read.topic, dest, destTopic);
  // Fail on a missing destination before reading anything.
  await fetchTopicPartitions(dest, destTopic);
  const session = await openTail(source, read, signal);
  // Offsets count transaction markers too: an upper bound, close enough for a percent and an ETA.
  if (read.filter === undefined && session.plan.every((p) => p.stop !== null)) {
    hooks.total?.(session.plan.reduce((n, p) => n + Math.max(0, Number(BigInt(p.stop!) - BigInt(p.start))), 0));
  }
  const counter = { read: 0 };
  try {
    const summary = await produce(dest, asInput(session, read.filter, write, counter), { ...write, topic: destTopic }, hooks, signal);
    return { selected: counter.read, summary };
  } finally {
    await session.close();
  }
}

export interface RedrivePlan {
  /** Records per destination topic, in read order. */
  byTopic: Map<string, ConsumedRecord[]>;
  /** Selected records without the header (left where they are). */
  withoutHeader: number;
}

/** Reads the selection to its end and groups it by the topic named in `header`. */
export async function planRedrive(source: KafkaClient, read: CopyReadOptions, header: string, signal: AbortSignal): Promise<RedrivePlan> {
  const session = await openTail(source, { ...read, exitAtEnd: true }, signal);
  const byTopic = new Map<string, ConsumedRecord[]>();
  let withoutHeader = 0;
  try {
    for await (const batch of session.batches()) {
      for (const r of batch) {
        if (read.filter && !read.filter(r)) continue;
        // The last value wins when the header repeats (the most recent hop of a record redriven before).
        const h = r.headers.filter((x) => x.key === header && x.value !== null).pop();
        const topic = h?.value?.toString('utf8');
        if (!topic) withoutHeader++;
        else {
          const list = byTopic.get(topic);
          if (list) list.push(r);
          else byTopic.set(topic, [r]);
        }
      }
    }
  } finally {
    await session.close();
  }
  return { byTopic: new Map([...byTopic].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), withoutHeader };
}

/** Sends each planned group to its topic, one topic after the other; stops at the first interrupted send. */
export async function executeRedrive(dest: KafkaClient, plan: RedrivePlan, write: CopyWriteOptions, hooksFor: (topic: string) => ProduceHooks, signal: AbortSignal): Promise<ProduceSummary[]> {
  // Check every destination first: a typo in one header should not leave half a redrive done.
  const missing: string[] = [];
  for (const t of plan.byTopic.keys()) await fetchTopicPartitions(dest, t).catch(() => missing.push(t));
  if (missing.length) throw new UsageError(`redrive: destination topic${missing.length === 1 ? '' : 's'} ${missing.map((t) => `'${t}'`).join(', ')} do${missing.length === 1 ? 'es' : ''} not exist; nothing was sent`);
  const out: ProduceSummary[] = [];
  for (const [topic, records] of plan.byTopic) {
    if (signal.aborted) break;
    const input = (async function* () {
      yield records.map((r, i): ProduceInputItem => ({ line: i + 1, record: toOutgoing(r, write) }));
    })();
    out.push(await produce(dest, input, { ...write, topic }, hooksFor(topic), signal));
  }
  return out;
}
