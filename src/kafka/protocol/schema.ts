/**
 * Encodes and decodes any Kafka request or response from Kafka's own message schema (the JSON files in
 * kafka-clients' common/message, copied into messages.generated.ts): every version, classic or flexible
 * (compact strings and arrays, tagged fields). One interpreter instead of a hand-written codec per API and
 * version, checked byte for byte against messages captured from real brokers (test/unit/protocol-*.test.ts).
 *
 * Field names become lowerCamelCase (GroupId -> groupId); int64 is a bigint, uuid a base64url string (as Kafka
 * prints topic ids), bytes and records a Buffer. A field absent in a version decodes to its default.
 */
import { ProtocolDecodeError, Reader, Writer, ZERO_UUID } from './wire.js';

export interface FieldSchema {
  name: string;
  type: string;
  versions: string;
  nullableVersions?: string;
  taggedVersions?: string;
  tag?: number;
  default?: string | number | boolean;
  flexibleVersions?: string;
  fields?: FieldSchema[];
}

export interface MessageSchema {
  apiKey: number;
  name: string;
  validVersions: string;
  flexibleVersions: string;
  /** Requests: the servers that answer it (broker, controller). */
  listeners?: string[];
  fields: FieldSchema[];
  commonStructs?: Array<{ name: string; versions: string; fields: FieldSchema[] }>;
}

export type ApiSchemas = Record<string, { request: MessageSchema; response: MessageSchema }>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Message = Record<string, any>;

/** "0+", "3-5", "7", "none" -> does `v` fall in it. */
export function inVersions(range: string | undefined, v: number): boolean {
  if (!range || range === 'none') return false;
  const plus = /^(\d+)\+$/.exec(range);
  if (plus) return v >= Number(plus[1]);
  const span = /^(\d+)-(\d+)$/.exec(range);
  if (span) return v >= Number(span[1]) && v <= Number(span[2]);
  if (/^\d+$/.test(range)) return v === Number(range);
  throw new Error(`bad version range '${range}'`);
}

export function versionSpan(range: string): [number, number] {
  const plus = /^(\d+)\+$/.exec(range);
  if (plus) return [Number(plus[1]), 0x7fff];
  const span = /^(\d+)-(\d+)$/.exec(range);
  if (span) return [Number(span[1]), Number(span[2])];
  return [Number(range), Number(range)];
}

export const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

class Codec {
  private readonly structs = new Map<string, FieldSchema[]>();
  constructor(readonly schema: MessageSchema) {
    for (const s of schema.commonStructs ?? []) this.structs.set(s.name, s.fields);
    const walk = (fields: FieldSchema[]) => {
      for (const f of fields) {
        if (f.fields) {
          this.structs.set(f.type.replace(/^\[\]/, ''), f.fields);
          walk(f.fields);
        }
      }
    };
    walk(schema.fields);
  }

  flexible(v: number): boolean {
    return inVersions(this.schema.flexibleVersions, v);
  }

  private fieldsOf(type: string): FieldSchema[] {
    const f = this.structs.get(type);
    if (!f) throw new Error(`${this.schema.name}: unknown struct type ${type}`);
    return f;
  }

  defaultOf(f: FieldSchema, v: number): unknown {
    const d = f.default;
    if (f.type.startsWith('[]')) return [];
    if (d === 'null' && inVersions(f.nullableVersions, v)) return null;
    switch (f.type) {
      case 'bool':
        return d === true || d === 'true';
      case 'int8':
      case 'int16':
      case 'uint16':
      case 'int32':
      case 'uint32':
      case 'float64':
        return d === undefined || d === '' ? 0 : Number(d);
      case 'int64':
        return d === undefined || d === '' ? 0n : BigInt(d);
      case 'string':
        return d === undefined ? '' : String(d);
      case 'uuid':
        return ZERO_UUID;
      case 'bytes':
      case 'records':
        return inVersions(f.nullableVersions, v) ? null : Buffer.alloc(0);
      default:
        return this.defaults(this.fieldsOf(f.type), v);
    }
  }

  defaults(fields: FieldSchema[], v: number): Message {
    const o: Message = {};
    for (const f of fields) o[camel(f.name)] = this.defaultOf(f, v);
    return o;
  }

  /* ---------------------------------------------------------------- encode */

  encodeStruct(w: Writer, fields: FieldSchema[], obj: Message, v: number): void {
    const flex = this.flexible(v);
    const tagged: Array<{ tag: number; f: FieldSchema; value: unknown }> = [];
    for (const f of fields) {
      if (!inVersions(f.versions, v)) continue;
      const key = camel(f.name);
      const value = obj[key] === undefined ? this.defaultOf(f, v) : obj[key];
      if (flex && inVersions(f.taggedVersions, v)) {
        if (!isDefault(value, this.defaultOf(f, v))) tagged.push({ tag: f.tag!, f, value });
        continue;
      }
      this.encodeValue(w, f, f.type, value, v);
    }
    if (!flex) return;
    tagged.sort((a, b) => a.tag - b.tag);
    w.uvarint(tagged.length);
    for (const t of tagged) {
      const inner = new Writer(64);
      this.encodeValue(inner, t.f, t.f.type, t.value, v);
      w.uvarint(t.tag).uvarint(inner.length).raw(inner.toBuffer());
    }
  }

  private compact(f: FieldSchema, v: number): boolean {
    return f.flexibleVersions !== undefined ? inVersions(f.flexibleVersions, v) : this.flexible(v);
  }

