import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { localTime, renderRecordLine, safeText } from '../../src/format/records/records.js';
import type { ConsumedRecord } from '../../src/core/records.js';

const plain = new Chalk({ level: 0 });
const rec = (over: Partial<ConsumedRecord> = {}): ConsumedRecord => ({
  topic: 't',
  partition: 2,
  offset: '42',
  timestamp: String(Date.parse('2026-11-20T10:00:00.123Z')),
  key: Buffer.from('k1'),
  value: Buffer.from('{"a":1}'),
  headers: [],
  ...over,
});

describe('safeText', () => {
  it('leaves printable UTF-8 alone', () => {
    expect(safeText(Buffer.from('héllo wörld ✓ 日本'))).toBe('héllo wörld ✓ 日本');
  });
  it('escapes invalid UTF-8 bytes as \\xNN', () => {
    expect(safeText(Buffer.from([0x61, 0xff, 0xfe, 0x62]))).toBe('a\\xff\\xfeb');
    expect(safeText(Buffer.from([0xc3]))).toBe('\\xc3'); // truncated sequence
    expect(safeText(Buffer.from([0xed, 0xa0, 0x80]))).toBe('\\xed\\xa0\\x80'); // surrogate
    expect(safeText(Buffer.from([0xc0, 0xaf]))).toBe('\\xc0\\xaf'); // overlong
  });
  it('never lets terminal control sequences through', () => {
    const evil = Buffer.from('\x1b[2J\x1b]0;pwned\x07red\x9b\u202ecba');
    const out = safeText(evil);
    expect(out).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202e]/);
    expect(out).toBe('\\x1b[2J\\x1b]0;pwned\\x07red\\u009b\\u202ecba');
  });
  it('escapes newlines and tabs on one line, keeps them with keepLayout', () => {
    expect(safeText(Buffer.from('a\nb\tc\r'))).toBe('a\\nb\\tc\\r');
    expect(safeText(Buffer.from('a\nb\tc'), { keepLayout: true })).toBe('a\nb\tc');
  });
});

describe('renderRecordLine', () => {
  it('shows local time, partition/offset, key and value', () => {
    const line = renderRecordLine(rec(), plain, { headers: false });
    expect(line).toBe(`${localTime(Date.parse('2026-11-20T10:00:00.123Z'))}  2/42  k1  {"a":1}\n`);
    expect(localTime(Date.parse('2026-11-20T10:00:00.123Z'))).toMatch(/^2026-11-2\d \d\d:\d\d:00\.123[+-]\d\d:\d\d$/);
    // The offset makes the text unambiguous: reading it back gives the same instant.
    const text = localTime(Date.parse('2026-11-20T10:00:00.123Z'));
    expect(Date.parse(text.replace(' ', 'T'))).toBe(Date.parse('2026-11-20T10:00:00.123Z'));
  });
  it('a null key is not shown like a key that is literally "-"', () => {
    const nullKey = renderRecordLine(rec({ key: null }), plain, { headers: false });
    const dashKey = renderRecordLine(rec({ key: Buffer.from('-') }), plain, { headers: false });
    expect(nullKey).not.toBe(dashKey);
    expect(nullKey).toContain('  2/42  (null)  {"a":1}');
    expect(dashKey).toContain('  2/42  -  {"a":1}');
    // On a terminal the marker is dimmed, unlike a key.
    const color = new Chalk({ level: 1 });
    expect(renderRecordLine(rec({ key: null }), color, { headers: false })).toContain(color.dim('(null)'));
  });

  it('marks null key and tombstone, and shows headers in order with --headers', () => {
    const line = renderRecordLine(rec({ key: null, value: null, headers: [{ key: 'a', value: Buffer.from('1') }, { key: 'b', value: null }, { key: 'a', value: Buffer.from('2') }] }), plain, { headers: true });
    expect(line.endsWith('  2/42  (null)  (null)  [a=1 b=(null) a=2]\n')).toBe(true);
  });
  it('is one line even for binary values', () => {
    const line = renderRecordLine(rec({ value: Buffer.from([0x0a, 0x1b, 0xff, 0x00]) }), plain, { headers: false });
    expect(line.split('\n')).toHaveLength(2);
    expect(line).toContain('\\n\\x1b\\xff\\x00');
  });
  it('colors only when asked', () => {
    const colored = renderRecordLine(rec(), new Chalk({ level: 1 }), { headers: false });
    expect(colored).toContain('\x1b[');
    expect(renderRecordLine(rec(), plain, { headers: false })).not.toContain('\x1b');
  });
});

describe('renderRecordLine of several topics', () => {
  it('shows topic/partition/offset', () => {
    const line = renderRecordLine(rec({ topic: 'orders.eu' }), plain, { headers: false, topic: true });
    expect(line).toBe(`${localTime(Date.parse('2026-11-20T10:00:00.123Z'))}  orders.eu/2/42  k1  {"a":1}\n`);
  });
});
