/**
 * The ledger accounts for every input line: delivered (per partition, bytes), failed, unsent, invalid, and
 * (with a transaction) written-then-aborted. It writes the delivery reports and the --failed file, in input-line
 * order: batches hold input lines in order but settle in any order (retries), so a batch's undelivered messages
 * wait until every earlier batch settled; writes are chained, never concurrent. It builds the summary.
 */
import type { RecordMetadata } from 'kafkajs';
import type { Batch } from './batcher.js';
import type { Acks, DeliveryReport, LineRange, ProduceHooks, ProduceSummary, ProgressSnapshot, Undelivered } from './types.js';

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

export class Ledger {
  private readonly perPartition: number[];
  private deliveredCount = 0;
  private deliveredBytes = 0;
  private resent = 0;
  private failed = 0;
  private aborted = 0;
  private firstFailure: string | undefined;
  private readonly undeliveredLines = new LineSet();
  private readonly unsentLines = new LineSet();
  /** With a transaction: lines written inside it (undelivered after all if it is aborted). */
  private readonly txnLines = new LineSet();
  private readonly invalidLines = new LineSet();
  private firstInvalid: string | undefined;
  /** The first error of a hook (a report or --failed write that failed): thrown when the run ends. */
  hookError: unknown;
  private readonly held = new Map<number, Undelivered[] | null>();
  private nextSeq = 0;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly topic: string,
    numPartitions: number,
    private readonly hooks: Pick<ProduceHooks, 'reports' | 'undelivered' | 'progress'>,
    private readonly transactional: boolean,
    private readonly t0: number = performance.now(),
  ) {
    this.perPartition = new Array<number>(numPartitions).fill(0);
  }

  get firstFailureReason(): string | undefined {
    return this.firstFailure;
  }

  progress(): void {
    this.hooks.progress?.(this.snapshot());
  }

  snapshot(): ProgressSnapshot {
    return { delivered: this.deliveredCount, failed: this.failed, invalid: this.invalidLines.count, elapsedMs: performance.now() - this.t0 };
  }

  async invalid(line: number, error: string): Promise<void> {
    this.invalidLines.add(line);
    this.firstInvalid ??= error;
    await this.report([{ line, status: 'invalid', partition: null, offset: null, error }]);
  }

  /**
   * Batch `seq` was acknowledged; `res` holds each partition's base offset (none with acks=0); `resent` of its
   * messages may have been written twice (sent again after an unanswered send, without idempotence).
   */
  async delivered(b: Batch, seq: number, res: ReadonlyArray<Pick<RecordMetadata, 'topicName' | 'partition'> & Partial<RecordMetadata>>, resent = 0): Promise<void> {
    this.deliveredCount += b.size;
    this.resent += resent;
    this.deliveredBytes += b.payload;
    for (const [p, g] of b.groups) this.perPartition[p]! += g.lines.length;
    if (this.transactional) for (const l of b.sortedLines()) this.txnLines.add(l);
    // With a transaction every sent message is in --failed until the commit clears it.
    await this.settle(seq, this.transactional && this.hooks.undelivered ? b.undelivered() : null, () => {
      const base = new Map<number, bigint>();
      for (const m of res) if (m.topicName === this.topic && m.baseOffset !== undefined && m.baseOffset !== '-1') base.set(m.partition, BigInt(m.baseOffset));
      const reports: DeliveryReport[] = [];
      for (const [p, g] of b.groups) {
        const o = base.get(p);
        g.lines.forEach((line, i) => reports.push({ line, status: 'delivered', partition: p, offset: o === undefined ? null : (o + BigInt(i)).toString() }));
      }
      return reports;
    });
  }

  /** Batch `seq` failed for good with `why`. */
  async failedBatch(b: Batch, seq: number, why: string): Promise<void> {
    this.failed += b.size;
    this.firstFailure ??= why;
    for (const l of b.sortedLines()) this.undeliveredLines.add(l);
    await this.settle(seq, this.hooks.undelivered ? b.undelivered() : null, () => this.statusReports(b, 'failed', why));
  }

  /** Batch `seq` was read but will not be sent (interrupted, or its transaction is going to be aborted). */
  async unsent(b: Batch, seq: number): Promise<void> {
    for (const l of b.sortedLines()) {
      this.undeliveredLines.add(l);
      this.unsentLines.add(l);
    }
    await this.settle(seq, this.hooks.undelivered ? b.undelivered() : null, () => this.statusReports(b, 'unsent', 'interrupted before it was sent'));
  }

  /** A commit or abort that failed (the transaction is aborted either way). */
  transactionFailed(why: string): void {
    this.firstFailure ??= why;
  }

  /** The transaction was aborted: what it delivered was not. */
  transactionAborted(): void {
    this.aborted = this.deliveredCount;
    this.undeliveredLines.addAll(this.txnLines);
    this.deliveredCount = 0;
    this.deliveredBytes = 0;
    this.perPartition.fill(0);
  }

  /** The transaction was committed: --failed is emptied again. */
  async transactionCommitted(): Promise<void> {
    try {
      await this.writes;
      await this.hooks.undelivered?.clear();
    } catch (h) {
      this.hookError ??= h;
    }
  }

  summary(s: { acks: Acks; stoppedAtLine?: number; transaction?: 'committed' | 'aborted'; interrupted: boolean; inputError?: Error }): ProduceSummary {
    return {
      topic: this.topic,
      partitions: this.perPartition.length,
      acks: s.acks,
      delivered: this.deliveredCount,
      failed: this.failed,
      aborted: this.aborted,
      unsent: this.unsentLines.count,
      invalid: this.invalidLines.count,
      perPartition: this.perPartition.map((messages, partition) => ({ partition, messages })).filter((p) => p.messages > 0),
      bytes: this.deliveredBytes,
      resent: this.resent,
      elapsedMs: performance.now() - this.t0,
      undeliveredLines: this.undeliveredLines.sorted(),
      unsentLines: this.unsentLines.sorted(),
      firstFailure: this.firstFailure,
      invalidLines: this.invalidLines.sorted(),
      firstInvalid: this.firstInvalid,
      stoppedAtLine: s.stoppedAtLine,
      transaction: s.transaction,
      interrupted: s.interrupted,
      inputError: s.inputError,
    };
  }

  private statusReports(b: Batch, status: 'failed' | 'unsent', error: string): DeliveryReport[] {
    const reports: DeliveryReport[] = [];
    for (const [p, g] of b.groups) for (const line of g.lines) reports.push({ line, status, partition: p, offset: null, error });
    return reports;
  }

  /** Batch `seq` settled: its undelivered messages join --failed in line order; then its reports are written. */
  private async settle(seq: number, items: Undelivered[] | null, reports: () => DeliveryReport[]): Promise<void> {
    try {
      this.held.set(seq, items);
      const ready: Undelivered[] = [];
      for (let h; (h = this.held.get(this.nextSeq)) !== undefined; this.nextSeq++) {
        this.held.delete(this.nextSeq);
        if (h) for (const u of h) ready.push(u);
      }
      const sink = this.hooks.undelivered;
      if (sink && ready.length > 0) this.writes = this.writes.then(() => sink.add(ready));
      await this.writes;
      if (this.hooks.reports) await this.report(reports().sort((x, y) => x.line - y.line));
    } catch (h) {
      this.hookError ??= h;
    }
    this.progress();
  }

  private async report(r: DeliveryReport[]): Promise<void> {
    if (this.hooks.reports) await this.hooks.reports(r);
  }
}
