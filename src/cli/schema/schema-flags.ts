/**
 * The schema flags of tail and produce: declared, documented and parsed here (light: no serde library, no
 * registry client), so the two command files stay small and --help stays fast.
 */
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { oneOf, parseIntArg } from '../../core/parse.js';
import type { AvroJsonStyle, AvroLogical } from '../../schema/avro.js';
import type { SchemaType } from '../../schema/client.js';
import { hasSpec, WIRE_FORMATS, type EncodeSpec, type SideSpec, type WireFormat } from '../../schema/formats.js';

export interface SchemaTailFlags {
  keyFormat?: string;
  valueFormat?: string;
  avroJson?: string;
  avroLogical?: string;
}

export interface SchemaTailOptions {
  keyFormat: WireFormat;
  valueFormat: WireFormat;
  avroJson: AvroJsonStyle;
  avroLogical: AvroLogical;
  /** A format was asked for explicitly (not auto/raw): a registry is then required. */
  explicit: boolean;
}

export const TAIL_SCHEMA_HELP = `
Schema Registry: with a registry configured (--schema-registry or KAFKA_SCHEMA_REGISTRY_URL), Confluent-framed
keys and values (Avro, Protobuf, JSON Schema) are decoded to JSON (--key-format/--value-format auto, the default;
raw shows the bytes). -o json embeds the decoded value with "valueEncoding":"avro"|"protobuf"|"json-schema",
"valueSchemaId" and, for Protobuf, "valueMessage"; produce --input json re-encodes it byte for byte.
Avro JSON (--avro-json plain, the default): bytes/fixed as base64, long as a number (a string beyond 2^53),
a null-or-T union as null or the bare value, other unions as {"<type>": value}; standard: Avro's JSON encoding.
Avro logical types (--avro-logical readable, the default) are shown exact and readable: decimal as a decimal
string ("-987.65"), uuid, date "2026-12-07", time-millis/micros "13:45:30.123[456]", timestamp-millis/micros/nanos
as ISO 8601 UTC with their full precision ("2025-12-06T05:46:40.456Z"), local-timestamp-* without the zone,
duration as {"months","days","milliseconds"}; --avro-logical raw shows the underlying value (with --avro-json
standard exactly Avro's JSON encoding).
A record that is not framed or whose schema id is unknown is shown raw, with one warning per id.`;

export function parseSchemaTailFlags(f: SchemaTailFlags): SchemaTailOptions {
  const keyFormat = oneOf(f.keyFormat ?? 'auto', WIRE_FORMATS, '--key-format');
  const valueFormat = oneOf(f.valueFormat ?? 'auto', WIRE_FORMATS, '--value-format');
  const avroJson = oneOf(f.avroJson ?? 'plain', ['plain', 'standard'] as const, '--avro-json');
  const avroLogical = oneOf(f.avroLogical ?? 'readable', ['readable', 'raw'] as const, '--avro-logical');
  const explicit = (k: WireFormat) => k !== 'auto' && k !== 'raw';
  return { keyFormat, valueFormat, avroJson, avroLogical, explicit: explicit(keyFormat) || explicit(valueFormat) };
}

export interface SchemaProduceFlags {
  keySchema?: string;
  keySubject?: string;
  keySchemaId?: string;
  keySchemaVersion?: string;
  keyMessage?: string;
  valueSchema?: string;
  valueSubject?: string;
  valueSchemaId?: string;
  valueSchemaVersion?: string;
  valueMessage?: string;
  schemaType?: string;
  register?: boolean;
  subjectStrategy?: string;
  avroJson?: string;
  avroLogical?: string;
}

export const PRODUCE_SCHEMA_HELP = `
Schema Registry: --value-schema <file.avsc|.proto|.json>, --value-schema-id <id>, or --value-subject <subject>
[--value-schema-version n|latest] encode each value (a JSON line, or the envelope's value) with that schema and
the Confluent framing; --key-* the same for keys. The subject defaults to <topic>-value / <topic>-key
(--subject-strategy record: the record's full name). A schema file must already be registered under the subject,
or pass --register (never registered by accident). --value-message picks a message of a .proto with several.
Envelopes from "tail -o json" that carry "valueSchemaId" are re-encoded with that schema id, byte for byte.
A value that does not match the schema is an invalid line (exit 2, --on-invalid skip sends the others).
  kafka-cli produce orders --value-schema order.avsc --register < orders.jsonl
  kafka-cli produce events --value-schema event.avsc --value '{"at":"2025-12-06T05:46:40.456Z","price":"-987.65"}'
  kafka-cli produce orders --value-subject orders-value --value-schema-version latest --value '{"id":1}'
  kafka-cli tail orders -e --from beginning -o json | kafka-cli produce orders-copy --input json`;

