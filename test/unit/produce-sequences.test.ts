import { describe, expect, it } from 'vitest';
import { ProducerEpochs } from '../../src/kafka/produce/epoch.js';
import type { ProducerIdAnswer } from '../../src/kafka/produce/producer-id.js';
import { nextSequence, PartitionState, previousSequence, Sequences, unacknowledged } from '../../src/kafka/produce/sequences.js';

describe('idempotent produce: sequence bookkeeping', () => {
  it('sequences are int32 and wrap to 0 past 2^31-1, as Kafka does', () => {
    expect(nextSequence(0, 10)).toBe(10);
    expect(nextSequence(2 ** 31 - 11, 10)).toBe(2 ** 31 - 1);
    expect(nextSequence(2 ** 31 - 10, 10)).toBe(0);
    expect(nextSequence(2 ** 31 - 1, 1)).toBe(0);
    expect(nextSequence(2 ** 31 - 1, 5)).toBe(4);
  });

  it('each partition numbers its batches from 0, independently', () => {
    const s = new Sequences({ id: 7n, epoch: 0 });
    expect(s.take(0, 100)).toBe(0);
    expect(s.take(1, 3)).toBe(0);
    expect(s.take(0, 50)).toBe(100);
    expect(s.take(1, 1)).toBe(3);
    expect(s.take(0, 1)).toBe(150);
  });

  it('a partition is acknowledged by success or, with a producer id, by DUPLICATE_SEQUENCE_NUMBER; others stay to be sent again', () => {
    const withId = new PartitionState(10, { id: 1n, epoch: 0, sequence: 0 });
    const without = new PartitionState(10);
    withId.sent();
    without.sent();
    withId.answered(46, '-1');
    without.answered(46, '-1');
    expect(withId.acknowledged).toBe(true);
    expect(without.acknowledged).toBe(false);
    const failed = new PartitionState(5);
    failed.sent();
    failed.answered(6, '-1'); // NOT_LEADER_OR_FOLLOWER
    const ok = new PartitionState(5);
    ok.sent();
    ok.answered(0, '42');
    expect(ok.baseOffset).toBe('42');
    expect(unacknowledged(new Map([[3, failed], [1, ok], [0, without], [2, withId]]))).toEqual([0, 3]);
  });

  it('a re-send after an unanswered send may be a duplicate only without idempotence', () => {
    const plain = new PartitionState(10);
    plain.sent();
    plain.sent(); // the first got no answer (connection closed): it may have been written
    plain.answered(0, '0');
    expect(plain.mayBeTwice).toBe(true);
    const idem = new PartitionState(10, { id: 1n, epoch: 0, sequence: 0 });
    idem.sent();
    idem.sent();
    idem.answered(0, '0');
    expect(idem.mayBeTwice).toBe(false);
    const answeredFirst = new PartitionState(10);
    answeredFirst.sent();
    answeredFirst.answered(6, '-1'); // answered with an error: not written
    answeredFirst.sent();
    answeredFirst.answered(0, '5');
    expect(answeredFirst.mayBeTwice).toBe(false);
  });
});

describe('idempotent produce: a refused batch gives its sequence numbers back', () => {
  it('refused only when every send was answered and the last answer refuses the batch', () => {
    const s = new PartitionState(3, { id: 1n, epoch: 0, sequence: 10 });
    s.sent();
    s.answered(32, '-1'); // INVALID_TIMESTAMP
    expect(s.refused).toBe(true);
    const appended = new PartitionState(3, { id: 1n, epoch: 0, sequence: 10 });
    appended.sent();
    appended.answered(20, '-1'); // NOT_ENOUGH_REPLICAS_AFTER_APPEND: the leader wrote it
    expect(appended.refused).toBe(false);
    const unknown = new PartitionState(3, { id: 1n, epoch: 0, sequence: 10 });
    unknown.sent();
    unknown.sent(); // the first send got no answer: it may be in the log
    unknown.answered(32, '-1');
    expect(unknown.refused).toBe(false);
    const noAnswer = new PartitionState(3, { id: 1n, epoch: 0, sequence: 10 });
    noAnswer.sent();
    expect(noAnswer.refused).toBe(false);
  });

  it('the counter moves back past a refused batch, wrapping like the way forward', () => {
    const s = new Sequences({ id: 1n, epoch: 0 });
    s.take(0, 5);
    s.take(0, 3);
    s.giveBack(0, 3);
    expect(s.take(0, 1)).toBe(5);
    expect(previousSequence(2, 5)).toBe(2 ** 31 - 3);
    expect(previousSequence(nextSequence(2 ** 31 - 2, 7), 7)).toBe(2 ** 31 - 2);
  });
});

