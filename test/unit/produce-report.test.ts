import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { formatLineRanges, produceOutcome, renderDeliveryReports, renderProduceSummary, renderProgress, undeliveredEnvelopeLine } from '../../src/format/records/produce-report.js';
import { fromEnvelopeLine } from '../../src/cli/input/envelope-input.js';
import { LineSet, type ProduceSummary } from '../../src/kafka/produce/produce.js';

const plain = new Chalk({ level: 0 });

function summary(over: Partial<ProduceSummary> = {}): ProduceSummary {
  return {
    topic: 'orders', partitions: 3, acks: 'all', delivered: 3, failed: 0, aborted: 0, unsent: 0, invalid: 0,
    perPartition: [{ partition: 0, messages: 2 }, { partition: 2, messages: 1 }], bytes: 2048, resent: 0, elapsedMs: 2000,
    undeliveredLines: [], unsentLines: [], invalidLines: [], interrupted: false, ...over,
  };
}

describe('produce report', () => {
  it('line ranges: merged, sorted, shortened', () => {
    const s = new LineSet();
    for (const l of [7, 1, 2, 3, 9, 8, 20]) s.add(l);
    expect(s.count).toBe(7);
    expect(s.sorted()).toEqual([[1, 3], [7, 9], [20, 20]]);
    expect(formatLineRanges(s.sorted())).toBe('1-3, 7-9, 20');
    expect(formatLineRanges(s.sorted(), 2)).toBe('1-3, 7-9 and 1 more range');
  });

  it('an interrupted run names the messages read but not sent; they count as not delivered', () => {
    const s = summary({ delivered: 3, unsent: 4, unsentLines: [[4, 7]], undeliveredLines: [[4, 7]], interrupted: true });
    expect(renderProduceSummary(s, plain)).toBe(
      "Delivered 3 messages to 'orders' (partitions 0: 2, 2: 1) in 2.00 s\n" +
        '4 messages read but not sent (interrupted before its turn)\n  unsent input lines: 4-7\n' +
        'Interrupted: stopped reading and sending; requests already sent were awaited, as reported above\n',
    );
    expect(produceOutcome(s).kind).toBe('interrupted');
    // A failed send that broke a transaction: the messages kept back count among the undelivered.
    expect(produceOutcome({ ...s, interrupted: false, failed: 1, delivered: 0, undeliveredLines: [[3, 7]], firstFailure: 'boom' }).message).toBe('5 messages not delivered (input lines 3-7): boom');
    expect(renderDeliveryReports([{ line: 4, status: 'unsent', partition: 1, offset: null, error: 'interrupted before it was sent' }])).toBe(
      '{"line":4,"status":"unsent","partition":1,"offset":null,"error":"interrupted before it was sent"}\n',
    );
  });

  it('summary: count, rate, bytes and a per-partition table', () => {
    expect(renderProduceSummary(summary({ delivered: 3000, perPartition: [{ partition: 0, messages: 2000 }, { partition: 2, messages: 1000 }] }), plain)).toBe(
      "Delivered 3,000 messages to 'orders' in 2.00 s: 1,500 msg/s, 2.0 KiB (1.0 KiB/s)\n  PARTITION  MESSAGES\n  0          2,000\n  2          1,000\n",
    );
  });

  it('a handful of messages: one summary line, partitions inline', () => {
    expect(renderProduceSummary(summary(), plain)).toBe("Delivered 3 messages to 'orders' (partitions 0: 2, 2: 1) in 2.00 s\n");
    expect(renderProduceSummary(summary({ delivered: 1, perPartition: [{ partition: 1, messages: 1 }] }), plain)).toBe("Delivered 1 message to 'orders' (partition 1) in 2.00 s\n");
    expect(renderProduceSummary(summary({ delivered: 0, perPartition: [] }), plain)).toBe("Delivered 0 messages to 'orders' in 2.00 s\n");
  });

  it('a failed run that delivered nothing prints no "Delivered 0 messages" line above its error', () => {
    const failed = summary({ delivered: 0, perPartition: [], failed: 2, undeliveredLines: [[1, 2]], firstFailure: 'boom' });
    expect(renderProduceSummary(failed, plain)).toBe('');
    const invalid = summary({ delivered: 0, perPartition: [], invalid: 1, invalidLines: [[1, 1]], firstInvalid: 'line 1: bad', stoppedAtLine: 1 });
    expect(renderProduceSummary(invalid, plain)).toBe('');
    // Interrupted before anything was sent: no error line follows, so the summary stays.
    expect(renderProduceSummary({ ...failed, interrupted: true }, plain)).toMatch(/^Delivered 0 messages/);
  });

  it('outcome: failures (exit 1) beat invalid lines (exit 2); interrupt beats both', () => {
    const failed = summary({ failed: 2, undeliveredLines: [[2, 2], [4, 4]], firstFailure: 'boom', invalid: 1, invalidLines: [[5, 5]], firstInvalid: 'line 5: bad' });
    expect(produceOutcome(failed, 'f.jsonl')).toEqual({ kind: 'failed', message: '2 messages not delivered (input lines 2, 4): boom; written to f.jsonl (retry: kafka-cli produce orders --input json --file f.jsonl)' });
    expect(produceOutcome({ ...failed, interrupted: true }).kind).toBe('interrupted');
    expect(produceOutcome(summary({ invalid: 1, invalidLines: [[5, 5]], firstInvalid: 'line 5: bad' }))).toEqual({ kind: 'invalid', message: '1 invalid input line skipped (line 5); first: line 5: bad' });
    expect(produceOutcome(summary({ invalid: 1, invalidLines: [[5, 5]], firstInvalid: 'line 5: bad', stoppedAtLine: 5 })).message).toBe(
      'line 5: bad; 3 messages before it delivered; nothing from line 5 on was sent (--on-invalid skip sends the valid lines)',
    );
    expect(produceOutcome(summary()).kind).toBe('ok');
  });

  it('summary and closing error line together name an error once; an interrupted run (no error line) keeps it in the summary', () => {
    const both = (x: ProduceSummary) => renderProduceSummary(x, plain) + 'kafka-cli: ' + produceOutcome(x).message + '\n';
    const count = (text: string, what: string) => text.split(what).length - 1;
    const stop = summary({ delivered: 1, invalid: 1, invalidLines: [[2, 2]], firstInvalid: 'line 2: no key separator ":"', stoppedAtLine: 2 });
    expect(count(both(stop), 'no key separator')).toBe(1);
    expect(renderProduceSummary(stop, plain)).toMatch(/^Delivered 1 message to 'orders'/);
    const skip = summary({ invalid: 2, invalidLines: [[2, 3]], firstInvalid: 'line 2: bad base64' });
    expect(count(both(skip), 'bad base64')).toBe(1);
    const failed = summary({ failed: 2, undeliveredLines: [[2, 2], [4, 4]], firstFailure: 'INVALID_TIMESTAMP' });
    expect(count(both(failed), 'INVALID_TIMESTAMP')).toBe(1);
    // A failure and invalid lines: the error line names the failure, the summary the invalid lines.
    const mixed = { ...failed, invalid: 1, invalidLines: [[5, 5]] as Array<[number, number]>, firstInvalid: 'line 5: bad' };
    expect(count(both(mixed), 'INVALID_TIMESTAMP')).toBe(1);
    expect(count(both(mixed), 'line 5: bad')).toBe(1);
    expect(renderProduceSummary({ ...stop, interrupted: true }, plain)).toMatch(/no key separator/);
    expect(renderProduceSummary({ ...failed, interrupted: true }, plain)).toMatch(/2 messages failed: INVALID_TIMESTAMP/);
  });

  it('one input line is "line n", several "lines a, b"', () => {
    const one = summary({ failed: 1, undeliveredLines: [[2, 2]], firstFailure: 'boom' });
    expect(produceOutcome(one).message).toBe('1 message not delivered (input line 2): boom');
    expect(produceOutcome(summary({ failed: 2, undeliveredLines: [[2, 3]], firstFailure: 'boom' })).message).toBe('2 messages not delivered (input lines 2-3): boom');
    expect(renderProduceSummary({ ...one, interrupted: true }, plain)).toContain('  undelivered input line: 2\n');
    expect(renderProduceSummary(summary({ unsent: 1, unsentLines: [[4, 4]], interrupted: true }), plain)).toContain('  unsent input line: 4\n');
  });

  it('an aborted transaction: singular and plural agree', () => {
    const aborted = (k: number) => renderProduceSummary(summary({ delivered: 0, perPartition: [], aborted: k, transaction: 'aborted', interrupted: true }), plain);
    expect(aborted(1)).toMatch(/; 1 message was written but stays invisible to read_committed readers/);
    expect(aborted(2)).toMatch(/; 2 messages were written but stay invisible to read_committed readers/);
  });

  it('delivery reports are one JSON object per line', () => {
    expect(renderDeliveryReports([{ line: 1, status: 'delivered', partition: 0, offset: '9007199254740993' }])).toBe('{"line":1,"status":"delivered","partition":0,"offset":"9007199254740993"}\n');
  });

  it('an undelivered message round-trips through the envelope reader byte for byte', () => {
    const record = { key: Buffer.from([0xff, 0]), value: null, headers: [{ key: 'a', value: null }, { key: 'a', value: Buffer.from('x') }], partition: 2, timestamp: '1700000000000' };
    const line = undeliveredEnvelopeLine({ line: 12, partition: 2, record }, 'orders');
    expect(JSON.parse(line).line).toBe(12);
    expect(fromEnvelopeLine(line, 1)).toEqual(record);
  });

  it('an undelivered message keeps the partition it was sent to, even when the key chose it', () => {
    const record = { key: Buffer.from('k'), value: Buffer.from('v'), headers: [] };
    const env = JSON.parse(undeliveredEnvelopeLine({ line: 3, partition: 4, record }, 'orders'));
    expect(env.partition).toBe(4);
    expect('timestamp' in env).toBe(false);
  });
});

