/**
 * Records decoded with a schema: the JSON envelope shape, and the view used by the text outputs.
 * A decoded key or value is embedded as JSON, its encoding names the schema format, and its schema id travels
 * with it so `produce --input json` re-encodes it with the same schema:
 *
 *   {"topic":"t","partition":0,"offset":"7","timestamp":1795255200000,"timestampIso":"2026-11-21T10:00:00.000Z",
 *    "key":"k1","keyEncoding":"utf8",
 *    "value":{"id":1,"tags":{"a":"b"}},"valueEncoding":"avro","valueSchemaId":12,
 *    "headers":[]}
 *
 * Protobuf adds "valueMessage" (the fully qualified message name). A key or value that was not decoded keeps the
 * plain envelope fields ("utf8" or "base64").
 */
import type { ConsumedRecord } from '../../core/records.js';
import type { Decoded, DecodedPart } from '../../schema/decode.js';
import { toEnvelope, type EnvelopeOptions } from './envelope.js';

const DECODED = Symbol('decoded');

type ViewRecord = ConsumedRecord & { [DECODED]?: Decoded };

/** A decoded string as itself (so `--key order-1` matches an Avro string key), anything else as compact JSON. */
function asText(v: unknown): Buffer {
  return Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8');
}

/**
 * The record as the text outputs show it: decoded keys and values replaced by their text (a string as itself,
 * anything else as compact JSON), so -f templates, --key, --grep and the default line all see the decoded form.
 * The envelope keeps the structure.
 */
export function decodedView(r: ConsumedRecord, d: Decoded): ConsumedRecord {
  if (!d.key && !d.value) return r;
  const v: ViewRecord = {
    ...r,
    key: d.key ? asText(d.key.value) : r.key,
    value: d.value ? asText(d.value.value) : r.value,
  };
  Object.defineProperty(v, DECODED, { value: d, enumerable: false });
  return v;
}

function part(prefix: 'key' | 'value', p: DecodedPart): Record<string, unknown> {
  return {
    [prefix]: p.value,
    [`${prefix}Encoding`]: p.format,
    [`${prefix}SchemaId`]: p.schemaId,
    ...(p.message !== undefined ? { [`${prefix}Message`]: p.message } : {}),
  };
}

/** The envelope of a record that may have been decoded (see the shape above). */
export function schemaEnvelope(r: ConsumedRecord, o: EnvelopeOptions = {}): Record<string, unknown> {
  const d = (r as ViewRecord)[DECODED];
  const e = toEnvelope(r, o) as unknown as Record<string, unknown>;
  if (!d) return e;
  const { key, keyEncoding, value, valueEncoding, headers, ...head } = e;
  return {
    ...head,
    ...(d.key ? part('key', d.key) : { key, keyEncoding }),
    ...(d.value ? part('value', d.value) : { value, valueEncoding }),
    headers,
  };
}

export function schemaEnvelopeLine(r: ConsumedRecord, o: EnvelopeOptions = {}): string {
  return JSON.stringify(schemaEnvelope(r, o)) + '\n';
}
