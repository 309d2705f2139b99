/**
 * The JSON envelope: one message per line, printed by `tail -o json` and read by `produce --input json`.
 * Lossless: bytes that are not valid UTF-8 travel as base64 (marked by *Encoding), null stays null,
 * headers are an ordered list so repeated keys survive.
 *
 *   {"topic":"t","partition":0,"offset":"42","timestamp":1795255200000,"timestampIso":"2026-11-21T10:00:00.000Z",
 *    "key":"k","keyEncoding":"utf8","value":"aGk=","valueEncoding":"base64",
 *    "headers":[{"key":"h","value":"v","encoding":"utf8"}]}
 */
import { isUtf8 } from 'node:buffer';
import { UsageError } from '../cli/errors.js';
import type { ConsumedRecord, OutgoingRecord, RecordHeader, SchemaRef } from '../kafka/types.js';

export type Encoding = 'utf8' | 'base64';

export interface EnvelopeHeader {
  key: string;
  value: string | null;
  encoding: Encoding;
}

export interface Envelope {
  topic: string;
  partition: number;
  offset: string;
  timestamp: number;
  timestampIso: string;
  key: string | null;
  keyEncoding: Encoding;
  value: string | null;
  valueEncoding: Encoding;
  headers: EnvelopeHeader[];
}

/** True when the bytes are valid UTF-8 (so printing them as text loses nothing): Node's native check, no decoding. */
export { isUtf8 };

export function encodeBytes(buf: Buffer | null): { text: string | null; encoding: Encoding } {
  if (buf === null) return { text: null, encoding: 'utf8' };
  return isUtf8(buf) ? { text: buf.toString('utf8'), encoding: 'utf8' } : { text: buf.toString('base64'), encoding: 'base64' };
}

export function envelopeHeaders(headers: RecordHeader[]): EnvelopeHeader[] {
  return headers.map((h) => {
    const e = encodeBytes(h.value);
    return { key: h.key, value: e.text, encoding: e.encoding };
  });
}

export function toEnvelope(r: ConsumedRecord): Envelope {
  const k = encodeBytes(r.key);
  const v = encodeBytes(r.value);
  const ms = Number(r.timestamp);
  return {
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    timestamp: ms,
    timestampIso: Number.isFinite(ms) && ms >= 0 ? new Date(ms).toISOString() : '',
    key: k.text,
    keyEncoding: k.encoding,
    value: v.text,
    valueEncoding: v.encoding,
    headers: envelopeHeaders(r.headers),
  };
}

export function envelopeLine(r: ConsumedRecord): string {
  return JSON.stringify(toEnvelope(r)) + '\n';
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBytes(text: unknown, encoding: unknown, what: string, line: number): Buffer | null {
  const enc = encoding ?? 'utf8';
  if (enc !== 'utf8' && enc !== 'base64') throw new UsageError(`line ${line}: unknown encoding ${JSON.stringify(enc)} for "${what}" (expected utf8 or base64)`);
  if (text === null || text === undefined) return null;
  if (typeof text !== 'string') throw new UsageError(`line ${line}: "${what}" must be a string or null`);
  if (enc === 'base64') {
    if (text.length % 4 !== 0 || !BASE64.test(text)) throw new UsageError(`line ${line}: "${what}" is not valid base64`);
    return Buffer.from(text, 'base64');
  }
  return Buffer.from(text, 'utf8');
}

const SCHEMA_ENCODINGS = ['avro', 'protobuf', 'json-schema'];

/** A key or value that tail decoded with a schema (see schema-envelope.ts): its JSON text, and the schema to encode it with. */
function schemaPart(env: Record<string, unknown>, side: 'key' | 'value', line: number): { bytes: Buffer | null; ref: SchemaRef } | undefined {
  const enc = env[`${side}Encoding`];
  if (typeof enc !== 'string' || !SCHEMA_ENCODINGS.includes(enc)) return undefined;
  const id = env[`${side}SchemaId`];
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) throw new UsageError(`line ${line}: "${side}Encoding":"${enc}" needs "${side}SchemaId" (an integer)`);
  const message = env[`${side}Message`];
  if (message !== undefined && typeof message !== 'string') throw new UsageError(`line ${line}: "${side}Message" must be a string`);
  const v = env[side];
  return { bytes: v === null || v === undefined ? null : Buffer.from(JSON.stringify(v), 'utf8'), ref: { format: enc, id, ...(message !== undefined ? { message } : {}) } };
}

function parseTimestamp(t: unknown, line: number): string | undefined {
  if (t === undefined || t === null) return undefined;
  if (typeof t === 'number' && Number.isSafeInteger(t) && t >= 0) return String(t);
  // Beyond 2^53 ms (year 287396) is no real time, and the record encoder cannot take it.
  if (typeof t === 'string' && /^\d+$/.test(t) && Number(t) <= Number.MAX_SAFE_INTEGER) return String(Number(t));
  if (typeof t === 'string') {
    const ms = Date.parse(t);
    if (!Number.isNaN(ms) && ms >= 0 && /^\d{4}-\d{2}-\d{2}T/.test(t)) return String(ms);
  }
  throw new UsageError(`line ${line}: "timestamp" must be milliseconds since the epoch or an ISO-8601 time`);
}

/** Parses one envelope line into a message to send. Fields other than key/value/headers/partition/timestamp are ignored. */
export function fromEnvelopeLine(text: string, line: number): OutgoingRecord {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`line ${line}: invalid JSON (${(e as Error).message})`);
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new UsageError(`line ${line}: expected a JSON object`);
  const env = o as Record<string, unknown>;
  const headers: RecordHeader[] = [];
  if (env.headers !== undefined && env.headers !== null) {
    if (Array.isArray(env.headers)) {
      for (const h of env.headers) {
        if (!h || typeof h !== 'object' || typeof (h as EnvelopeHeader).key !== 'string') throw new UsageError(`line ${line}: each header must be {"key": string, "value": string|null}`);
        const hh = h as EnvelopeHeader;
        headers.push({ key: hh.key, value: decodeBytes(hh.value, hh.encoding, `header ${hh.key}`, line) });
      }
    } else if (typeof env.headers === 'object') {
      // Convenience for hand-written input: {"h": "v"} (no repeated keys, UTF-8 only).
      for (const [k, v] of Object.entries(env.headers as Record<string, unknown>)) headers.push({ key: k, value: decodeBytes(v, 'utf8', `header ${k}`, line) });
    } else throw new UsageError(`line ${line}: "headers" must be a list`);
  }
  let partition: number | undefined;
  if (env.partition !== undefined && env.partition !== null) {
    if (typeof env.partition !== 'number' || !Number.isInteger(env.partition) || env.partition < 0) throw new UsageError(`line ${line}: "partition" must be an integer >= 0`);
    partition = env.partition;
  }
  const k = schemaPart(env, 'key', line);
  const v = schemaPart(env, 'value', line);
  return {
    key: k ? k.bytes : decodeBytes(env.key, env.keyEncoding, 'key', line),
    value: v ? v.bytes : decodeBytes(env.value, env.valueEncoding, 'value', line),
    headers,
    partition,
    timestamp: parseTimestamp(env.timestamp, line),
    ...(k ? { keySchema: k.ref } : {}),
    ...(v ? { valueSchema: v.ref } : {}),
  };
}
