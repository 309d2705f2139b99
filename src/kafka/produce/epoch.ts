/**
 * Idempotent produce across a lost producer state. A broker answers UNKNOWN_PRODUCER_ID (it dropped the
 * producer's state: records deleted or expired, producer.id.expiration.ms) or INVALID_PRODUCER_EPOCH: the batch
 * was refused, and every later one would be. As Kafka's Java producer does for an idempotent producer (KIP-360,
 * TransactionManager: bump the epoch and renumber the in-flight batches from sequence 0), kafka-cli asks for a
 * producer id again (InitProducerId with the old id and epoch; without a transactional id the broker hands out a
 * new id) and renumbers every batch not acknowledged yet, per partition in sending order, from 0.
 *
 * Nothing is lost: a refused batch is sent again under the new id. Nothing is doubled silently: a batch sent
 * under the old id that got no answer (it may be in the log) and then sent under the new one can be in the
 * partition twice, and is counted in the summary's `resent`. Renumbered batches of a partition go one after
 * the other (each after the one before it was acknowledged or settled), and the partition's new batches after
 * them, so the broker sees the new id's sequences in order.
 */
import { KafkaError } from '../../core/errors.js';
import type { ProducerIdAnswer } from './producer-id.js';
import { PartitionState, type ProducerIdentity, type Sequences } from './sequences.js';

const sameIdentity = (a: ProducerIdentity, b: ProducerIdentity) => a.id === b.id && a.epoch === b.epoch;

export class ProducerEpochs {
  /** Each partition's batches not settled yet, in sequence order. */
  private readonly live = new Map<number, PartitionState[]>();
  /** Per partition: resolves when the batches renumbered at the last new id were acknowledged or settled. */
  private readonly barrier = new Map<number, Promise<void>>();
  private bumping: Promise<void> | undefined;
  private failure: string | undefined;
  /** How many times a new producer id was taken. */
  renewals = 0;

  constructor(
    private readonly sequences: Sequences,
    private readonly renew: (current: ProducerIdentity) => Promise<ProducerIdAnswer>,
    private readonly warning?: (message: string) => void,
  ) {}

  private list(p: number): PartitionState[] {
    let l = this.live.get(p);
    if (!l) this.live.set(p, (l = []));
    return l;
  }

  /** The state of a new batch's `records` records for partition `p`, numbered next. */
  open(p: number, records: number): PartitionState {
    const s = new PartitionState(records, { ...this.sequences.producer, sequence: this.sequences.take(p, records) });
    s.gate = this.barrier.get(p);
    this.list(p).push(s);
    return s;
  }

  /** The batch settled (delivered or failed for good): its states leave the partitions' lists. */
  close(states: ReadonlyMap<number, PartitionState>): void {
    for (const [p, s] of states) {
      const l = this.list(p);
      l.splice(l.indexOf(s), 1);
      s.settle();
    }
  }

  /**
   * A batch that failed for good on a partition whose broker refused it (surely not written): the partition's
   * later batches take its sequence numbers, as Java's producer adjusts them, so they are not refused as out of
   * order. A batch that may have been written (no answer) moves nothing: the later ones then fail, reported.
   */
  giveBackRefused(states: ReadonlyMap<number, PartitionState>): void {
    for (const [p, s] of states) {
      if (!s.refused || !s.producer) continue;
      const l = this.list(p);
      const later = l.slice(l.indexOf(s) + 1);
      if (later.some((t) => t.acknowledged)) continue;
      for (const t of later) t.moveBack(s.records);
      this.sequences.giveBack(p, s.records);
    }
  }

  /**
   * Before each send of a batch: waits for a new producer id being taken and for the partition's earlier
   * renumbered batches, then its states take on their new numbering. Throws when no new producer id was had.
   */
  async ready(states: ReadonlyMap<number, PartitionState>): Promise<void> {
    for (;;) {
      if (this.bumping) {
        await this.bumping.catch(() => {});
        continue;
      }
      if (this.failure) throw new KafkaError(this.failure);
      const waiting = [...states.values()].filter((s) => !s.acknowledged && s.gate);
      if (waiting.length === 0) break;
      await Promise.all(
        waiting.map(async (s) => {
          const g = s.gate;
          await g;
          if (s.gate === g) s.gate = undefined;
        }),
      );
    }
    for (const s of states.values()) s.adopt();
  }

  /**
   * After a failed send: when a broker said it lost the producer (UNKNOWN_PRODUCER_ID, INVALID_PRODUCER_EPOCH)
   * under the current producer id, takes a new one (once, however many batches saw it). True when the send
   * should be tried again (under the new id).
   */
  async recover(states: ReadonlyMap<number, PartitionState>): Promise<boolean> {
    const lost = [...states].find(([, s]) => s.producerLost && s.producer);
    if (!lost) return false;
    const [partition, s] = lost;
    if (sameIdentity(s.producer!, this.sequences.producer)) this.bumping ??= this.bump(partition, s.lastErrorCode!).finally(() => (this.bumping = undefined));
    await this.bumping;
    if (this.failure) throw new KafkaError(this.failure);
    return true;
  }

  private async bump(partition: number, code: number): Promise<void> {
    const from = this.sequences.producer;
    const what = code === 59 ? 'UNKNOWN_PRODUCER_ID' : 'INVALID_PRODUCER_EPOCH';
    let answer: ProducerIdAnswer;
    try {
      answer = await this.renew(from);
    } catch (e) {
      answer = { ok: false, reason: (e as Error).message };
    }
    if (!answer.ok) {
      this.failure = `the broker lost this producer's state (${what} for partition ${partition}) and a new producer id was refused: ${answer.reason}`;
      return;
    }
    this.renewals++;
    this.sequences.rebase(answer.producer);
    for (const [p, l] of this.live) {
      let before: PartitionState | undefined;
      const renumbered: Promise<void>[] = [];
      for (const t of l) {
        if (t.acknowledged) continue;
        t.renumber({ ...answer.producer, sequence: this.sequences.take(p, t.records) }, before?.done);
        renumbered.push(t.done);
        before = t;
      }
      if (renumbered.length) this.barrier.set(p, Promise.all(renumbered).then(() => {}));
    }
    this.warning?.(`the broker lost this producer's state (${what} for partition ${partition}): sending on with a new producer id; a batch whose earlier send got no answer may be written twice (the summary counts it)`);
  }
}
