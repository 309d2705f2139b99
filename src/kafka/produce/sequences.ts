/**
 * Idempotent produce, the bookkeeping (pure): each partition's record batches are numbered with Kafka's
 * sequence numbers when a batch is sent for the first time, and every later send of it (kafkajs's retries, ours)
 * carries the same producer id, epoch and sequence, so the broker writes it once and answers a repeat with the
 * offset it already has. Per batch and partition, a PartitionState tracks whether the partition was
 * acknowledged (so a re-send carries only the partitions still unacknowledged) and whether it was sent again
 * while an earlier send of it may have been written (without idempotence: a possible duplicate, counted).
 */
import type { PartitionDelivery } from '../protocol/produce.js';

/** Kafka's DUPLICATE_SEQUENCE_NUMBER: the broker has that batch already (older than the 5 it caches). */
const DUPLICATE_SEQUENCE_NUMBER = 46;
/**
 * INVALID_PRODUCER_EPOCH (47) and UNKNOWN_PRODUCER_ID (59): the broker refused the batch (not written) because
 * it no longer knows this producer id and epoch as current. Sent again under a new producer id (epoch.ts).
 */
export const PRODUCER_LOST = new Set([47, 59]);
const INT32_MAX = 2 ** 31 - 1;

/** The sequence after `count` records from `sequence`: int32, wrapping to 0 past 2^31-1 as Kafka's DefaultRecordBatch.incrementSequence. */
export function nextSequence(sequence: number, count: number): number {
  return sequence > INT32_MAX - count ? count - (INT32_MAX - sequence) - 1 : sequence + count;
}

export interface ProducerIdentity {
  id: bigint;
  epoch: number;
}

/** Next first-sequence per partition of one producer id and epoch (all start at 0). */
export class Sequences {
  private readonly next = new Map<number, number>();
  constructor(private current: ProducerIdentity) {}
  get producer(): ProducerIdentity {
    return this.current;
  }
  /** A new producer id or epoch (the broker lost the old one's state): every partition numbers from 0 again. */
  rebase(producer: ProducerIdentity): void {
    this.current = producer;
    this.next.clear();
  }
  /** The first sequence of a batch of `count` records to `partition`; the partition's counter moves past it. */
  take(partition: number, count: number): number {
    const first = this.next.get(partition) ?? 0;
    this.next.set(partition, nextSequence(first, count));
    return first;
  }
  /** A batch of `count` records that the broker refused (never written): the partition's counter moves back past it. */
  giveBack(partition: number, count: number): void {
    this.next.set(partition, previousSequence(this.next.get(partition) ?? 0, count));
  }
}

/** The sequence `count` records before `sequence` (int32, wrapping as nextSequence does). */
export function previousSequence(sequence: number, count: number): number {
  const m = INT32_MAX + 1;
  return (((sequence - count) % m) + m) % m;
}

/**
 * Answers after which the broker has surely not written the batch. REQUEST_TIMED_OUT (7) and
 * NOT_ENOUGH_REPLICAS_AFTER_APPEND (20) come after the leader appended it; DUPLICATE_SEQUENCE_NUMBER (46) means written.
 */
const WRITTEN_OR_MAYBE = new Set([0, 7, 20, DUPLICATE_SEQUENCE_NUMBER]);

type Numbered = { id: bigint; epoch: number; sequence: number };
const identityKey = (p: Numbered | undefined): string => (p ? `${p.id}/${p.epoch}` : '');

