/**
 * The schema hooks of tail and produce: what the two commands call so their own files stay small.
 * tail: decode each batch before it is filtered and rendered. produce: encode each input item before it is sent.
 */
import type { Ctx } from '../context.js';
import { UsageError } from '../../core/errors.js';
import { optionalRegistry, requireRegistry } from './registry-options.js';
import type { InputItem } from '../input/produce-input.js';
import { hasSpec } from '../../schema/formats.js';
import type { ConsumedRecord } from '../../core/records.js';
import { parseSchemaProduceFlags, type SchemaProduceFlags, type SchemaTailOptions } from './schema-flags.js';

export type BatchDecoder = (batch: ConsumedRecord[]) => Promise<ConsumedRecord[]>;

/** The decode step of tail: undefined when raw; with no registry, only the one-line framing hint. */
export async function tailDecoder(ctx: Ctx, o: SchemaTailOptions): Promise<BatchDecoder | undefined> {
  if (o.keyFormat === 'raw' && o.valueFormat === 'raw') return undefined;
  const client = await optionalRegistry(ctx);
  if (!client) {
    if (o.explicit) throw new UsageError('--key-format/--value-format avro|protobuf|json-schema need a schema registry: --schema-registry <url> or KAFKA_SCHEMA_REGISTRY_URL');
    return framingHint(ctx);
  }
  // Fail before reading anything when the registry cannot be reached or refuses us.
  await client.config();
  const [{ SchemaCache }, { createDecoder }, { decodedView }] = await Promise.all([import('../../schema/serde.js'), import('../../schema/decode.js'), import('../../format/records/schema-envelope.js')]);
  const decoder = createDecoder(new SchemaCache(client), {
    keyFormat: o.keyFormat,
    valueFormat: o.valueFormat,
    avroJson: o.avroJson,
    avroLogical: o.avroLogical,
    onWarning: (m) => void ctx.io.stderr.write(`kafka-cli: warning: ${m}\n`),
  });
  return async (batch) => {
    const decoded = await decoder.decode(batch);
    return batch.map((r, i) => decodedView(r, decoded[i]!));
  };
}

export type InputEncoder = (input: AsyncIterable<InputItem[]>) => AsyncIterable<InputItem[]>;

/**
 * The encode step of produce (resolving the schemas first, so a registry problem fails before anything is read).
 * Always applied: an envelope carrying a schema id with no registry configured is an invalid line, never sent as text.
 */
export async function produceEncoder(ctx: Ctx, f: SchemaProduceFlags, topic: string, mode: 'line' | 'json'): Promise<InputEncoder> {
  const spec = parseSchemaProduceFlags(f, topic, ctx.io.cwd);
  const { avroJson, avroLogical } = spec;
  const wanted = hasSpec(spec.key) || hasSpec(spec.value);
  // Only envelopes (--input json) can name a schema of their own: lines without schema flags pass as they are,
  // without loading the serde libraries or asking for a registry.
  if (!wanted && mode === 'line') return (input) => input;
  const { encodeInput, resolveTarget } = await import('../../schema/encode.js');
  const client = wanted ? await requireRegistry(ctx, 'encoding with a schema (--key-*/--value-* schema flags)') : await optionalRegistry(ctx);
  if (!client) return (input) => encodeInput(input, { avroJson, avroLogical });
  const { SchemaCache } = await import('../../schema/serde.js');
  const cache = new SchemaCache(client);
  const key = await resolveTarget(client, cache, spec, 'key');
  const value = await resolveTarget(client, cache, spec, 'value');
  for (const [side, t] of [['key', key], ['value', value]] as const) {
    if (t?.subject && f.register) ctx.io.stderr.write(`${side}s: schema id ${t.id} (subject ${t.subject})\n`);
  }
  return (input) => encodeInput(input, { client, cache, key, value, avroJson, avroLogical });
}

/** Magic byte 0, a positive 4-byte schema id and a payload: what Schema Registry serializers write. */
function looksFramed(b: Buffer | null): boolean {
  return b !== null && b.length > 5 && b[0] === 0 && b.readInt32BE(1) > 0;
}

/** With no registry set: records pass raw, and one stderr line says when they look Schema Registry framed. */
function framingHint(ctx: Ctx): BatchDecoder {
  let said = false;
  return async (batch) => {
    if (!said && batch.some((r) => looksFramed(r.value) || looksFramed(r.key))) {
      said = true;
      ctx.io.stderr.write('kafka-cli: note: these records look Schema Registry framed (magic byte 0 and a schema id): shown raw; name the registry with --schema-registry <url> to decode them\n');
    }
    return batch;
  };
}
