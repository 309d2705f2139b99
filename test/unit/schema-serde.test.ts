import { describe, expect, it } from 'vitest';
import { avroCodec } from '../../src/schema/avro.js';
import { protobufCodec } from '../../src/schema/protobuf.js';
import { jsonSchemaCodec } from '../../src/schema/json-schema.js';

const ORDER = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'amount', type: ['int', 'string', { type: 'record', name: 'Money', fields: [{ name: 'cents', type: 'long' }] }] },
    { name: 'tags', type: { type: 'map', values: 'string' } },
    { name: 'blob', type: 'bytes' },
    { name: 'hash', type: { type: 'fixed', name: 'Hash', size: 2 } },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'DONE'] } },
    { name: 'lines', type: { type: 'array', items: { type: 'record', name: 'Line', fields: [{ name: 'sku', type: 'string' }] } } },
  ],
});

const order = { id: '9007199254740993', note: null, amount: { 'shop.Money': { cents: 1250 } }, tags: { a: 'b' }, blob: 'AP8=', hash: 'AQI=', status: 'DONE', lines: [{ sku: 'x' }] };

describe('Avro JSON view', () => {
  const c = avroCodec(ORDER);

  it('is exact and unambiguous: longs beyond 2^53 as strings, bytes/fixed as base64, unions wrapped unless null-or-T', () => {
    const bytes = c.fromJson(order);
    expect(bytes.toString('hex')).toBe('82808080808080200004c4130202610262000400ff01020202027800');
    expect(c.toJson(bytes)).toEqual(order);
    expect(c.toJson(c.fromJson({ ...order, id: 5, note: 'hi', amount: { int: 3 } }))).toEqual({ ...order, id: 5, note: 'hi', amount: { int: 3 } });
  });

  it('standard style is Avro\'s JSON encoding: bytes as ISO-8859-1 text, every non-null union wrapped', () => {
    const v = c.toJson(c.fromJson({ ...order, note: 'hi' }), 'standard') as Record<string, unknown>;
    expect(v.blob).toBe('\u0000\u00ff');
    expect(v.note).toEqual({ string: 'hi' });
    expect(c.fromJson(v, 'standard')).toEqual(c.fromJson({ ...order, note: 'hi' }));
  });

  it('names the path of what does not match', () => {
    expect(() => c.fromJson({ ...order, id: 1.5 })).toThrow(/^id: expected a long/);
    expect(() => c.fromJson({ ...order, amount: 3 })).toThrow(/^amount: expected \{"<type>": value\}/);
    expect(() => c.fromJson({ ...order, lines: [{ sku: 1 }] })).toThrow(/lines/);
    expect(() => c.fromJson({ ...order, extra: 1 })).toThrow(/unknown field 'extra'/);
    const { blob: _b, ...noBlob } = order;
    expect(() => c.fromJson(noBlob)).toThrow(/^blob: missing field/);
  });
});

const PROTO = `syntax = "proto3";
package shop;
message Order {
  int64 id = 1;
  message Line { string sku = 1; int32 qty = 2; }
  repeated Line lines = 2;
  map<string, string> tags = 3;
  bytes blob = 4;
  enum Status { NEW = 0; DONE = 1; }
  Status status = 5;
}
message Refund { string order_id = 1; }`;

describe('Protobuf JSON view', () => {
  const c = protobufCodec(PROTO);

  it('lists every message with its index path (nested ones included)', () => {
    expect(c.messages).toEqual([
      { name: 'shop.Order', path: [0] },
      { name: 'shop.Order.Line', path: [0, 0] },
      { name: 'shop.Refund', path: [1] },
    ]);
  });

  it('encodes the message index, then the message; decodes back to canonical JSON (64-bit as strings)', () => {
    const v = { id: '12345678901234567', lines: [{ sku: 'a', qty: 2 }], tags: { k: 'v' }, blob: 'AAE=', status: 'DONE' };
    const b = c.fromJson(v);
    expect(b[0]).toBe(0);
    expect(c.toJson(b)).toEqual({ message: 'shop.Order', value: v });
    const r = c.fromJson({ order_id: 'o-1' }, 'Refund');
    expect(r.subarray(0, 2).toString('hex')).toBe('0202');
    expect(c.toJson(r)).toEqual({ message: 'shop.Refund', value: { order_id: 'o-1' } });
    expect(c.toJson(c.fromJson({ sku: 'n' }, 'shop.Order.Line'))).toEqual({ message: 'shop.Order.Line', value: { sku: 'n' } });
  });

  it('refuses what protobufjs would silently turn into zeros or drop', () => {
    expect(() => c.fromJson({ id: 'abc' })).toThrow(/^id: expected an integer/);
    expect(() => c.fromJson({ idd: 1 })).toThrow(/^idd: unknown field/);
    expect(() => c.fromJson({ lines: [{ qty: 'x' }] })).toThrow(/lines\[0\]\.qty/);
    expect(() => c.fromJson({ status: 'LOST' })).toThrow(/expected one of NEW, DONE/);
    expect(() => c.fromJson({}, 'Nope')).toThrow(/no message 'Nope'/);
  });
});

describe('JSON Schema', () => {
  const c = jsonSchemaCodec(JSON.stringify({ type: 'object', properties: { id: { type: 'integer' } }, required: ['id'], additionalProperties: false }));

  it('validates and writes compact JSON', () => {
    expect(c.fromJson({ id: 1 }).toString()).toBe('{"id":1}');
    expect(c.toJson(Buffer.from('{"id":1}'))).toEqual({ id: 1 });
    expect(() => c.fromJson({ id: 'x' })).toThrow(/\/id must be integer/);
    expect(() => c.fromJson({})).toThrow(/must have required property 'id'/);
  });
});