export function addProduceSchemaOptions(cmd: Command): void {
  for (const side of ['key', 'value'] as const) {
    cmd
      .option(`--${side}-schema <file>`, `encode ${side}s with this schema (.avsc, .proto or .json), looked up in the ${side} subject`)
      .option(`--${side}-subject <subject>`, `the ${side}s' subject (default <topic>-${side})`)
      .option(`--${side}-schema-id <id>`, `encode ${side}s with this registry schema id`)
      .option(`--${side}-schema-version <n|latest>`, `encode ${side}s with this version of the subject`)
      .option(`--${side}-message <name>`, `Protobuf: the message ${side}s are (default: the file's first)`);
  }
  cmd
    .option('--schema-type <type>', 'avro, protobuf or json: the type of --key-schema/--value-schema when the file name does not tell')
    .option('--register', 'register --key-schema/--value-schema under its subject when it is not there yet')
    .option('--subject-strategy <strategy>', 'topic (<topic>-value, default) or record (the record name)')
    .option('--avro-json <style>', 'plain (default) or standard: how Avro values are written in JSON (see tail --help)')
    .option('--avro-logical <view>', 'readable (default: ISO times, decimal strings; integers accepted too) or raw: how Avro logical types are written');
}

function sideSpec(f: SchemaProduceFlags, side: 'key' | 'value', type: SchemaType | undefined): SideSpec {
  const get = (k: string) => (f as Record<string, string | undefined>)[`${side}${k}`];
  const id = get('SchemaId');
  const version = get('SchemaVersion');
  const spec: SideSpec = {
    schemaFile: get('Schema'),
    subject: get('Subject'),
    schemaId: id === undefined ? undefined : parseIntArg(id, `--${side}-schema-id`, 0, 2 ** 31 - 1),
    version: version === undefined ? undefined : version === 'latest' ? 'latest' : parseIntArg(version, `--${side}-schema-version`, 1, 2 ** 31 - 1),
    message: get('Message'),
    type,
  };
  const given = [spec.schemaFile !== undefined && `--${side}-schema`, spec.schemaId !== undefined && `--${side}-schema-id`, spec.version !== undefined && `--${side}-schema-version`].filter(Boolean);
  if (given.length > 1) throw new UsageError(`use one of ${given.join(', ')}`);
  if (spec.schemaId !== undefined && spec.subject !== undefined) throw new UsageError(`--${side}-schema-id names the schema itself: --${side}-subject does not apply`);
  if (spec.message !== undefined && !hasSpec(spec)) throw new UsageError(`--${side}-message needs --${side}-schema, --${side}-schema-id or --${side}-subject`);
  return spec;
}

/** The produce schema flags as an encode spec (which schema for keys and values). */
export function parseSchemaProduceFlags(f: SchemaProduceFlags, topic: string, cwd: string): EncodeSpec {
  const type = f.schemaType === undefined ? undefined : ({ avro: 'AVRO', protobuf: 'PROTOBUF', json: 'JSON' } as const)[oneOf(f.schemaType, ['avro', 'protobuf', 'json'] as const, '--schema-type')];
  const avroJson = oneOf(f.avroJson ?? 'plain', ['plain', 'standard'] as const, '--avro-json');
  const avroLogical = oneOf(f.avroLogical ?? 'readable', ['readable', 'raw'] as const, '--avro-logical');
  const strategy = oneOf(f.subjectStrategy ?? 'topic', ['topic', 'record'] as const, '--subject-strategy');
  const spec: EncodeSpec = { topic, key: sideSpec(f, 'key', type), value: sideSpec(f, 'value', type), register: f.register === true, strategy, avroJson, avroLogical, cwd };
  if (f.register && spec.key.schemaFile === undefined && spec.value.schemaFile === undefined) throw new UsageError('--register needs --key-schema or --value-schema <file>');
  return spec;
}
