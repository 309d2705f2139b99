/**
 * `tail --group <id>`: consume as a real member of a consumer group with the public kafkajs consumer, and commit
 * what was handled (printed or filtered out). kafkajs pushes batches to eachBatch; this turns that into the
 * pull-based TailSession with backpressure: the handler waits until the caller has written the batch out, so a
 * slow reader slows fetching instead of filling memory, and the handler keeps heartbeating meanwhile.
 * Limits of this path (kafkajs's consumer): the first join waits group.initial.rebalance.delay.ms (3 s on a stock
 * broker), and headers arrive as an object, so repeated header keys keep their values but not their interleaving.
 */
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { retryWhileCoordinatorMoves } from '../client/coordinator-retry.js';
import { withDeadline } from '../client/client.js';
import { kafkaFailure } from '../client/client.js';
import { isolationOf, snapshotTopic, stopOffset, type PartitionPlan, type TailOptions, type TailSession } from './tail-plan.js';
import { resolveStart } from '../groups/offsets.js';
import type { KafkaClient } from '../client/client.js';
import type { ConsumedRecord, RecordHeader } from '../../core/records.js';

interface GroupPartition {
  stop: bigint | null;
  untilMs: number | null;
  done: boolean;
  /** Last handled offset + 1, to commit at the end. */
  handledNext: bigint | null;
}

interface Pending {
  records: ConsumedRecord[];
  resolveOffset: (offset: string) => void;
  release: () => void;
}

function toHeaders(h: KafkaMessage['headers']): RecordHeader[] {
  const out: RecordHeader[] = [];
  for (const [key, v] of Object.entries(h ?? {})) {
    const list = Array.isArray(v) ? v : [v];
    for (const x of list) out.push({ key, value: x === undefined || x === null ? null : Buffer.isBuffer(x) ? x : Buffer.from(String(x)) });
  }
  return out;
}

