import { describe, expect, it } from 'vitest';
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
