/**
 * Reads the JSON envelope (see src/format/envelope.ts, which writes it) back into messages to send: what
 * `produce --input json` and `--failed` replays take. Every error names its input line.
 */
import { UsageError } from '../../core/errors.js';
import { inexactNumber, type EnvelopeHeader } from '../../format/records/envelope.js';
import type { OutgoingRecord, RecordHeader, SchemaRef } from '../../core/records.js';

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

function jsonBytes(v: unknown, what: string, line: number): Buffer {
  const bad = inexactNumber(v);
  if (bad !== undefined) throw new UsageError(`line ${line}: "${what}" holds the number ${bad}, which JSON parsing cannot keep exactly; send the value as a string`);
  return Buffer.from(JSON.stringify(v), 'utf8');
}

/**
 * A key or value. The one rule (shared with tail --json-values): a JSON object or array is sent as its compact
 * JSON (JSON.stringify); with encoding "json" any JSON value is, so a string or null is JSON text too ("\"a\"",
 * the 4 bytes null). Other numbers and booleans need encoding "json" (a bare 5 is more likely a mistake).
 */
function decodeField(v: unknown, encoding: unknown, what: string, line: number): Buffer | null {
  if (encoding === 'json') {
    if (v === undefined) throw new UsageError(`line ${line}: "${what}" is missing but its encoding is "json"`);
    return jsonBytes(v, what, line);
  }
  if (v !== null && typeof v === 'object') {
    if (encoding !== undefined && encoding !== 'utf8') throw new UsageError(`line ${line}: "${what}" must be a string when its encoding is ${JSON.stringify(encoding)}`);
    return jsonBytes(v, what, line);
  }
  if (encoding !== undefined && encoding !== 'utf8' && encoding !== 'base64')
    throw new UsageError(`line ${line}: unknown encoding ${JSON.stringify(encoding)} for "${what}" (expected utf8, base64 or json)`);
  if (v !== null && v !== undefined && typeof v !== 'string') throw new UsageError(`line ${line}: "${what}" must be a string or null, an object or an array (or say "${what}Encoding":"json")`);
  return decodeBytes(v, encoding, what, line);
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
    key: k ? k.bytes : decodeField(env.key, env.keyEncoding, 'key', line),
    value: v ? v.bytes : decodeField(env.value, env.valueEncoding, 'value', line),
    headers,
    partition,
    timestamp: parseTimestamp(env.timestamp, line),
    ...(k ? { keySchema: k.ref } : {}),
    ...(v ? { valueSchema: v.ref } : {}),
  };
}
