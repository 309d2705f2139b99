/**
 * produce's encode step: JSON input (a line, or an envelope's value) encoded with a registry schema and framed.
 * Which schema: --value-schema-id, --value-schema <file> (looked up in the subject; registered only with --register),
 * --value-subject/--value-schema-version (default latest), or the schema id an envelope from `tail -o json` carries.
 * A value that does not match is an invalid line (named, never sent); a registry failure is an error (exit 1).
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { OutgoingRecord, ProduceInputItem, SchemaRef } from '../core/records.js';
import type { AvroJsonStyle, AvroLogical } from './avro.js';
import { parseExactJson } from './exact-json.js';
import { SchemaRegistryError, type RegistryClient, type SchemaText, type SchemaType } from './client.js';
import { frame } from './framing.js';
import { codecFor, encodeWith, type Codec, type SchemaCache } from './serde.js';
import { hasSpec, type EncodeSpec } from './formats.js';

export interface Target {
  id: number;
  codec: Codec;
  message?: string;
  subject?: string;
}

export function typeFromFile(path: string): SchemaType {
  const ext = extname(path).toLowerCase();
  if (ext === '.avsc' || ext === '.avro') return 'AVRO';
  if (ext === '.proto') return 'PROTOBUF';
  if (ext === '.json') return 'JSON';
  throw new UsageError(`cannot tell the schema type of '${path}' from its name: use .avsc, .proto or .json (or --type)`);
}

export function readSchemaFile(path: string, cwd: string, type?: SchemaType): SchemaText {
  let schema: string;
  try {
    schema = readFileSync(resolve(cwd, path), 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read schema file '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { schema, schemaType: type ?? typeFromFile(path), references: [] };
}

/** RecordNameStrategy: the subject is the record's full name (Avro name, Protobuf message, JSON Schema title). */
function recordName(s: SchemaText, codec: Codec, side: string, message?: string): string {
  if (codec.format === 'avro') {
    const n = (codec.codec.type as { name?: string }).name;
    if (n) return n;
  } else if (codec.format === 'protobuf') {
    const m = message === undefined ? codec.codec.messages[0] : codec.codec.messages.find((x) => x.name === message || x.name.endsWith(`.${message}`));
    if (m) return m.name;
  } else {
    const title = (JSON.parse(s.schema) as { title?: unknown }).title;
    if (typeof title === 'string') return title;
  }
  throw new UsageError(`--subject-strategy record needs a named ${side} schema (Avro named type, Protobuf message, JSON Schema title): give --${side}-subject instead`);
}

function parseLocal(s: SchemaText, path: string): Codec {
  try {
    return codecFor(s);
  } catch (e) {
    throw new UsageError(`invalid schema in '${path}': ${(e as Error).message}`);
  }
}

/** The schema a side is encoded with, or undefined when no flag names one. */
export async function resolveTarget(client: RegistryClient, cache: SchemaCache, spec: EncodeSpec, side: 'key' | 'value'): Promise<Target | undefined> {
  const s = side === 'key' ? spec.key : spec.value;
  if (!hasSpec(s)) return undefined;
  const flag = `--${side}`;
  if (s.schemaId !== undefined) return { id: s.schemaId, codec: await cache.codec(s.schemaId), message: s.message };
  if (s.schemaFile !== undefined) {
    const text = readSchemaFile(s.schemaFile, spec.cwd, s.type);
    const local = parseLocal(text, s.schemaFile);
    const subject = s.subject ?? (spec.strategy === 'record' ? recordName(text, local, side, s.message) : `${spec.topic}-${side}`);
    const found = await client.lookup(subject, text);
    if (found) return { id: found.id, codec: local, message: s.message, subject };
    if (!spec.register) throw new UsageError(`the schema in '${s.schemaFile}' is not registered under subject '${subject}': add --register to register it (or pass ${flag}-schema-id)`);
    return { id: await client.register(subject, text), codec: local, message: s.message, subject };
  }
  const subject = s.subject ?? `${spec.topic}-${side}`;
  const v = await client.version(subject, s.version ?? 'latest');
  return { id: v.id, codec: await cache.codec(v.id), message: s.message, subject };
}

