/**
 * The JSON envelope: one message per line, printed by `tail -o json` and read by `produce --input json`
 * (src/cli/envelope-input.ts reads it).
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
import type { ConsumedRecord, RecordHeader } from '../../core/records.js';

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

/** A number JSON.parse did not keep exactly (beyond 2^53, or infinite), anywhere inside a JSON value. */
export function inexactNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && (!Number.isInteger(v) || Number.isSafeInteger(v)) ? undefined : v;
  if (v && typeof v === 'object') {
    for (const x of Array.isArray(v) ? v : Object.values(v)) {
      const bad = inexactNumber(x);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}