/** One partition's records of one batch, across all its sends. */
export class PartitionState implements PartitionDelivery {
  acknowledged = false;
  /** From the acknowledgement; "-1"/undefined when the broker gave none (a duplicate, acks=0). */
  baseOffset: string | undefined;
  /** Sends whose request got no answer (connection closed, timed out): they may have been written. */
  private unanswered = 0;
  /** Sent again while an earlier send may have been written. */
  sentAgainUnanswered = false;
  /** The broker's last answer for this partition (undefined before the first). */
  lastErrorCode: number | undefined;
  /** Some send of it got no answer: it may have been written. */
  private everUnanswered = false;
  /** The producer identities (id/epoch) under which some send got no answer. */
  private readonly unansweredUnder = new Set<string>();
  private lastSentUnder: string | undefined;
  /** Sent under a new producer identity while a send under an earlier one may have been written: the broker cannot drop the repeat. */
  private sentAcrossIdentities = false;
  private numbering: Numbered | undefined;
  /** Renumbered under a new producer identity: taken on at the start of the next send (see adopt). */
  private pending: Numbered | undefined;
  /** Not to be sent under its (new) numbering before this resolves: the partition's earlier batches went first. */
  gate: Promise<void> | undefined;
  private finish!: () => void;
  /** Resolves when it is acknowledged or its batch settled. */
  readonly done = new Promise<void>((resolve) => (this.finish = resolve));
  constructor(
    readonly records: number,
    /** Its sequence moves back when an earlier batch of the partition was refused (see `refused`). */
    producer?: Numbered,
  ) {
    this.numbering = producer;
  }

  /** The producer id, epoch and first sequence its sends carry now. */
  get producer(): Numbered | undefined {
    return this.numbering;
  }

  /** Its numbering under a new producer identity, taken on by adopt() before its next send (not during one: kafkajs's own retries keep the numbering they started with). */
  renumber(producer: Numbered, gate: Promise<void> | undefined): void {
    this.pending = producer;
    this.gate = gate;
  }

  adopt(): void {
    if (this.pending) this.numbering = this.pending;
    this.pending = undefined;
  }

  /** The numbering the next send will carry. */
  get upcoming(): Numbered | undefined {
    return this.pending ?? this.numbering;
  }

  /** An earlier batch of the partition was refused: this one's sequence takes its place. */
  moveBack(count: number): void {
    const n = this.upcoming;
    if (n) n.sequence = previousSequence(n.sequence, count);
  }

  /** Its batch settled (delivered or failed). */
  settle(): void {
    this.finish();
  }

  sent(): void {
    if (this.unanswered > 0) {
      this.sentAgainUnanswered = true;
      this.everUnanswered = true;
      this.unansweredUnder.add(this.lastSentUnder ?? '');
    }
    const key = identityKey(this.numbering);
    for (const k of this.unansweredUnder) if (k !== key) this.sentAcrossIdentities = true;
    this.lastSentUnder = key;
    this.unanswered++;
  }

  answered(errorCode: number, baseOffset: string): void {
    this.unanswered = 0;
    this.lastErrorCode = errorCode;
    if (errorCode === 0 || (errorCode === DUPLICATE_SEQUENCE_NUMBER && this.numbering)) {
      this.acknowledged = true;
      this.baseOffset = baseOffset === '-1' ? undefined : baseOffset;
      this.finish();
    }
  }

  /**
   * The broker answered every send of it, last with an error that refuses the batch: it is surely not in the
   * partition, so the batches after it must take its sequence numbers (or the broker refuses them as out of order).
   */
  get refused(): boolean {
    return !this.acknowledged && this.unanswered === 0 && !this.everUnanswered && this.lastErrorCode !== undefined && !WRITTEN_OR_MAYBE.has(this.lastErrorCode);
  }

  /** The broker's last answer says it no longer knows the producer identity this was last sent with. */
  get producerLost(): boolean {
    return !this.acknowledged && this.lastErrorCode !== undefined && PRODUCER_LOST.has(this.lastErrorCode);
  }

  /**
   * Records that may be in the partition twice: sent again after an unanswered send, without idempotence to drop
   * the repeat, or (idempotent) under a new producer identity after a send under an earlier one got no answer.
   */
  get mayBeTwice(): boolean {
    return this.numbering ? this.sentAcrossIdentities : this.sentAgainUnanswered;
  }
}

/** The partitions of a batch still to be acknowledged, ascending. */
export function unacknowledged(states: ReadonlyMap<number, PartitionState>): number[] {
  const out: number[] = [];
  for (const [p, s] of states) if (!s.acknowledged) out.push(p);
  return out.sort((a, b) => a - b);
}
