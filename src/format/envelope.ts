/**
 * The JSON envelope: one message per line, printed by `tail -o json` and read by `produce --input json`.
 * Lossless: bytes that are not valid UTF-8 travel as base64 (marked by *Encoding), null stays null,
 * headers are an ordered list so repeated keys survive.
 *
 *   {"topic":"t","partition":0,"offset":"42","timestamp":1795255200000,"timestampIso":"2026-11-21T10:00:00.000Z",
 *    "key":"k","keyEncoding":"utf8","value":"aGk=","valueEncoding":"base64",
 *    "headers":[{"key":"h","value":"v","encoding":"utf8"}]}
 *
 * With --json-values a key or value whose bytes are compact JSON (JSON.stringify of its parse gives the same
 * bytes) is written as that JSON value, marked "json"; reading it back stringifies it, so nothing changes.
 */
import { isUtf8 } from 'node:buffer';
import { UsageError } from '../cli/errors.js';
import type { ConsumedRecord, OutgoingRecord, RecordHeader } from '../kafka/types.js';

export type Encoding = 'utf8' | 'base64' | 'json';

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
  key: unknown;
  keyEncoding: Encoding;
  value: unknown;
  valueEncoding: Encoding;
  headers: EnvelopeHeader[];
}

export interface EnvelopeOptions {
  /** Write keys and values that are compact JSON as JSON values (encoding "json"). */
  jsonValues?: boolean;
}

/** True when the bytes are valid UTF-8 (so printing them as text loses nothing): Node's native check, no decoding. */
export { isUtf8 };

export function encodeBytes(buf: Buffer | null): { text: string | null; encoding: Encoding } {
  if (buf === null) return { text: null, encoding: 'utf8' };
  return isUtf8(buf) ? { text: buf.toString('utf8'), encoding: 'utf8' } : { text: buf.toString('base64'), encoding: 'base64' };
}

/**
 * The parsed JSON when the bytes are exactly what JSON.stringify writes for it (so writing it back is
 * byte-exact): pretty-printed JSON, \u escapes, 1.0 or integers beyond 2^53 do not qualify.
 */
export function compactJson(buf: Buffer): { value: unknown } | undefined {
  const first = buf[0];
  // Cheap pre-check: every JSON text starts with one of {["-0123456789tfn.
  if (first === undefined || !(first === 0x7b || first === 0x5b || first === 0x22 || first === 0x2d || (first >= 0x30 && first <= 0x39) || first === 0x74 || first === 0x66 || first === 0x6e)) return undefined;
  if (!isUtf8(buf)) return undefined;
  const text = buf.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Integers beyond 2^53 stay strings even when they print back the same: produce refuses to guess about them.
  return JSON.stringify(parsed) === text && inexactNumber(parsed) === undefined ? { value: parsed } : undefined;
}

function encodeField(buf: Buffer | null, o: EnvelopeOptions): { value: unknown; encoding: Encoding } {
  if (buf !== null && o.jsonValues) {
    const j = compactJson(buf);
    if (j) return { value: j.value, encoding: 'json' };
  }
  const e = encodeBytes(buf);
  return { value: e.text, encoding: e.encoding };
}

export function envelopeHeaders(headers: RecordHeader[]): EnvelopeHeader[] {
  return headers.map((h) => {
    const e = encodeBytes(h.value);
    return { key: h.key, value: e.text, encoding: e.encoding };
  });
}

export function toEnvelope(r: ConsumedRecord, o: EnvelopeOptions = {}): Envelope {
  const k = encodeField(r.key, o);
  const v = encodeField(r.value, o);
  const ms = Number(r.timestamp);
  return {
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    timestamp: ms,
    timestampIso: Number.isFinite(ms) && ms >= 0 ? new Date(ms).toISOString() : '',
    key: k.value,
    keyEncoding: k.encoding,
    value: v.value,
    valueEncoding: v.encoding,
    headers: envelopeHeaders(r.headers),
  };
}

export function envelopeLine(r: ConsumedRecord, o: EnvelopeOptions = {}): string {
  return JSON.stringify(toEnvelope(r, o)) + '\n';
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

/** A number JSON.parse did not keep exactly (beyond 2^53, or infinite), anywhere inside a JSON value. */
function inexactNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && (!Number.isInteger(v) || Number.isSafeInteger(v)) ? undefined : v;
  if (v && typeof v === 'object') {
    for (const x of Array.isArray(v) ? v : Object.values(v)) {
      const bad = inexactNumber(x);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
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
  return {
    key: decodeField(env.key, env.keyEncoding, 'key', line),
    value: decodeField(env.value, env.valueEncoding, 'value', line),
    headers,
    partition,
    timestamp: parseTimestamp(env.timestamp, line),
  };
}
