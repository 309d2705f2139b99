import { describe, expect, it } from 'vitest';
import { fromBeyondEndWarning } from '../../src/format/records/tail-notes.js';

const plan = [
  { partition: 0, earliest: '0', highWatermark: '42' },
  { partition: 1, earliest: '5', highWatermark: '17' },
  { partition: 2, earliest: '0', highWatermark: '0' },
];

describe('tail: a numeric --from beyond the end (golden)', () => {
  it('says nothing for offsets inside every partition, or for other --from forms', () => {
    expect(fromBeyondEndWarning('t', { kind: 'offset', offset: 0n }, plan.slice(0, 2))).toBeUndefined();
    expect(fromBeyondEndWarning('t', { kind: 'offset', offset: 17n }, plan.slice(0, 2))).toBeUndefined();
    expect(fromBeyondEndWarning('t', { kind: 'last', count: 1000n }, plan)).toBeUndefined();
    expect(fromBeyondEndWarning('t', { kind: 'time', ms: 1 }, plan)).toBeUndefined();
  });
  it('names the partitions past the end and their high watermarks', () => {
    expect(fromBeyondEndWarning('orders', { kind: 'offset', offset: 20n }, plan)).toBe(
      "kafka-cli: warning: --from 20 is beyond the end of partitions 1, 2 of 'orders' (high watermarks 1:17, 2:0): they start at the end",
    );
    expect(fromBeyondEndWarning('orders', { kind: 'offset', offset: 1n }, plan.slice(2))).toBe(
      "kafka-cli: warning: --from 1 is beyond the end of every partition of 'orders' (high watermark 2:0): it starts at the end",
    );
  });
  it('suggests @<n> when the number looks like epoch milliseconds (or seconds)', () => {
    expect(fromBeyondEndWarning('orders', { kind: 'offset', offset: 1763632800000n }, plan)).toBe(
      "kafka-cli: warning: --from 1763632800000 is beyond the end of every partition of 'orders' (high watermarks 0:42, 1:17, 2:0): they start at the end; 1763632800000 looks like epoch milliseconds (2025-11-20T10:00:00.000Z): for a time, use --from @1763632800000",
    );
    expect(fromBeyondEndWarning('orders', { kind: 'offset', offset: 1763632800n }, plan)).toMatch(/looks like epoch seconds \(2025-11-20T10:00:00\.000Z\): for a time, use --from @1763632800000$/);
  });
});

describe('tail: the one-time waiting note on a terminal (golden)', async () => {
  const { waitingNote, caughtUpNote, CatchUp } = await import('../../src/format/records/tail-notes.js');
  const at = (partition: number, earliest: string, hw: string, start = hw) => ({ partition, earliest, highWatermark: hw, start });
  it('starting at the end of every partition: topic, partitions, how many are there, how to read them', () => {
    expect(waitingNote('orders', [at(0, '0', '40'), at(1, '5', '7'), at(2, '0', '0')])).toBe(
      "kafka-cli: waiting for new messages in 'orders' (partitions 0-2; 42 messages already there: --from beginning reads them, -n 10 the last 10 of each partition; Ctrl-C to stop)",
    );
    expect(waitingNote('t', [at(0, '0', '1')])).toBe("kafka-cli: waiting for new messages in 't' (partition 0; 1 message already there: --from beginning reads them, -n 10 the last 10 of each partition; Ctrl-C to stop)");
    expect(waitingNote('t', [at(0, '0', '0'), at(3, '0', '0')])).toBe("kafka-cli: waiting for new messages in 't' (partitions 0, 3; none there yet; Ctrl-C to stop)");
  });
  it('nothing at start when there is something to read first; then once, when it is read', () => {
    const plan = [at(0, '0', '3', '0'), at(1, '0', '0'), at(2, '0', '2', '1')];
    expect(waitingNote('t', plan)).toBeUndefined();
    const c = new CatchUp(plan);
    expect(c.seen(0, '1')).toBe(false);
    expect(c.seen(2, '1')).toBe(false);
    expect(c.seen(0, '2')).toBe(true);
    expect(c.seen(0, '5')).toBe(false);
    expect(caughtUpNote('t')).toBe("kafka-cli: read to the end of 't'; waiting for new messages (Ctrl-C to stop)");
  });
});