  encodeValue(w: Writer, f: FieldSchema, type: string, value: unknown, v: number): void {
    const compact = this.compact(f, v);
    if (type.startsWith('[]')) {
      const items = value as unknown[] | null;
      if (items === null && !inVersions(f.nullableVersions, v)) throw new Error(`${this.schema.name}.${f.name} must not be null in v${v}`);
      w.arrayLength(items === null ? null : items.length, compact);
      const inner = type.slice(2);
      // nullableVersions belongs to the array, not to its items.
      const itemField = { ...f, nullableVersions: undefined };
      for (const item of items ?? []) this.encodeValue(w, itemField, inner, item, v);
      return;
    }
    switch (type) {
      case 'bool':
        w.int8(value ? 1 : 0);
        return;
      case 'int8':
        w.int8(value as number);
        return;
      case 'int16':
        w.int16(value as number);
        return;
      case 'uint16':
        w.uint16(value as number);
        return;
      case 'int32':
        w.int32(value as number);
        return;
      case 'uint32':
        w.uint32(value as number);
        return;
      case 'int64':
        w.int64(BigInt(value as bigint | number | string));
        return;
      case 'float64':
        w.float64(value as number);
        return;
      case 'string':
        w.string(value as string | null, compact);
        return;
      case 'uuid':
        w.uuid(value as string);
        return;
      case 'bytes':
      case 'records':
        w.bytes(value as Buffer | null, compact);
        return;
      default: {
        if (value === null) {
          // A nullable struct: int8 -1 for null, 1 present (classic and flexible alike).
          w.int8(-1);
          return;
        }
        if (inVersions(f.nullableVersions, v)) w.int8(1);
        this.encodeStruct(w, this.fieldsOf(type), value as Message, v);
      }
    }
  }

  /* ---------------------------------------------------------------- decode */

  decodeStruct(r: Reader, fields: FieldSchema[], v: number): Message {
    const flex = this.flexible(v);
    const o: Message = {};
    const byTag = new Map<number, FieldSchema>();
    for (const f of fields) {
      const key = camel(f.name);
      if (!inVersions(f.versions, v)) {
        o[key] = this.defaultOf(f, v);
        continue;
      }
      if (flex && inVersions(f.taggedVersions, v)) {
        o[key] = this.defaultOf(f, v);
        byTag.set(f.tag!, f);
        continue;
      }
      o[key] = this.decodeValue(r, f, f.type, v);
    }
    if (flex) {
      const n = r.uvarint();
      for (let i = 0; i < n; i++) {
        const tag = r.uvarint();
        const size = r.uvarint();
        const f = byTag.get(tag);
        const data = r.raw(size);
        // Tags this schema does not know (a newer broker's) are skipped, as Kafka's own clients do.
        if (f) o[camel(f.name)] = this.decodeValue(new Reader(data), f, f.type, v);
      }
    }
    return o;
  }

  decodeValue(r: Reader, f: FieldSchema, type: string, v: number): unknown {
    const compact = this.compact(f, v);
    if (type.startsWith('[]')) {
      const n = r.arrayLength(compact);
      if (n === null) return null;
      if (n > r.remaining) throw new ProtocolDecodeError(`${this.schema.name}.${f.name}: array of ${n} items in ${r.remaining} bytes`);
      const inner = type.slice(2);
      const itemField = { ...f, nullableVersions: undefined };
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) out.push(this.decodeValue(r, itemField, inner, v));
      return out;
    }
    switch (type) {
      case 'bool':
        return r.int8() !== 0;
      case 'int8':
        return r.int8();
      case 'int16':
        return r.int16();
      case 'uint16':
        return r.uint16();
      case 'int32':
        return r.int32();
      case 'uint32':
        return r.uint32();
      case 'int64':
        return r.int64();
      case 'float64':
        return r.float64();
      case 'string':
        return r.string(compact);
      case 'uuid':
        return r.uuid();
      case 'bytes':
      case 'records':
        return r.bytes(compact);
      default: {
        if (inVersions(f.nullableVersions, v) && r.int8() < 0) return null;
        return this.decodeStruct(r, this.fieldsOf(type), v);
      }
    }
  }
}

/** A tagged field is written only when it differs from its default (structs compared field by field), as Kafka's generated code does. */
function isDefault(value: unknown, dflt: unknown): boolean {
  if (Array.isArray(value)) return Array.isArray(dflt) && value.length === 0 && dflt.length === 0;
  if (Buffer.isBuffer(value)) return Buffer.isBuffer(dflt) && value.equals(dflt);
  if (value !== null && typeof value === 'object') {
    if (dflt === null || typeof dflt !== 'object') return false;
    const d = dflt as Record<string, unknown>;
    return Object.entries(value as Record<string, unknown>).every(([k, v]) => isDefault(v, d[k]));
  }
  return value === dflt;
}

const codecs = new WeakMap<MessageSchema, Codec>();
function codecOf(schema: MessageSchema): Codec {
  let c = codecs.get(schema);
  if (!c) {
    c = new Codec(schema);
    codecs.set(schema, c);
  }
  return c;
}

export function isFlexible(schema: MessageSchema, version: number): boolean {
  return inVersions(schema.flexibleVersions, version);
}

/** The body of a message (no header) in `version`. */
export function encodeMessage(schema: MessageSchema, version: number, message: Message): Buffer {
  if (!inVersions(schema.validVersions, version)) throw new Error(`${schema.name} has no version ${version}`);
  const w = new Writer();
  codecOf(schema).encodeStruct(w, schema.fields, message, version);
  return w.toBuffer();
}

export function decodeMessage(schema: MessageSchema, version: number, body: Buffer | Reader): Message {
  const r = body instanceof Reader ? body : new Reader(body);
  return codecOf(schema).decodeStruct(r, schema.fields, version);
}
