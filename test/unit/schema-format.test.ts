import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { renderCompatibility, renderConfig, renderDeleted, renderRegistered, renderSchemaDetails, renderSubjects, renderVersions, schemaDetailsJson } from '../../src/format/schemas.js';
import { renderJson } from '../../src/format/output.js';
import { decodedView, schemaEnvelopeLine } from '../../src/format/records/schema-envelope.js';
import { fromEnvelopeLine } from '../../src/cli/input/envelope-input.js';
import type { ConsumedRecord } from '../../src/core/records.js';

const plain = new Chalk({ level: 0 });

describe('schema command views (golden)', () => {
  it('list, with and without deleted subjects', () => {
    const list = [{ subject: 'a-value', deleted: false }, { subject: 'b-value', deleted: true }];
    expect(renderSubjects(list, false, plain)).toBe('SUBJECT\na-value\nb-value\n');
    expect(renderSubjects(list, true, plain)).toBe('SUBJECT  DELETED\na-value  no\nb-value  yes\n');
    expect(renderJson(list)).toBe('[\n  {\n    "subject": "a-value",\n    "deleted": false\n  },\n  {\n    "subject": "b-value",\n    "deleted": true\n  }\n]\n');
  });

  it('versions', () => {
    expect(renderVersions([{ version: 1, id: 7, schemaType: 'AVRO' }, { version: 2, id: 12, schemaType: 'AVRO' }], plain)).toBe('VERSION  ID  TYPE\n1        7   AVRO\n2        12  AVRO\n');
  });

  it('get: a summary line, then the schema indented (Protobuf as written)', () => {
    const s = { subject: 'o-value', version: 2, id: 9, schemaType: 'AVRO' as const, references: [{ name: 'shop.Money', subject: 'money', version: 1 }], schema: '{"type":"string"}' };
    expect(renderSchemaDetails(s, plain)).toBe('SUBJECT  VERSION  ID  TYPE  REFERENCES\no-value  2        9   AVRO  shop.Money=money:1\n\n{\n  "type": "string"\n}\n');
    expect(renderSchemaDetails({ ...s, subject: null, version: null, references: [], schemaType: 'PROTOBUF', schema: 'syntax = "proto3";' }, plain)).toBe('SUBJECT  VERSION  ID  TYPE      REFERENCES\n-        -        9   PROTOBUF  -\n\nsyntax = "proto3";\n');
    expect(renderJson(schemaDetailsJson(s))).toBe(
      '{\n  "subject": "o-value",\n  "version": 2,\n  "id": 9,\n  "schemaType": "AVRO",\n  "references": [\n    {\n      "name": "shop.Money",\n      "subject": "money",\n      "version": 1\n    }\n  ],\n  "schema": "{\\"type\\":\\"string\\"}"\n}\n',
    );
  });

  it('register, check, config, delete', () => {
    expect(renderRegistered({ subject: 'o-value', id: 9, version: 2 }, plain)).toBe('SUBJECT  VERSION  ID\no-value  2        9\n');
    expect(renderCompatibility({ subject: 'o-value', compatible: false, messages: ['field id changed type'] }, plain)).toBe('SUBJECT  COMPATIBLE\no-value  NO\n  field id changed type\n');
    expect(renderCompatibility({ subject: 'o-value', compatible: true, messages: [] }, plain)).toBe('SUBJECT  COMPATIBLE\no-value  yes\n');
    expect(renderConfig({ subject: null, compatibility: 'BACKWARD' }, plain)).toBe('SUBJECT   COMPATIBILITY\n(global)  BACKWARD\n');
    expect(renderConfig({ subject: 'o-value', compatibility: null }, plain)).toBe('SUBJECT  COMPATIBILITY\no-value  (global default)\n');
    expect(renderDeleted({ subject: 'o-value', versions: [1, 2], permanent: true }, plain)).toBe('SUBJECT  VERSIONS  DELETED\no-value  1,2       permanently\n');
  });
});

describe('decoded records in the JSON envelope (golden)', () => {
  const record: ConsumedRecord = { topic: 't', partition: 0, offset: '7', timestamp: '1795255200000', key: Buffer.from('k1'), value: Buffer.from([0, 0, 0, 0, 12, 2]), headers: [] };

  it('embeds the decoded value with its format and schema id; the raw key stays as it was', () => {
    const v = decodedView(record, { value: { format: 'avro', schemaId: 12, value: { id: 1, tags: { a: 'b' } } } });
    expect(schemaEnvelopeLine(v)).toBe(
      '{"topic":"t","partition":0,"offset":"7","timestamp":1795255200000,"timestampIso":"2026-11-21T10:00:00.000Z","key":"k1","keyEncoding":"utf8","value":{"id":1,"tags":{"a":"b"}},"valueEncoding":"avro","valueSchemaId":12,"headers":[]}\n',
    );
    expect(v.value!.toString()).toBe('{"id":1,"tags":{"a":"b"}}');
  });

  it('Protobuf adds the message name, a decoded key gets the same fields', () => {
    const v = decodedView(record, { key: { format: 'json-schema', schemaId: 3, value: 'k1' }, value: { format: 'protobuf', schemaId: 4, message: 'shop.Order', value: { id: '1' } } });
    expect(schemaEnvelopeLine(v)).toBe(
      '{"topic":"t","partition":0,"offset":"7","timestamp":1795255200000,"timestampIso":"2026-11-21T10:00:00.000Z","key":"k1","keyEncoding":"json-schema","keySchemaId":3,"value":{"id":"1"},"valueEncoding":"protobuf","valueSchemaId":4,"valueMessage":"shop.Order","headers":[]}\n',
    );
  });

  it('produce --input json reads the schema fields back (the value as JSON text, to be encoded)', () => {
    const line = '{"key":"k1","value":{"id":"1"},"valueEncoding":"protobuf","valueSchemaId":4,"valueMessage":"shop.Order"}';
    const r = fromEnvelopeLine(line, 1);
    expect(r.value!.toString()).toBe('{"id":"1"}');
    expect(r.valueSchema).toEqual({ format: 'protobuf', id: 4, message: 'shop.Order' });
    expect(r.keySchema).toBeUndefined();
    expect(() => fromEnvelopeLine('{"value":{"a":1},"valueEncoding":"avro"}', 3)).toThrow('line 3: "valueEncoding":"avro" needs "valueSchemaId" (an integer)');
  });
});