/** Where a group member is in one topic-partition (keyed "topic\u0000partition"). */
const tp = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** `topics`: several topics read by one member (tail a b --group g); default the one of `opts.topic`. */
export async function openGroupTail(client: KafkaClient, opts: TailOptions, signal: AbortSignal, topics: string[] = [opts.topic]): Promise<TailSession> {
  const groupId = opts.group!;
  const snaps = [];
  for (const topic of topics) {
    const snap = await snapshotTopic(client, { ...opts, topic }, isolationOf(opts));
    await snap.cluster.disconnect().catch(() => {});
    snaps.push({ topic, snap });
  }
  const admin = await client.admin();
  const committed = new Map<string, bigint>();
  try {
    const res = await retryWhileCoordinatorMoves(() => admin.fetchOffsets({ groupId, topics }), Math.max(client.config.timeoutMs, 5000), signal);
    for (const t of res) for (const p of t.partitions) committed.set(tp(t.topic, p.partition), BigInt(p.offset));
  } catch (e) {
    throw kafkaFailure(e, client.config, `read offsets of group '${groupId}'`);
  }
  const parts = new Map<string, GroupPartition>();
  const plan: PartitionPlan[] = [];
  const seeks: Array<{ topic: string; partition: number; offset: string }> = [];
  for (const { topic, snap } of snaps) {
    for (const p of snap.selected) {
      const b = snap.bounds.get(p)!;
      const c = committed.get(tp(topic, p)) ?? -1n;
      // The group's committed offset wins unless --from was given; a group with none starts at the end (kafkajs default).
      const start = opts.fromGiven ? resolveStart(opts.from, b) : c >= 0n ? c : b.latest;
      if (opts.fromGiven) seeks.push({ topic, partition: p, offset: start.toString() });
      const stop = stopOffset(opts, b);
      parts.set(tp(topic, p), { stop, untilMs: opts.until?.kind === 'time' ? opts.until.ms : null, done: stop !== null && start >= stop, handledNext: null });
      plan.push({ partition: p, start: start.toString(), stop: stop === null ? null : stop.toString(), earliest: b.earliest.toString(), highWatermark: b.latest.toString() });
    }
  }
  const allDone = () => [...parts.values()].every((s) => s.done);

  const queue: Pending[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let crashed: unknown;
  let consumer: Consumer | undefined;
  let closed = false;
  const handlersRunning = new Set<Promise<void>>();

  const markReached = (topic: string, partition: number, lastOffset: string | null | undefined) => {
    const s = parts.get(tp(topic, partition));
    if (!s || s.stop === null || lastOffset === null || lastOffset === undefined) return;
    if (BigInt(lastOffset) + 1n >= s.stop) {
      s.done = true;
      notify();
    }
  };

  const eachBatch = async ({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) => {
    const s = parts.get(tp(batch.topic, batch.partition));
    if (!s || s.done || closed) return;
    const topic = batch.topic;
    const records: ConsumedRecord[] = [];
    for (const m of batch.messages) {
      if ((s.stop !== null && BigInt(m.offset) >= s.stop) || (s.untilMs !== null && Number(m.timestamp) >= s.untilMs)) {
        s.done = true;
        break;
      }
      records.push({ topic, partition: batch.partition, offset: m.offset, timestamp: m.timestamp, key: m.key ?? null, value: m.value ?? null, headers: toHeaders(m.headers) });
    }
    if (records.length) {
      let release!: () => void;
      const done = new Promise<void>((r) => (release = r));
      handlersRunning.add(done);
      queue.push({ records, resolveOffset, release });
      notify();
      // Heartbeat while the writer is slow, so the member is not evicted from the group.
      const beat = setInterval(() => void heartbeat().catch(() => {}), 1000);
      try {
        await done;
      } finally {
        clearInterval(beat);
        handlersRunning.delete(done);
      }
    }
    if (!s.done) markReached(batch.topic, batch.partition, batch.lastOffset());
    if (s.done) notify();
    if (isRunning() && !isStale()) await heartbeat();
  };

  try {
    consumer = client.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      readUncommitted: !opts.readCommitted,
      maxWaitTimeInMs: opts.maxWaitMs ?? 1000,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    const c = consumer;
    c.on(c.events.END_BATCH_PROCESS, (e: { payload: { topic: string; partition: number; lastOffset: string } }) => markReached(e.payload.topic, e.payload.partition, e.payload.lastOffset));
    c.on(c.events.CRASH, (e: { payload: { error: unknown } }) => {
      crashed = e.payload.error;
      notify();
    });
    if (!allDone()) {
      await c.connect();
      await c.subscribe({ topics, fromBeginning: false });
      await c.run({ autoCommit: true, eachBatchAutoResolve: false, eachBatch });
      for (const s of seeks) if (!parts.get(tp(s.topic, s.partition))!.done) c.seek({ topic: s.topic, partition: s.partition, offset: s.offset });
    }
  } catch (e) {
    await consumer?.disconnect().catch(() => {});
    throw kafkaFailure(e, client.config, `join group '${groupId}'`);
  }

  let current: Pending | undefined;
  const finishCurrent = () => {
    current?.release();
    current = undefined;
  };

  return {
    plan,
    get finished() {
      return allDone();
    },
    handled(r: ConsumedRecord) {
      if (!current) return;
      current.resolveOffset(r.offset);
      const s = parts.get(tp(r.topic, r.partition));
      if (s) s.handledNext = BigInt(r.offset) + 1n;
    },
    async *batches() {
      const onAbort = () => notify();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        for (;;) {
          finishCurrent();
          if (crashed) throw kafkaFailure(crashed, client.config, `consume '${topics.join("', '")}' in group '${groupId}'`);
          if (signal.aborted) return;
          const next = queue.shift();
          if (next) {
            current = next;
            yield next.records;
            continue;
          }
          if (allDone()) return;
          await new Promise<void>((r) => (wake = r));
        }
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
    async close() {
      closed = true;
      finishCurrent();
      for (const q of queue.splice(0)) q.release();
      if (!consumer) return;
      const c = consumer;
      await withDeadline(
        (async () => {
          await Promise.allSettled([...handlersRunning]);
          // Commit exactly what was handled (autoCommit may not have run for the last, partly printed batch).
          const offsets = [...parts]
            .filter(([, s]) => s.handledNext !== null)
            .map(([key, s]) => {
              const [topic, partition] = key.split('\u0000');
              return { topic: topic!, partition: Number(partition), offset: s.handledNext!.toString() };
            });
          if (offsets.length) await c.commitOffsets(offsets).catch(() => {});
          await c.disconnect();
        })(),
        8000,
        'leaving the group timed out',
      ).catch(() => {});
    },
  };
}