describe('idempotent produce: a lost producer state (UNKNOWN_PRODUCER_ID, INVALID_PRODUCER_EPOCH)', () => {
  const A = { id: 7n, epoch: 0 };
  const B = { id: 8n, epoch: 0 };
  /** A renewal that hands out `next` and records what it was asked with. */
  const renewal = (next: ProducerIdAnswer) => {
    const asked: Array<{ id: bigint; epoch: number }> = [];
    return { asked, renew: async (current: { id: bigint; epoch: number }) => (asked.push(current), next) };
  };
  const settledWithin = async (p: Promise<unknown>) => {
    let done = false;
    void p.then(() => (done = true), () => (done = true));
    for (let i = 0; i < 20; i++) await Promise.resolve();
    return done;
  };

  it('a new identity numbers every partition from 0 again', () => {
    const s = new Sequences(A);
    s.take(0, 5);
    s.take(1, 2);
    s.rebase(B);
    expect(s.producer).toEqual(B);
    expect(s.take(0, 1)).toBe(0);
    expect(s.take(1, 1)).toBe(0);
  });

  it('sent again under a new identity after a send under the old one got no answer: may be twice; after a refusal: not', () => {
    const unknown = new PartitionState(10, { ...A, sequence: 0 });
    unknown.sent();
    unknown.sent(); // the first send got no answer: it may be in the log under A
    unknown.answered(59, '-1');
    unknown.renumber({ ...B, sequence: 0 }, undefined);
    expect(unknown.producer).toMatchObject(A); // taken on only at the next send
    unknown.adopt();
    expect(unknown.producer).toEqual({ ...B, sequence: 0 });
    unknown.sent();
    unknown.answered(0, '40');
    expect(unknown.mayBeTwice).toBe(true);

    const refused = new PartitionState(10, { ...A, sequence: 0 });
    refused.sent();
    refused.answered(59, '-1'); // answered: refused, not written
    expect(refused.producerLost).toBe(true);
    refused.renumber({ ...B, sequence: 0 }, undefined);
    refused.adopt();
    refused.sent();
    refused.answered(0, '40');
    expect(refused.mayBeTwice).toBe(false);

    // Unanswered and sent again under the same identity: the broker drops the repeat.
    const same = new PartitionState(10, { ...A, sequence: 0 });
    same.sent();
    same.sent();
    same.answered(0, '1');
    expect(same.mayBeTwice).toBe(false);
  });

  it('one new producer id however many batches saw the loss; unacknowledged batches renumbered from 0 in order, acknowledged ones left', async () => {
    const { asked, renew } = renewal({ ok: true, producer: B });
    const warnings: string[] = [];
    const e = new ProducerEpochs(new Sequences(A), renew, (m) => warnings.push(m));
    const [a0, a1, a2] = [e.open(0, 10), e.open(0, 4), e.open(0, 3)];
    const b0 = e.open(1, 5);
    expect([a0, a1, a2, b0].map((s) => s.producer!.sequence)).toEqual([0, 10, 14, 0]);
    for (const s of [a0, a1, a2, b0]) s.sent();
    a1.answered(0, '100'); // acknowledged under A before the loss: not sent again
    a0.answered(59, '-1');
    a2.answered(59, '-1');
    const first = e.recover(new Map([[0, a0]]));
    const second = e.recover(new Map([[0, a2]]));
    await Promise.all([first, second]);
    expect(asked).toEqual([A]);
    expect(e.renewals).toBe(1);
    expect(warnings).toEqual([expect.stringMatching(/^the broker lost this producer's state \(UNKNOWN_PRODUCER_ID for partition 0\): sending on with a new producer id/)]);
    expect([a0, a2, b0].map((s) => s.upcoming)).toEqual([{ ...B, sequence: 0 }, { ...B, sequence: 10 }, { ...B, sequence: 0 }]);
    expect(a1.upcoming).toEqual({ ...A, sequence: 10 });
    // A batch opened after the renewal comes after the renumbered ones.
    const a3 = e.open(0, 2);
    expect(a3.producer).toEqual({ ...B, sequence: 13 });
    // A loss seen again on a send under the old identity asks for no further id.
    a2.answered(47, '-1');
    await e.recover(new Map([[0, a2]]));
    expect(asked).toEqual([A]);
  });

  it('renumbered batches of a partition go one after the other, and the new ones after them', async () => {
    const e = new ProducerEpochs(new Sequences(A), renewal({ ok: true, producer: B }).renew);
    const [a0, a1] = [e.open(0, 1), e.open(0, 1)];
    a0.sent();
    a1.sent();
    a0.answered(59, '-1');
    a1.answered(45, '-1');
    await e.recover(new Map([[0, a0]]));
    const a2 = e.open(0, 1);
    expect(await settledWithin(e.ready(new Map([[0, a0]])))).toBe(true);
    expect(a0.producer).toEqual({ ...B, sequence: 0 });
    const second = e.ready(new Map([[0, a1]]));
    const third = e.ready(new Map([[0, a2]]));
    expect(await settledWithin(second)).toBe(false);
    expect(await settledWithin(third)).toBe(false);
    expect(a1.producer).toMatchObject(A);
    a0.sent();
    a0.answered(0, '5');
    expect(await settledWithin(second)).toBe(true);
    expect(a1.producer).toEqual({ ...B, sequence: 1 });
    expect(await settledWithin(third)).toBe(false);
    e.close(new Map([[0, a1]])); // its batch settled (failed, say): the next goes
    expect(await settledWithin(third)).toBe(true);
    expect(a2.producer).toEqual({ ...B, sequence: 2 });
  });

  it('a refused new producer id fails the batch, and every later one, with one line', async () => {
    const e = new ProducerEpochs(new Sequences(A), renewal({ ok: false, reason: 'the broker refused a producer id (CLUSTER_AUTHORIZATION_FAILED)' }).renew);
    const s = e.open(3, 1);
    s.sent();
    s.answered(59, '-1');
    const why = "the broker lost this producer's state (UNKNOWN_PRODUCER_ID for partition 3) and a new producer id was refused: the broker refused a producer id (CLUSTER_AUTHORIZATION_FAILED)";
    await expect(e.recover(new Map([[3, s]]))).rejects.toThrow(why);
    await expect(e.ready(new Map([[0, e.open(0, 1)]]))).rejects.toThrow(why);
  });

  it('a refused batch after a renewal gives back its new sequence numbers', async () => {
    const seq = new Sequences(A);
    const e = new ProducerEpochs(seq, renewal({ ok: true, producer: B }).renew);
    const [a0, a1] = [e.open(0, 4), e.open(0, 2)];
    a0.sent();
    a0.answered(59, '-1');
    await e.recover(new Map([[0, a0]]));
    await e.ready(new Map([[0, a0]]));
    a0.sent();
    a0.answered(32, '-1'); // INVALID_TIMESTAMP: refused for good
    e.giveBackRefused(new Map([[0, a0]]));
    e.close(new Map([[0, a0]]));
    expect(a1.upcoming).toEqual({ ...B, sequence: 0 });
    expect(seq.take(0, 1)).toBe(2);
  });
});
