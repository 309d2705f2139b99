/**
 * tail's decode hook: turns Confluent-framed keys and values into their JSON view, fetching each schema once.
 * A record that is not framed, whose schema id is unknown, or whose bytes do not decode stays raw, with one
 * warning per schema id (or per kind of problem), never a crash and never a skipped record.
 */
import type { AvroJsonStyle, AvroLogical } from './avro.js';
import { unframe } from './framing.js';
import { decodeWith, formatOf, type SchemaCache, type SchemaFormat, type WireFormat } from './serde.js';
import { SchemaRegistryError } from './client.js';

export interface DecodedPart {
  format: SchemaFormat;
  schemaId: number;
  /** Protobuf: the fully qualified message name. */
  message?: string;
  value: unknown;
}

/** A record's decoded key and value (undefined: shown raw). */
export interface Decoded {
  key?: DecodedPart;
  value?: DecodedPart;
}

export interface DecodeOptions {
  keyFormat: WireFormat;
  valueFormat: WireFormat;
  avroJson: AvroJsonStyle;
  avroLogical?: AvroLogical;
  onWarning: (message: string) => void;
}

export interface Decoder {
  /** Decodes every key and value of a batch (fetching unseen schemas first). */
  decode(parts: { key: Buffer | null; value: Buffer | null }[]): Promise<Decoded[]>;
}

export function createDecoder(cache: SchemaCache, o: DecodeOptions): Decoder {
  const warned = new Set<string>();
  const failedIds = new Set<number>();
  const warnOnce = (key: string, message: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    o.onWarning(message);
  };

  /** Fetches schema `id` once; a failure is warned about once and its records stay raw. */
  async function fetchOnce(id: number, side: 'key' | 'value'): Promise<void> {
    if (failedIds.has(id) || cache.cached(id)) return;
    try {
      await cache.codec(id);
    } catch (e) {
      failedIds.add(id);
      const why = e instanceof SchemaRegistryError && e.code === 40403 ? 'not found in the registry' : (e as Error).message;
      warnOnce(`id:${id}`, `schema id ${id} (${side}): ${why}; its records are shown raw`);
      // A registry that cannot be reached fails every lookup: that is no per-record warning but an error.
      if (e instanceof SchemaRegistryError && e.status === undefined) throw e;
    }
  }

  function wants(buf: Buffer | null, wanted: WireFormat): number | undefined {
    if (buf === null || wanted === 'raw') return undefined;
    return unframe(buf)?.schemaId;
  }

  function one(buf: Buffer | null, wanted: WireFormat, side: 'key' | 'value'): DecodedPart | undefined {
    if (buf === null || wanted === 'raw') return undefined;
    const framed = unframe(buf);
    if (!framed) {
      // In auto mode a plain key (a string id) is normal: say nothing about keys nobody asked to decode.
      if (wanted !== 'auto' || side === 'value') warnOnce(`unframed:${side}`, `a ${side} is not in the schema registry format (no magic byte 0 and schema id): shown raw`);
      return undefined;
    }
    const id = framed.schemaId;
    const codec = cache.cached(id);
    if (!codec) return undefined;
    if (wanted !== 'auto' && wanted !== codec.format) {
      warnOnce(`mismatch:${side}:${id}`, `schema id ${id} is ${codec.format}, not ${wanted} (--${side}-format): its ${side}s are shown raw`);
      return undefined;
    }
    try {
      const d = decodeWith(codec, framed.payload, o.avroJson, o.avroLogical);
      return { format: codec.format, schemaId: id, ...(d.message ? { message: d.message } : {}), value: d.value };
    } catch (e) {
      warnOnce(`bad:${side}:${id}`, `a ${side} with schema id ${id} does not decode as ${codec.format} (${(e as Error).message}): shown raw`);
      return undefined;
    }
  }

  return {
    async decode(parts) {
      for (const p of parts) {
        const k = wants(p.key, o.keyFormat);
        if (k !== undefined) await fetchOnce(k, 'key');
        const v = wants(p.value, o.valueFormat);
        if (v !== undefined) await fetchOnce(v, 'value');
      }
      return parts.map((p) => {
        const key = one(p.key, o.keyFormat, 'key');
        const value = one(p.value, o.valueFormat, 'value');
        return key || value ? { key, value } : {};
      });
    },
  };
}

export { formatOf };
