import { describe, expect, it } from 'vitest';
import { avroCodec } from '../../src/schema/avro.js';
import { parseExactJson } from '../../src/schema/exact-json.js';
import { protobufCodec } from '../../src/schema/protobuf.js';

const L = (name: string, type: unknown) => ({ name, type });
const SCHEMA = JSON.stringify({
  type: 'record',
  name: 'Every',
  fields: [
    L('a', { type: 'long' }),
    L('tm', { type: 'long', logicalType: 'timestamp-millis' }),
    L('tu', { type: 'long', logicalType: 'timestamp-micros' }),
    L('tn', { type: 'long', logicalType: 'timestamp-nanos' }),
    L('ln', { type: 'long', logicalType: 'local-timestamp-nanos' }),
    L('tmi', { type: 'int', logicalType: 'time-millis' }),
    L('tmu', { type: 'long', logicalType: 'time-micros' }),
    L('d', { type: 'int', logicalType: 'date' }),
    L('db', { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 }),
    L('df', { type: 'fixed', name: 'F', size: 8, logicalType: 'decimal', precision: 18, scale: 3 }),
    L('u', { type: 'string', logicalType: 'uuid' }),
    L('du', { type: 'fixed', name: 'D', size: 12, logicalType: 'duration' }),
    L('o', ['null', { type: 'long', logicalType: 'timestamp-millis' }]),
  ],
});
const v = {
  a: '9007199254740993', tm: '2025-12-06T05:46:40.456Z', tu: '2025-12-06T05:46:40.456789Z', tn: '2026-12-07T05:53:46.371000001Z',
  ln: '2026-12-07T05:53:46.371000000', tmi: '13:45:30.123', tmu: '13:45:30.123456', d: '2026-12-07', db: '-987.65', df: '-1.500',
  u: '123e4567-e89b-12d3-a456-426614174000', du: { months: 1, days: 2, milliseconds: 3 }, o: '1969-12-31T23:59:59.999Z',
};

describe('Avro logical types', () => {
  const c = avroCodec(SCHEMA);

  it('round-trip readable and exact (longs beyond 2^53, nanos, negative decimals)', () => {
    const b = c.fromJson(v);
    expect(c.toJson(b)).toEqual(v);
    const raw = c.toJson(b, 'plain', 'raw') as Record<string, unknown>;
    expect(raw).toMatchObject({ tm: 1765000000456, tn: '1796622826371000001', d: 20794, tmi: 49530123, db: '/n4z', o: -1 });
    expect(c.fromJson(raw, 'plain', 'raw').equals(b)).toBe(true);
  });

  it('accepts numbers for decimals and raw integers for times; refuses rounding and bad uuids', () => {
    expect((c.toJson(c.fromJson({ ...v, db: -0.05, tm: 1765000000456 })) as Record<string, unknown>).db).toBe('-0.05');
    expect(() => c.fromJson({ ...v, db: '1.234' })).toThrow(/^db: .*rounded/);
    expect(() => c.fromJson({ ...v, u: 'not-a-uuid' })).toThrow(/^u: expected a UUID/);
    expect(() => c.fromJson({ ...v, tu: '2025-12-06T05:46:40.4567891Z' })).toThrow(/^tu:/);
  });

  it('--avro-json standard reads bare longs beyond 2^53 exactly', () => {
    const raw = { ...(c.toJson(c.fromJson(v), 'plain', 'raw') as Record<string, unknown>) };
    const text = JSON.stringify({ ...raw, tn: 'X' }).replace('"X"', '1796620426371000001');
    const parsed = parseExactJson(text) as Record<string, unknown>;
    expect(parsed.tn).toBe(1796620426371000001n);
    expect((c.toJson(c.fromJson(parsed, 'plain', 'raw'), 'plain', 'raw') as Record<string, unknown>).tn).toBe('1796620426371000001');
  });
});

describe('Protobuf edge values', () => {
  const c = protobufCodec('syntax = "proto3";\nmessage M { double d = 1; float f = 2; sint32 s = 4; uint32 u = 5; int64 l = 6; oneof pick { string a = 7; int32 b = 8; } }');
  it('Infinity and NaN as canonical JSON strings, both ways', () => {
    expect(c.toJson(c.fromJson({ d: 'Infinity', f: '-Infinity' })).value).toEqual({ d: 'Infinity', f: '-Infinity' });
    expect(c.toJson(c.fromJson({ d: 'NaN' })).value).toEqual({ d: 'NaN' });
  });
  it('refuses out-of-range integers and two members of one oneof', () => {
    expect(() => c.fromJson({ s: 2147483648 })).toThrow(/^s: .*out of range for sint32/);
    expect(() => c.fromJson({ u: -1 })).toThrow(/^u: .*out of range for uint32/);
    expect(() => c.fromJson({ l: '9223372036854775808' })).toThrow(/^l: .*out of range for int64/);
    expect(() => c.fromJson({ a: 'x', b: 1 })).toThrow(/^b: .*oneof pick/);
  });
});
