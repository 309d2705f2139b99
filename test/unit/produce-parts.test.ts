/** The parts of produce, each on its own: batcher (partitioning, limits), sender (retries), ledger (accounting), transaction. */
import { describe, expect, it } from 'vitest';
import { Batcher } from '../../src/kafka/produce/batcher.js';
import { Ledger } from '../../src/kafka/produce/ledger.js';
import { isTransientSendError, Sender } from '../../src/kafka/produce/sender.js';
import { finishTransaction } from '../../src/kafka/produce/transaction.js';
import { partitionForKey } from '../../src/kafka/produce/murmur2.js';
import type { DeliveryReport, Undelivered } from '../../src/kafka/produce/types.js';
import type { OutgoingRecord } from '../../src/core/records.js';

const rec = (key: string | null, value = 'v', partition?: number): OutgoingRecord => ({ key: key === null ? null : Buffer.from(key), value: Buffer.from(value), headers: [], partition });

describe('produce batcher', () => {
  // 'order-1' hashes to partition 4 (of 6): null keys start elsewhere.
  const opts = { topic: 't', numPartitions: 6, maxBytes: 1_000_000, batchSize: 3, firstNullKeyPartition: 0 };

  it('keys go where Java clients put them (murmur2); -p/envelope partitions are kept; null keys stick to one partition per batch', () => {
    const b = new Batcher(opts);
    expect(b.add(1, rec('order-1')).kind).toBe('added');
    expect(b.add(2, rec(null, 'x', 2)).kind).toBe('added');
    expect(b.add(3, rec(null)).kind).toBe('added');
    const batch = b.take();
    expect(batch.groups.get(partitionForKey(Buffer.from('order-1'), 6))!.lines).toContain(1);
    expect(batch.groups.get(2)!.lines).toContain(2);
    expect(partitionForKey(Buffer.from('order-1'), 6)).toBe(4);
    expect(batch.groups.get(0)!.lines).toEqual([3]);
    // The next batch's null keys move on to the next partition.
    b.add(4, rec(null));
    b.add(5, rec(null));
    expect([...b.take().groups.entries()].map(([p, g]) => [p, g.lines])).toEqual([[1, [4, 5]]]);
  });

  it('a full batch must be taken first: --batch-size messages, or a partition that would pass max.message.bytes', () => {
    const b = new Batcher(opts);
    for (let l = 1; l <= 3; l++) expect(b.add(l, rec('k')).kind).toBe('added');
    expect(b.full).toBe(true);
    expect(b.add(4, rec('k')).kind).toBe('full');
    expect(b.take().sortedLines()).toEqual([1, 2, 3]);
    expect(b.add(4, rec('k')).kind).toBe('added');

    const small = new Batcher({ ...opts, maxBytes: 400, batchSize: 100 });
    expect(small.add(1, rec('k', 'x'.repeat(200))).kind).toBe('added');
    expect(small.add(2, rec('k', 'x'.repeat(200))).kind).toBe('full');
  });

  it('a partition the topic lacks or a message larger than the topic accepts is invalid, naming the line', () => {
    const b = new Batcher({ ...opts, maxBytes: 400 });
    expect(b.add(7, rec('k', 'v', 6))).toEqual({ kind: 'invalid', error: "line 7: partition 6 does not exist (topic 't' has partitions 0-5)" });
    expect(b.add(8, rec('k', 'x'.repeat(400)))).toEqual({ kind: 'invalid', error: "line 8: message of 401 bytes is larger than topic 't' accepts (max.message.bytes=400)" });
    expect(b.batch.size).toBe(0);
  });
});

describe('produce sender', () => {
  const transient = Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError', retriable: true });
  const final = Object.assign(new Error('INVALID_TIMESTAMP'), { name: 'KafkaJSProtocolError', retriable: false });

  function fakeClock() {
    let now = 0;
    return { now: () => now, sleep: async (ms: number) => void (now += ms) };
  }

  it('sends again while the failure is transient, warns once per outage and once when it recovers', async () => {
    const warnings: string[] = [];
    const clock = fakeClock();
    const s = new Sender({ deliveryTimeoutMs: 30_000, describe: (e) => (e as Error).message, warning: (m) => warnings.push(m), signal: new AbortController().signal, ...clock });
    let calls = 0;
    const res = await s.send(async () => {
      if (++calls < 4) throw transient;
      return 'ok';
    });
    expect(res).toBe('ok');
    expect(calls).toBe(4);
    expect(warnings).toEqual(['send failed (Connection error); sending again for up to 30 s (--delivery-timeout)', 'sending again succeeded; continuing']);
  });

  it('gives up after --delivery-timeout; every later request then fails at once with the same reason', async () => {
    const clock = fakeClock();
    const s = new Sender({ deliveryTimeoutMs: 3000, describe: (e) => (e as Error).message, signal: new AbortController().signal, ...clock });
    await expect(s.send(async () => Promise.reject(transient))).rejects.toThrow(/^Connection error \(still failing after 3 s of retries, --delivery-timeout 3s\)$/);
    let called = false;
    await expect(s.send(async () => void (called = true))).rejects.toThrow(/still failing after/);
    expect(called).toBe(false);
  });

  it('a final error, --delivery-timeout 0 or an interrupt: no second attempt', async () => {
    for (const [o, err] of [[{ deliveryTimeoutMs: 30_000 }, final], [{ deliveryTimeoutMs: 0 }, transient]] as const) {
      let calls = 0;
      const s = new Sender({ ...o, describe: String, signal: new AbortController().signal, ...fakeClock() });
      await expect(s.send(async () => (calls++, Promise.reject(err)))).rejects.toBe(err);
      expect(calls).toBe(1);
    }
    const ac = new AbortController();
    ac.abort();
    let calls = 0;
    const s = new Sender({ deliveryTimeoutMs: 30_000, describe: String, signal: ac.signal, ...fakeClock() });
    await expect(s.send(async () => (calls++, Promise.reject(transient)))).rejects.toBe(transient);
    expect(calls).toBe(1);
  });

  it('what counts is the error under kafkajs wrappers', () => {
    expect(isTransientSendError({ name: 'KafkaJSNumberOfRetriesExceeded', cause: transient })).toBe(true);
    expect(isTransientSendError({ name: 'KafkaJSNonRetriableError', cause: final })).toBe(false);
    expect(isTransientSendError(new Error('plain'))).toBe(false);
  });
});

