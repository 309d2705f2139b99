/**
 * Reading a topic for `tail`: records from chosen offsets, following or stopping at the end.
 *
 * Without --group, partitions are read by direct assignment: Fetch requests straight to each partition leader,
 * with no consumer group at all. kafkajs has no public manual assignment (tulios/kafkajs#373), so this goes
 * through its internal cluster/broker layer (protocol/kafkajs.ts: the Kafka object's private cluster factory, which
 * keeps our connection settings: SASL, TLS, timeouts, logger), `cluster.findBroker`, and our own ListOffsets and
 * Fetch requests (protocol/list-offsets.ts, protocol/fetch.ts).
 * Trade-off: this depends on kafkajs internals, so package.json pins kafkajs to exactly 2.2.4 (a frozen
 * project: tulios/kafkajs#1603); in return the first message shows in tens of milliseconds instead of after a
 * group join (3 s of group.initial.rebalance.delay.ms on a stock broker), tailing is read-only by construction
 * (no group is created, no offset is committed, nothing to clean up on Ctrl-C, a broken pipe or a crash), and
 * --exit can finish on batch boundaries: compaction gaps, transaction markers and aborted batches included.
 * With --group the public kafkajs consumer is used (consume-group.ts).
 */
import { KafkaError } from '../../core/errors.js';
import type { KafkaClient } from '../client/client.js';
import { describeKafkaError, kafkaFailure } from '../client/client.js';
import { fetch, visibleRecords, type FetchResponse } from '../protocol/fetch.js';
import { errorText, READ_COMMITTED, type InternalCluster } from '../protocol/kafkajs.js';
import { EARLIEST, LATEST, listOffsets, resolveStart } from '../groups/offsets.js';
import { groupBy, isolationOf, snapshotTopic, stopOffset, type PartitionPlan, type TailOptions, type TailSession } from './tail-plan.js';
import type { ConsumedRecord } from '../../core/records.js';
import { sleep } from '../client/sleep.js';

const LEADER_ERRORS = new Set([5, 6, 9, 56, 74, 75]); // LEADER_NOT_AVAILABLE, NOT_LEADER_OR_FOLLOWER, REPLICA_NOT_AVAILABLE, KAFKA_STORAGE_ERROR, FENCED/UNKNOWN_LEADER_EPOCH
const OFFSET_OUT_OF_RANGE = 1;
const UNKNOWN_TOPIC = new Set([3, 100]);

interface PartitionState {
  partition: number;
  leader: number;
  next: bigint;
  /** Exclusive stop offset, or null (follow). */
  stop: bigint | null;
  untilMs: number | null;
  done: boolean;
  /** In an in-flight fetch (a partition is in at most one at a time). */
  busy: boolean;
  /** Log start and high watermark at start (for the plan). */
  earliest: bigint;
  latest: bigint;
}

/** Opens a tail: resolves start/stop offsets, then `batches()` reads. Throws KafkaError/UsageError for bad topics/partitions. */
export async function openTail(client: KafkaClient, opts: TailOptions, signal: AbortSignal): Promise<TailSession> {
  if (opts.group) {
    const { openGroupTail } = await import('./consume-group.js');
    return openGroupTail(client, opts, signal);
  }
  const isolationLevel = isolationOf(opts);
  const snap = await snapshotTopic(client, opts, isolationLevel);
  const states: PartitionState[] = snap.selected.map((p) => {
    const b = snap.bounds.get(p)!;
    const at = opts.startAt?.get(p);
    // A resumed offset that retention deleted since starts at the log start.
    const next = at === undefined ? resolveStart(opts.from, b) : at < b.earliest ? b.earliest : at;
    const stop = stopOffset(opts, b);
    return { partition: p, leader: snap.leaderOf.get(p)!, next, stop, untilMs: opts.until?.kind === 'time' ? opts.until.ms : null, done: stop !== null && next >= stop, busy: false, earliest: b.earliest, latest: b.latest };
  });
  return new DirectTail(snap.cluster, client, opts, isolationLevel, states, signal, async () => {
    await snap.cluster.disconnect().catch(() => {});
  });
}

interface Inflight {
  leader: number;
  parts: Array<{ state: PartitionState; fetchOffset: bigint }>;
  result: Promise<{ ok: true; res: FetchResponse } | { ok: false; error: unknown }>;
}

/** With --exit, how long reading may keep failing (e.g. a broker restarting) before tail gives up; following never gives up. */
const EXIT_MODE_OUTAGE_MS = 30_000;

class DirectTail implements TailSession {
  readonly plan: PartitionPlan[];
  private failures = 0;
  private outageSince = 0;
  private fetches = 0;
  private needMetadata = false;

