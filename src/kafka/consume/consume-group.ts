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
import { isolationOf, snapshotTopic, stopOffset, type PartitionPlan, type TailOptions, type TailSession, type TopicSnapshot } from './tail-plan.js';
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

/** What a group member shares between kafkajs's eachBatch handler and the reading side of its TailSession. */
interface GroupState {
  parts: Map<string, GroupPartition>;
  queue: Pending[];
  wake: (() => void) | undefined;
  crashed: unknown;
  closed: boolean;
  handlersRunning: Set<Promise<void>>;
  /** The batch handed to the reader, released when it asks for the next one. */
  current: Pending | undefined;
}

const allDone = (st: GroupState) => [...st.parts.values()].every((s) => s.done);

function notify(st: GroupState): void {
  const w = st.wake;
  st.wake = undefined;
  w?.();
}

function markReached(st: GroupState, topic: string, partition: number, lastOffset: string | null | undefined): void {
  const s = st.parts.get(tp(topic, partition));
  if (!s || s.stop === null || lastOffset === null || lastOffset === undefined) return;
  if (BigInt(lastOffset) + 1n >= s.stop) {
    s.done = true;
    notify(st);
  }
}

/** `topics`: several topics read by one member (tail a b --group g); default the one of `opts.topic`. */
export async function openGroupTail(client: KafkaClient, opts: TailOptions, signal: AbortSignal, topics: string[] = [opts.topic]): Promise<TailSession> {
  const groupId = opts.group!;
  const snaps = [];
  for (const topic of topics) {
    const snap = await snapshotTopic(client, { ...opts, topic }, isolationOf(opts));
    await snap.cluster.disconnect().catch(() => {});
    snaps.push({ topic, snap });
  }
  const committed = await committedOffsets(client, groupId, topics, signal);
  const { parts, plan, seeks } = planGroupPartitions(opts, snaps, committed);
  const st: GroupState = { parts, queue: [], wake: undefined, crashed: undefined, closed: false, handlersRunning: new Set(), current: undefined };
  const consumer = await joinGroup(client, opts, topics, seeks, st);
  return groupSession(client, st, consumer, plan, signal, `consume '${topics.join("', '")}' in group '${groupId}'`);
}

/** The group's committed offsets of `topics`, keyed by tp(). */
async function committedOffsets(client: KafkaClient, groupId: string, topics: string[], signal: AbortSignal): Promise<Map<string, bigint>> {
  const admin = await client.admin();
  const committed = new Map<string, bigint>();
  try {
    const res = await retryWhileCoordinatorMoves(() => admin.fetchOffsets({ groupId, topics }), Math.max(client.config.timeoutMs, 5000), signal);
    for (const t of res) for (const p of t.partitions) committed.set(tp(t.topic, p.partition), BigInt(p.offset));
  } catch (e) {
    throw kafkaFailure(e, client.config, `read offsets of group '${groupId}'`);
  }
  return committed;
}

type Seek = { topic: string; partition: number; offset: string };

/** Where each selected partition starts and stops, and the seeks --from asks for. */
function planGroupPartitions(opts: TailOptions, snaps: Array<{ topic: string; snap: TopicSnapshot }>, committed: Map<string, bigint>) {
  const parts = new Map<string, GroupPartition>();
  const plan: PartitionPlan[] = [];
  const seeks: Seek[] = [];
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
  return { parts, plan, seeks };
}

/** kafkajs's eachBatch: queue the batch for the reader and wait (heartbeating) until it has been written out. */
function batchHandler(st: GroupState) {
  return async ({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload) => {
    const s = st.parts.get(tp(batch.topic, batch.partition));
    if (!s || s.done || st.closed) return;
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
      st.handlersRunning.add(done);
      st.queue.push({ records, resolveOffset, release });
      notify(st);
      // Heartbeat while the writer is slow, so the member is not evicted from the group.
      const beat = setInterval(() => void heartbeat().catch(() => {}), 1000);
      try {
        await done;
      } finally {
        clearInterval(beat);
        st.handlersRunning.delete(done);
      }
    }
    if (!s.done) markReached(st, batch.topic, batch.partition, batch.lastOffset());
    if (s.done) notify(st);
    if (isRunning() && !isStale()) await heartbeat();
  };
}

/** The kafkajs consumer, joined and running (unless every partition is already at its stop), seeked for --from. */
async function joinGroup(client: KafkaClient, opts: TailOptions, topics: string[], seeks: Seek[], st: GroupState): Promise<Consumer> {
  const groupId = opts.group!;
  let consumer: Consumer | undefined;
  try {
    consumer = client.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      readUncommitted: !opts.readCommitted,
      maxWaitTimeInMs: opts.maxWaitMs ?? 1000,
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    const c = consumer;
    c.on(c.events.END_BATCH_PROCESS, (e: { payload: { topic: string; partition: number; lastOffset: string } }) => markReached(st, e.payload.topic, e.payload.partition, e.payload.lastOffset));
    c.on(c.events.CRASH, (e: { payload: { error: unknown } }) => {
      st.crashed = e.payload.error;
      notify(st);
    });
    if (!allDone(st)) {
      await c.connect();
      await c.subscribe({ topics, fromBeginning: false });
      await c.run({ autoCommit: true, eachBatchAutoResolve: false, eachBatch: batchHandler(st) });
      for (const s of seeks) if (!st.parts.get(tp(s.topic, s.partition))!.done) c.seek({ topic: s.topic, partition: s.partition, offset: s.offset });
    }
    return c;
  } catch (e) {
    await consumer?.disconnect().catch(() => {});
    throw kafkaFailure(e, client.config, `join group '${groupId}'`);
  }
}

/** The pull side: batches() hands out what eachBatch queued; close() commits exactly what was handled and leaves. */
function groupSession(client: KafkaClient, st: GroupState, c: Consumer, plan: PartitionPlan[], signal: AbortSignal, what: string): TailSession {
  const finishCurrent = () => {
    st.current?.release();
    st.current = undefined;
  };
  return {
    plan,
    get finished() {
      return allDone(st);
    },
    handled(r: ConsumedRecord) {
      if (!st.current) return;
      st.current.resolveOffset(r.offset);
      const s = st.parts.get(tp(r.topic, r.partition));
      if (s) s.handledNext = BigInt(r.offset) + 1n;
    },
    async *batches() {
      const onAbort = () => notify(st);
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        for (;;) {
          finishCurrent();
          if (st.crashed) throw kafkaFailure(st.crashed, client.config, what);
          if (signal.aborted) return;
          const next = st.queue.shift();
          if (next) {
            st.current = next;
            yield next.records;
            continue;
          }
          if (allDone(st)) return;
          await new Promise<void>((r) => (st.wake = r));
        }
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
    async close() {
      st.closed = true;
      finishCurrent();
      for (const q of st.queue.splice(0)) q.release();
      await withDeadline(leaveGroup(st, c), 8000, 'leaving the group timed out').catch(() => {});
    },
  };
}

async function leaveGroup(st: GroupState, c: Consumer): Promise<void> {
  await Promise.allSettled([...st.handlersRunning]);
  // Commit exactly what was handled (autoCommit may not have run for the last, partly printed batch).
  const offsets = [...st.parts]
    .filter(([, s]) => s.handledNext !== null)
    .map(([key, s]) => {
      const [topic, partition] = key.split('\u0000');
      return { topic: topic!, partition: Number(partition), offset: s.handledNext!.toString() };
    });
  if (offsets.length) await c.commitOffsets(offsets).catch(() => {});
  await c.disconnect();
}