describe('renderProgress with --file bytes', () => {
  it('adds the percent of the file read and an ETA from the byte rate; without bytes it is as before', () => {
    const p = { delivered: 100, failed: 0, invalid: 0, elapsedMs: 2000 };
    expect(renderProgress(p)).toBe('\r\x1b[Ksent 100 messages (50 msg/s)');
    // 250 of 1000 bytes in 2 s: 125 B/s, 750 left → 6s.
    expect(renderProgress(p, { read: 250, total: 1000 })).toBe('\r\x1b[Ksent 100 messages (50 msg/s) · 25% of file · ETA 6s');
    expect(renderProgress({ ...p, elapsedMs: 0 }, { read: 0, total: 1000 })).toMatch(/ · 0% of file · ETA \?$/);
    // An empty file adds nothing; bytes past the size (file grew) stay at 100%.
    expect(renderProgress(p, { read: 0, total: 0 })).toBe('\r\x1b[Ksent 100 messages (50 msg/s)');
    expect(renderProgress(p, { read: 2000, total: 1000 })).toMatch(/ · 100% of file · ETA 0s$/);
    // copy: records delivered of what the offsets hold.
    expect(renderProgress(p, { read: 100, total: 400, of: 'records' })).toBe('\r\x1b[Ksent 100 messages (50 msg/s) · 25% of 400 records · ETA 6s');
  });
});