describe('produce ledger', () => {
  function batchOf(b: Batcher, lines: number[]) {
    for (const l of lines) b.add(l, rec(`k${l}`, String(l)));
    return b.take();
  }

  it('--failed is written in input-line order however batches settle; delivered + failed + unsent = lines read', async () => {
    const written: number[] = [];
    const reports: DeliveryReport[] = [];
    const ledger = new Ledger('t', 3, { undelivered: { add: (u: Undelivered[]) => void written.push(...u.map((x) => x.line)), clear: () => {} }, reports: (r) => void reports.push(...r) }, false);
    const b = new Batcher({ topic: 't', numPartitions: 3, maxBytes: 1_000_000, batchSize: 10 });
    const [b0, b1, b2, b3] = [batchOf(b, [1, 2]), batchOf(b, [3, 4]), batchOf(b, [5, 6]), batchOf(b, [7])];
    // Settled out of order: 2 fails first, then 1 fails, 3 is unsent, 0 is delivered last.
    await ledger.failedBatch(b2!, 2, 'boom');
    expect(written).toEqual([]);
    await ledger.failedBatch(b1!, 1, 'boom');
    await ledger.unsent(b3!, 3);
    expect(written).toEqual([]);
    await ledger.delivered(b0!, 0, []);
    expect(written).toEqual([3, 4, 5, 6, 7]);
    const s = ledger.summary({ acks: 'all', interrupted: true });
    expect([s.delivered, s.failed, s.unsent]).toEqual([2, 4, 1]);
    expect(s.undeliveredLines).toEqual([[3, 7]]);
    expect(s.unsentLines).toEqual([[7, 7]]);
    expect(s.firstFailure).toBe('boom');
    expect(reports.map((r) => `${r.line}:${r.status}`).sort()).toEqual(['1:delivered', '2:delivered', '3:failed', '4:failed', '5:failed', '6:failed', '7:unsent']);
  });

  it('an aborted transaction: what it delivered counts as aborted and undelivered', async () => {
    const ledger = new Ledger('t', 3, {}, true);
    const b = new Batcher({ topic: 't', numPartitions: 3, maxBytes: 1_000_000, batchSize: 10 });
    await ledger.delivered(batchOf(b, [1, 2, 3]), 0, []);
    ledger.transactionAborted();
    const s = ledger.summary({ acks: 'all', interrupted: false, transaction: 'aborted' });
    expect([s.delivered, s.aborted, s.bytes, s.perPartition]).toEqual([0, 3, 0, []]);
    expect(s.undeliveredLines).toEqual([[1, 3]]);
  });

  it('delivery reports carry each message offset from its partition base offset (exact int64)', async () => {
    const reports: DeliveryReport[] = [];
    const ledger = new Ledger('t', 1, { reports: (r) => void reports.push(...r) }, false);
    const b = new Batcher({ topic: 't', numPartitions: 1, maxBytes: 1_000_000, batchSize: 10 });
    await ledger.delivered(batchOf(b, [1, 2]), 0, [{ topicName: 't', partition: 0, errorCode: 0, baseOffset: '9007199254740993' }]);
    expect(reports.map((r) => r.offset)).toEqual(['9007199254740993', '9007199254740994']);
  });
});

describe('produce transaction', () => {
  it('commit, abort, and a failed commit that is aborted', async () => {
    const calls: string[] = [];
    const t = (fail?: 'commit') => ({
      commit: async () => {
        calls.push('commit');
        if (fail === 'commit') throw new Error('fenced');
      },
      abort: async () => void calls.push('abort'),
    });
    expect(await finishTransaction(t(), true, String)).toEqual({ state: 'committed' });
    expect(await finishTransaction(t(), false, String)).toEqual({ state: 'aborted' });
    expect(await finishTransaction(t('commit'), true, (e) => (e as Error).message)).toEqual({ state: 'aborted', failure: 'commit failed: fenced' });
    expect(calls).toEqual(['commit', 'abort', 'commit', 'abort']);
  });
});
