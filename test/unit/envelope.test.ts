import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compactJson, envelopeLine, toEnvelope } from '../../src/format/records/envelope.js';
import { fromEnvelopeLine } from '../../src/cli/input/envelope-input.js';
import type { ConsumedRecord } from '../../src/core/records.js';
import { UsageError } from '../../src/core/errors.js';

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
    ['{"value":{"a":1},"valueEncoding":"base64"}', /"value" must be a string when its encoding is "base64"/],
    ['{"value":5}', /"value" must be a string or null, an object or an array \(or say "valueEncoding":"json"\)/],
    ['{"value":{"id":12345678901234567890}}', /"value" holds the number 12345678901234567000, which JSON parsing cannot keep exactly/],
    ['{"key":[1e400],"keyEncoding":"json"}', /"key" holds the number Infinity/],
    ['{"valueEncoding":"json"}', /"value" is missing but its encoding is "json"/],
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

describe('envelope --json-values', () => {
  const jv = { jsonValues: true };
  it.each([
    ['{"a":1,"b":[true,null]}', { a: 1, b: [true, null] }],
    ['[1,2]', [1, 2]],
    ['"text"', 'text'],
    ['42', 42],
    ['null', null],
    ['{"é":"ü"}', { é: 'ü' }],
  ])('writes compact JSON %s as a JSON value', (text, parsed) => {
    expect(compactJson(Buffer.from(text))).toEqual({ value: parsed });
  });
  it.each([
    ['{"a": 1}'], ['{\n  "a": 1\n}'], ['"\\u00e9"'], ['1.0'], ['12345678901234567890'], ['{"a":1,"a":2}'], ['not json'], [''], ['{"a":1} '], ['-0'],
  ])('keeps %j as a string (writing it back would change its bytes)', (text) => {
    expect(compactJson(Buffer.from(text))).toBeUndefined();
  });
  it('has the documented shape', () => {
    const e = toEnvelope(rec({ key: Buffer.from('{"id":7}'), value: Buffer.from('{"status":"failed"}') }), jv);
    expect(JSON.stringify(e)).toBe(
      '{"topic":"t","partition":1,"offset":"9007199254740993","timestamp":1795255200000,"timestampIso":"2026-11-21T10:00:00.000Z",' +
        '"key":{"id":7},"keyEncoding":"json","value":{"status":"failed"},"valueEncoding":"json","headers":[]}',
    );
  });
  it('tells the 4 bytes null from a tombstone', () => {
    expect(toEnvelope(rec({ value: Buffer.from('null') }), jv)).toMatchObject({ value: null, valueEncoding: 'json' });
    expect(toEnvelope(rec({ value: null }), jv)).toMatchObject({ value: null, valueEncoding: 'utf8' });
    expect(fromEnvelopeLine('{"value":null,"valueEncoding":"json"}', 1).value).toEqual(Buffer.from('null'));
    expect(fromEnvelopeLine('{"value":null}', 1).value).toBeNull();
  });
  it('round-trips any bytes and any JSON exactly', () => {
    const json = fc.json().map((t) => Buffer.from(t));
    const bytes = fc.option(fc.oneof(json, fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)), fc.string().map((t) => Buffer.from(t))), { nil: null });
    fc.assert(
      fc.property(bytes, bytes, (key, value) => {
        const back = fromEnvelopeLine(envelopeLine(rec({ key, value }), jv), 1);
        expect(back.key).toEqual(key);
        expect(back.value).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });
});

describe('produce --input json: object and array values (one rule with --json-values)', () => {
  it.each([
    ['{"value":{"a":[1,2]}}', '{"a":[1,2]}'],
    ['{"value":{ "a" : 1 }}', '{"a":1}'],
    ['{"value":[1,"x"]}', '[1,"x"]'],
    ['{"value":5,"valueEncoding":"json"}', '5'],
    ['{"value":true,"valueEncoding":"json"}', 'true'],
    ['{"value":{"pi":3.25,"n":-7}}', '{"pi":3.25,"n":-7}'],
    ['{"value":"text"}', 'text'],
    ['{"value":"text","valueEncoding":"json"}', '"text"'],
    ['{"value":{"a":1},"valueEncoding":"utf8"}', '{"a":1}'],
  ])('%s sends %s', (line, bytes) => {
    expect(fromEnvelopeLine(line, 1).value).toEqual(Buffer.from(bytes));
  });
  it('applies the same rule to keys', () => {
    expect(fromEnvelopeLine('{"key":{"id":7},"value":"v"}', 1).key).toEqual(Buffer.from('{"id":7}'));
  });
});
