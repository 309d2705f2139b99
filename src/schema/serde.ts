/**
 * Schemas by id, fetched once and cached, and the codec for each: what tail decodes and produce encodes with.
 * References (Avro named types, Protobuf imports, JSON Schema $refs) are fetched from their subjects and parsed first.
 */
import { avroCodec, type AvroCodec, type AvroJsonStyle, type AvroLogical } from './avro.js';
import { protobufCodec, type ProtobufCodec } from './protobuf.js';
import { jsonSchemaCodec, type JsonSchemaCodec } from './json-schema.js';
import type { RegistryClient, SchemaReference, SchemaText, SchemaType } from './client.js';

import type { SchemaFormat } from './formats.js';
export { WIRE_FORMATS, type WireFormat, type SchemaFormat } from './formats.js';

export function formatOf(t: SchemaType): SchemaFormat {
  return t === 'AVRO' ? 'avro' : t === 'PROTOBUF' ? 'protobuf' : 'json-schema';
}

export type Codec = { format: 'avro'; codec: AvroCodec } | { format: 'protobuf'; codec: ProtobufCodec } | { format: 'json-schema'; codec: JsonSchemaCodec };

/** Builds the codec of a schema; references are already-fetched texts by reference name. */
export function codecFor(s: SchemaText, refs: Record<string, string> = {}): Codec {
  if (s.schemaType === 'AVRO') return { format: 'avro', codec: avroCodec(s.schema, Object.values(refs)) };
  if (s.schemaType === 'PROTOBUF') return { format: 'protobuf', codec: protobufCodec(s.schema, refs) };
  return { format: 'json-schema', codec: jsonSchemaCodec(s.schema, refs) };
}

export class SchemaCache {
  private readonly byId = new Map<number, Promise<Codec>>();
  /** Codecs already fetched: the per-record path takes them without an await. */
  private readonly ready = new Map<number, Codec>();
  constructor(readonly client: RegistryClient) {}

  /** The codec of schema `id` (one registry request per id, however many records use it). */
  codec(id: number): Promise<Codec> {
    let p = this.byId.get(id);
    if (!p) {
      p = this.client.schemaById(id).then(async (s) => {
        const c = codecFor(s, await this.references(s.references));
        this.ready.set(id, c);
        return c;
      });
      this.byId.set(id, p);
      // A failed fetch is not cached: the caller reports it once per id itself.
    }
    return p;
  }

  /** The codec of `id` if it was fetched already. */
  cached(id: number): Codec | undefined {
    return this.ready.get(id);
  }

  async references(refs: SchemaReference[], seen = new Set<string>()): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const r of refs) {
      const key = `${r.subject}:${r.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const v = await this.client.version(r.subject, r.version);
      // Dependencies first: Avro named types must be defined before the schemas that use them.
      Object.assign(out, await this.references(v.references, seen));
      out[r.name] = v.schema;
    }
    return out;
  }
}

/** Decodes one payload with its codec into the JSON view. */
export function decodeWith(c: Codec, payload: Buffer, avroJson: AvroJsonStyle, avroLogical: AvroLogical = 'readable'): { value: unknown; message?: string } {
  if (c.format === 'avro') return { value: c.codec.toJson(payload, avroJson, avroLogical) };
  if (c.format === 'protobuf') return c.codec.toJson(payload);
  return { value: c.codec.toJson(payload) };
}

/** Encodes a JSON value with its codec (payload only, not framed); throws a one-line reason when it does not match. */
export function encodeWith(c: Codec, value: unknown, avroJson: AvroJsonStyle, message?: string, avroLogical: AvroLogical = 'readable'): Buffer {
  if (c.format === 'avro') return c.codec.fromJson(value, avroJson, avroLogical);
  if (c.format === 'protobuf') return c.codec.fromJson(value, message);
  return c.codec.fromJson(value);
}