  constructor(
    private readonly cluster: InternalCluster,
    private readonly client: KafkaClient,
    private readonly opts: TailOptions,
    private readonly isolationLevel: number,
    private readonly states: PartitionState[],
    private readonly signal: AbortSignal,
    readonly close: () => Promise<void>,
  ) {
    this.plan = states.map((s) => ({ partition: s.partition, start: s.next.toString(), stop: s.stop === null ? null : s.stop.toString(), earliest: s.earliest.toString(), highWatermark: s.latest.toString() }));
  }

  get finished(): boolean {
    return this.states.every((s) => s.done);
  }

  handled(): void {
    // Read-only: nothing is committed.
  }

  private startFetch(leader: number, parts: PartitionState[]): Inflight {
    const maxWaitTime = this.opts.exitAtEnd ? 500 : (this.opts.maxWaitMs ?? 1000);
    // Small first fetches show the first message quickly; later ones grow to the full size. 256 KiB per
    // partition measured best (bench/cases/tail.mjs): bigger responses mean more live records at once and more
    // GC work than the saved round trips are worth, and they raise memory (1 MiB: ~2.5x the RSS, slower).
    const partitionMaxBytes = Math.min(this.opts.partitionMaxBytes ?? 256 * 1024, 32 * 1024 * 2 ** this.fetches++);
    const taken = parts.map((state) => {
      state.busy = true;
      return { state, fetchOffset: state.next };
    });
    const result = (async () => {
      const broker = await this.cluster.findBroker({ nodeId: leader });
      return fetch(
        broker,
        {
          isolationLevel: this.isolationLevel,
          maxWaitMs: maxWaitTime,
          minBytes: 1,
          maxBytes: Math.max(partitionMaxBytes * taken.length, 16 * 1024 * 1024),
          topics: [{ topic: this.opts.topic, partitions: taken.map((t) => ({ partition: t.state.partition, fetchOffset: t.fetchOffset, maxBytes: partitionMaxBytes })) }],
        },
        // A fetch may block for maxWaitTime, longer than the usual request timeout.
        maxWaitTime + 100,
      );
    })().then(
      (res) => ({ ok: true as const, res }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    return { leader, parts: taken, result };
  }

  /** Starts a fetch for every leader that has idle, unfinished partitions. */
  private fill(inflight: Map<number, Inflight>): void {
    const idle = this.states.filter((s) => !s.done && !s.busy);
    for (const [leader, parts] of groupBy(idle, (s) => s.leader)) {
      if (inflight.has(leader)) continue;
      inflight.set(leader, this.startFetch(leader, parts));
    }
  }

  private async refreshLeaders(): Promise<void> {
    this.needMetadata = false;
    await this.cluster.refreshMetadata();
    const meta = this.cluster.findTopicPartitionMetadata(this.opts.topic);
    const leaders = new Map(meta.map((m) => [m.partitionId, m.leader]));
    for (const s of this.states) {
      if (!leaders.has(s.partition)) throw new KafkaError(`topic '${this.opts.topic}' was deleted or lost partition ${s.partition}`);
      s.leader = leaders.get(s.partition)!;
    }
  }

  private async resetOutOfRange(s: PartitionState): Promise<void> {
    const broker = await this.cluster.findBroker({ nodeId: s.leader });
    const [earliest, latest] = await Promise.all([
      listOffsets(broker, this.opts.topic, [s.partition], EARLIEST, this.isolationLevel),
      listOffsets(broker, this.opts.topic, [s.partition], LATEST, this.isolationLevel),
    ]);
    const e = earliest.get(s.partition)!;
    const l = latest.get(s.partition)!;
    const to = s.next < e ? e : l;
    this.opts.onWarning?.(`partition ${s.partition}: offset ${s.next} is no longer available (log starts at ${e}, ends at ${l}); continuing at ${to}`);
    s.next = to;
    if (s.stop !== null && s.next >= s.stop) s.done = true;
  }

  /** Applies one partition's fetched data: visible records, next offset, stop conditions. */
  private take(s: PartitionState, fetchOffset: bigint, p: FetchResponse['topics'][number]['partitions'][number], out: ConsumedRecord[]): void {
    if (s.next !== fetchOffset || s.done) return;
    const { records, nextOffset } = visibleRecords(p, fetchOffset, this.isolationLevel === READ_COMMITTED);
    let n = records.length;
    // Per-record checks only when a stop can fall inside this response (offsets are ascending).
    const stopInside = s.stop !== null && n > 0 && BigInt(records[n - 1]!.offset) >= s.stop;
    if (stopInside || s.untilMs !== null) {
      for (let i = 0; i < records.length; i++) {
        const r = records[i]!;
        if ((stopInside && BigInt(r.offset) >= s.stop!) || (s.untilMs !== null && Number(r.timestamp) >= s.untilMs)) {
          n = i;
          s.done = true;
          break;
        }
      }
    }
    for (let i = 0; i < n; i++) out.push(records[i]!);
    s.next = nextOffset;
    if (s.stop !== null && s.next >= s.stop) s.done = true;
    // The end moved back (truncation after an unclean leader election): nothing more will come before the stop.
    if (this.opts.exitAtEnd && p.batches.length === 0) {
      const end = this.isolationLevel === READ_COMMITTED ? p.lastStableOffset : p.highWatermark;
      if (end >= 0n && s.next >= end) s.done = true;
    }
  }

  /** The first in-flight fetch to settle, or null when the signal aborts first. */
  private next(inflight: Map<number, Inflight>): Promise<Inflight | null> {
    // A fresh abort listener per wait: racing a long-lived promise would keep every past response reachable.
    return new Promise((resolve) => {
      const onAbort = () => resolve(null);
      this.signal.addEventListener('abort', onAbort, { once: true });
      for (const f of inflight.values()) {
        void f.result.then(() => {
          this.signal.removeEventListener('abort', onAbort);
          resolve(f);
        });
      }
    });
  }

  /**
   * A failed fetch or metadata refresh (broker restarting, leader moving, connection lost): wait and go on from
   * the same offsets, so nothing is skipped or repeated. Following never gives up (Ctrl-C ends it); with --exit,
   * tail gives up after EXIT_MODE_OUTAGE_MS of failures.
   */
  private async failed(error: unknown): Promise<void> {
    if (this.failures++ === 0) {
      this.outageSince = Date.now();
      const how = this.opts.exitAtEnd ? `for up to ${EXIT_MODE_OUTAGE_MS / 1000} s` : 'until it answers (Ctrl-C to stop)';
      this.opts.onWarning?.(`reading '${this.opts.topic}' failed (${describeKafkaError(error, this.client.config)}); retrying ${how}`);
    }
    if (this.opts.exitAtEnd && Date.now() - this.outageSince > EXIT_MODE_OUTAGE_MS) throw kafkaFailure(error, this.client.config, `read '${this.opts.topic}'`);
    this.needMetadata = true;
    await sleep(Math.min(100 * 2 ** this.failures, 2000), this.signal);
  }

  async *batches(): AsyncGenerator<ConsumedRecord[]> {
    const inflight = new Map<number, Inflight>();
    for (;;) {
      if (this.signal.aborted || this.finished) return;
      if (this.needMetadata) {
        try {
          await this.refreshLeaders();
        } catch (e) {
          if (e instanceof KafkaError) throw e;
          await this.failed(e);
          continue;
        }
      }
      this.fill(inflight);
      if (inflight.size === 0) return;
      const winner = await this.next(inflight);
      if (winner === null) return;
      inflight.delete(winner.leader);
      const result = await winner.result;
      for (const { state } of winner.parts) state.busy = false;
      if (!result.ok) {
        await this.failed(result.error);
        continue;
      }
      if (this.failures > 0) this.opts.onWarning?.(`reading '${this.opts.topic}' again after ${((Date.now() - this.outageSince) / 1000).toFixed(1)} s`);
      this.failures = 0;
      const out: ConsumedRecord[] = [];
      const got = new Map<number, FetchResponse['topics'][number]['partitions'][number]>();
      for (const t of result.res.topics) for (const p of t.partitions) got.set(p.partition, p);
      for (const { state, fetchOffset } of winner.parts) {
        const p = got.get(state.partition);
        if (!p) continue;
        if (p.errorCode === 0) this.take(state, fetchOffset, p, out);
        else if (LEADER_ERRORS.has(p.errorCode)) this.needMetadata = true;
        else if (p.errorCode === OFFSET_OUT_OF_RANGE) await this.resetOutOfRange(state);
        else if (UNKNOWN_TOPIC.has(p.errorCode)) throw new KafkaError(`topic '${this.opts.topic}' was deleted while reading it`);
        else throw new KafkaError(`reading ${this.opts.topic}/${state.partition}: ${errorText(p.errorCode)}`);
      }
      if (this.needMetadata) await sleep(100);
      // Keep one fetch in flight per leader while the caller writes these records out.
      else if (!this.finished && !this.signal.aborted) this.fill(inflight);
      if (out.length) yield out;
    }
  }
}

/** All records, one by one (for callers that do not need batches). */
export async function* consume(client: KafkaClient, opts: TailOptions, signal: AbortSignal): AsyncGenerator<ConsumedRecord> {
  const session = await openTail(client, opts, signal);
  try {
    for await (const batch of session.batches()) {
      for (const r of batch) {
        yield r;
        session.handled(r);
      }
    }
  } finally {
    await session.close();
  }
}
