import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { envelopeLine, fromEnvelopeLine, toEnvelope } from '../../src/format/envelope.js';
import type { ConsumedRecord } from '../../src/kafka/types.js';
import { UsageError } from '../../src/cli/errors.js';

const rec = (over: Partial<ConsumedRecord> = {}): ConsumedRecord => ({
  topic: 't', partition: 1, offset: '9007199254740993', timestamp: '1795255200000',
  key: Buffer.from('k'), value: Buffer.from('v'), headers: [], ...over,
});

describe('envelope', () => {
  it('has the documented shape', () => {
    expect(toEnvelope(rec({ headers: [{ key: 'h', value: Buffer.from('x') }, { key: 'h', value: null }] }))).toEqual({
      topic: 't', partition: 1, offset: '9007199254740993', timestamp: 1795255200000, timestampIso: '2026-11-21T10:00:00.000Z',
      key: 'k', keyEncoding: 'utf8', value: 'v', valueEncoding: 'utf8',
      headers: [{ key: 'h', value: 'x', encoding: 'utf8' }, { key: 'h', value: null, encoding: 'utf8' }],
    });
  });
  it('marks non-UTF-8 bytes as base64 and keeps nulls', () => {
    const e = toEnvelope(rec({ key: null, value: Buffer.from([0xff, 0x00, 0xfe]) }));
    expect(e).toMatchObject({ key: null, value: '/wD+', valueEncoding: 'base64' });
  });
  it('round-trips any bytes, nulls and repeated headers', () => {
    const bytes = fc.option(fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)), { nil: null });
    fc.assert(
      fc.property(bytes, bytes, fc.array(fc.record({ key: fc.string(), value: bytes }), { maxLength: 5 }), fc.nat({ max: 5 }), (key, value, headers, partition) => {
        const line = envelopeLine(rec({ key, value, headers, partition }));
        const back = fromEnvelopeLine(line, 1);
        expect(back.key).toEqual(key);
        expect(back.value).toEqual(value);
        expect(back.headers).toEqual(headers);
        expect(back.partition).toBe(partition);
        expect(back.timestamp).toBe('1795255200000');
      }),
    );
  });
  it.each([
    ['{bad', /line 7: invalid JSON/],
    ['[1]', /line 7: expected a JSON object/],
    ['{"value":"%%%","valueEncoding":"base64"}', /line 7: "value" is not valid base64/],
    ['{"value":"x","valueEncoding":"hex"}', /unknown encoding/],
    ['{"partition":-1}', /"partition" must be an integer/],
    ['{"headers":[{"value":"x"}]}', /each header/],
    ['{"timestamp":"yesterday"}', /"timestamp"/],
    ['{"value":5}', /"value" must be a string or null/],
    ['{"key":null,"keyEncoding":"hex"}', /unknown encoding "hex" for "key"/],
  ])('rejects %s with a line number', (text, msg) => {
    expect(() => fromEnvelopeLine(text, 7)).toThrow(UsageError);
    expect(() => fromEnvelopeLine(text, 7)).toThrow(msg);
  });
  it('accepts hand-written input: object headers, ISO timestamps, missing fields', () => {
    expect(fromEnvelopeLine('{"value":"v","headers":{"a":"1"},"timestamp":"2026-11-21T10:00:00Z"}', 1)).toEqual({
      key: null, value: Buffer.from('v'), headers: [{ key: 'a', value: Buffer.from('1') }], partition: undefined, timestamp: '1795255200000',
    });
  });
});