export interface Encoders {
  client?: RegistryClient;
  cache?: SchemaCache;
  key?: Target;
  value?: Target;
  avroJson: AvroJsonStyle;
  avroLogical?: AvroLogical;
}

function encodePart(bytes: Buffer, t: Target, enc: Encoders, what: string, line: number): Buffer {
  let json: unknown;
  try {
    // Avro: a bare long beyond 2^53 (Avro's own JSON encoding) is read exactly.
    json = t.codec.format === 'avro' ? parseExactJson(bytes.toString('utf8')) : JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new Error(`line ${line}: the ${what} is not JSON (${(e as Error).message}), so it cannot be encoded with schema id ${t.id}`);
  }
  try {
    return frame(t.id, encodeWith(t.codec, json, enc.avroJson, t.message, enc.avroLogical));
  } catch (e) {
    throw new Error(`line ${line}: the ${what} does not match schema id ${t.id} (${t.codec.format}): ${(e as Error).message}`);
  }
}

/** Fetches the schemas an envelope names (once per id), so encoding the record needs no await. */
async function prefetch(enc: Encoders, flagTarget: Target | undefined, ref: SchemaRef | undefined, what: string): Promise<void> {
  if (flagTarget || !ref) return;
  if (!enc.cache) throw new Error(`the ${what} is ${ref.format} (schema id ${ref.id}): encoding it needs a schema registry (--schema-registry or KAFKA_SCHEMA_REGISTRY_URL)`);
  if (!enc.cache.cached(ref.id)) await enc.cache.codec(ref.id);
}

function targetOf(enc: Encoders, flagTarget: Target | undefined, ref: SchemaRef | undefined): Target | undefined {
  if (flagTarget) return flagTarget;
  if (!ref) return undefined;
  return { id: ref.id, codec: enc.cache!.cached(ref.id)!, message: ref.message };
}

function encodeRecord(r: OutgoingRecord, enc: Encoders, line: number): OutgoingRecord {
  const kt = targetOf(enc, enc.key, r.keySchema);
  const vt = targetOf(enc, enc.value, r.valueSchema);
  if (!kt && !vt) return r;
  const out: OutgoingRecord = { key: r.key, value: r.value, headers: r.headers, partition: r.partition, timestamp: r.timestamp };
  if (kt && r.key !== null) out.key = encodePart(r.key, kt, enc, 'key', line);
  if (vt && r.value !== null) out.value = encodePart(r.value, vt, enc, 'value', line);
  return out;
}

/** Encodes every record of the input; a record that cannot be encoded becomes an invalid item of its line. */
export async function* encodeInput(input: AsyncIterable<ProduceInputItem[]>, enc: Encoders): AsyncGenerator<ProduceInputItem[]> {
  for await (const items of input) {
    const out: ProduceInputItem[] = [];
    for (const item of items) {
      if (!item.record) {
        out.push(item);
        continue;
      }
      try {
        const r = item.record;
        if (r.keySchema || r.valueSchema) {
          await prefetch(enc, enc.key, r.keySchema, 'key');
          await prefetch(enc, enc.value, r.valueSchema, 'value');
        }
        out.push({ line: item.line, record: encodeRecord(r, enc, item.line) });
      } catch (e) {
        // The registry being unreachable or refusing is no bad line: it stops the run (exit 1). An unknown id is.
        if (e instanceof SchemaRegistryError && e.status !== 404) throw e;
        const m = (e as Error).message;
        out.push({ line: item.line, record: null, error: m.startsWith('line ') ? m : `line ${item.line}: ${m}` });
      }
    }
    yield out;
  }
}
