/**
 * Avro serde (avsc) with a JSON view that is unambiguous and exact:
 * - long: a JSON number when it is a safe integer, else a decimal string (never rounded);
 * - bytes and fixed: base64 strings;
 * - unions: null as null; a union of null and one other type as the bare value; any other union as
 *   {"<branch type name>": value} (Avro's own JSON style).
 * With style "standard": Avro's JSON encoding (bytes/fixed as ISO-8859-1 strings, every non-null union value wrapped).
 * Longs are read as BigInt so values beyond 2^53 survive a decode/encode round trip.
 */
import avro from 'avsc';
import type { Schema, Type } from 'avsc';

export type AvroJsonStyle = 'plain' | 'standard';

const LongType = (avro.types as unknown as { LongType: { __with(methods: object, noUnpack?: boolean): Type } }).LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: (v: unknown) => BigInt(v as number),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint' && n >= -(2n ** 63n) && n < 2n ** 63n,
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

export interface AvroCodec {
  type: Type;
  toJson(buf: Buffer, style?: AvroJsonStyle): unknown;
  fromJson(value: unknown, style?: AvroJsonStyle): Buffer;
}

/** Parses an Avro schema (JSON text); `references` are schemas of named types it uses, parsed first. */
export function avroCodec(schemaText: string, references: string[] = []): AvroCodec {
  const registry: Record<string, Type> = { long: LongType };
  const opts = { registry, wrapUnions: true as const };
  for (const ref of references) avro.Type.forSchema(JSON.parse(ref) as Schema, opts);
  const type = avro.Type.forSchema(JSON.parse(schemaText) as Schema, opts);
  return {
    type,
    toJson: (buf, style = 'plain') => toJsonValue(type, type.fromBuffer(buf), style),
    fromJson: (value, style = 'plain') => {
      const v = fromJsonValue(type, value, style, '');
      const errors: string[] = [];
      if (!type.isValid(v, { errorHook: (path: string[]) => void errors.push(path.join('.') || '(root)') })) {
        throw new Error(`does not match the Avro schema at ${errors[0] ?? '(root)'}`);
      }
      return type.toBuffer(v);
    },
  };
}

/** avsc names a custom long 'abstract:long'. */
function kind(t: Type): string {
  return t.typeName === 'abstract:long' ? 'long' : t.typeName;
}

function typeName(t: Type): string {
  return t.branchName ?? kind(t);
}

function toJsonValue(t: Type, v: unknown, style: AvroJsonStyle): unknown {
  switch (kind(t)) {
    case 'long':
      return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
    case 'bytes':
    case 'fixed':
      return style === 'standard' ? (v as Buffer).toString('latin1') : (v as Buffer).toString('base64');
    case 'float':
    case 'double':
      return Number.isFinite(v as number) ? v : String(v);
    case 'array': {
      const items = (t as unknown as { itemsType: Type }).itemsType;
      return (v as unknown[]).map((x) => toJsonValue(items, x, style));
    }
    case 'map': {
      const values = (t as unknown as { valuesType: Type }).valuesType;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = toJsonValue(values, x, style);
      return out;
    }
    case 'record':
    case 'error': {
      const out: Record<string, unknown> = {};
      for (const f of (t as unknown as { fields: Array<{ name: string; type: Type }> }).fields) out[f.name] = toJsonValue(f.type, (v as Record<string, unknown>)[f.name], style);
      return out;
    }
    case 'union:wrapped': {
      if (v === null) return null;
      const [branch, inner] = Object.entries(v as Record<string, unknown>)[0]!;
      const types = (t as unknown as { types: Type[] }).types;
      const bt = types.find((x) => typeName(x) === branch)!;
      const value = toJsonValue(bt, inner, style);
      if (style === 'plain' && isNullable(types)) return value;
      return { [branch]: value };
    }
    default:
      return v;
  }
}

/** [null, T] or [T, null]: a null or a T is unambiguous, no wrapper needed. */
function isNullable(types: Type[]): boolean {
  return types.length === 2 && types.some((x) => x.typeName === 'null');
}

function fail(path: string, what: string): never {
  throw new Error(`${path || '(root)'}: ${what}`);
}

function fromJsonValue(t: Type, v: unknown, style: AvroJsonStyle, path: string): unknown {
  switch (kind(t)) {
    case 'long':
      if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
      if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
      return fail(path, 'expected a long (an integer, or a decimal string beyond 2^53)');
    case 'bytes':
    case 'fixed':
      if (typeof v !== 'string') return fail(path, `expected ${style === 'standard' ? 'an ISO-8859-1' : 'a base64'} string for ${t.typeName}`);
      if (style === 'standard') return Buffer.from(v, 'latin1');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) return fail(path, `expected a base64 string for ${t.typeName}`);
      return Buffer.from(v, 'base64');
    case 'float':
    case 'double':
      if (v === 'NaN') return NaN;
      if (v === 'Infinity') return Infinity;
      if (v === '-Infinity') return -Infinity;
      return v;
    case 'array': {
      if (!Array.isArray(v)) return fail(path, 'expected an array');
      const items = (t as unknown as { itemsType: Type }).itemsType;
      return v.map((x, i) => fromJsonValue(items, x, style, `${path}[${i}]`));
    }
    case 'map': {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return fail(path, 'expected an object (map)');
      const values = (t as unknown as { valuesType: Type }).valuesType;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = fromJsonValue(values, x, style, `${path}.${k}`);
      return out;
    }
    case 'record':
    case 'error': {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return fail(path, 'expected an object (record)');
      const RecordCtor = (t as unknown as { recordConstructor: new (...a: unknown[]) => unknown }).recordConstructor;
      const fields = (t as unknown as { fields: Array<{ name: string; type: Type; defaultValue(): unknown }> }).fields;
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) if (!fields.some((f) => f.name === k)) fail(path, `unknown field '${k}'`);
      const args = fields.map((f) => {
        const p = path ? `${path}.${f.name}` : f.name;
        if (!(f.name in o)) {
          const d = f.defaultValue();
          if (d === undefined) fail(p, 'missing field');
          return d;
        }
        return fromJsonValue(f.type, o[f.name], style, p);
      });
      return new RecordCtor(...args);
    }
    case 'union:wrapped': {
      const types = (t as unknown as { types: Type[] }).types;
      if (v === null) {
        if (!types.some((x) => x.typeName === 'null')) fail(path, 'null is not in this union');
        return null;
      }
      if (style === 'plain' && isNullable(types)) {
        const bt = types.find((x) => x.typeName !== 'null')!;
        return { [typeName(bt)]: fromJsonValue(bt, v, style, path) };
      }
      if (!v || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length !== 1) {
        return fail(path, `expected {"<type>": value} for a union of ${types.map(typeName).join(', ')}`);
      }
      const [branch, inner] = Object.entries(v as Record<string, unknown>)[0]!;
      const bt = types.find((x) => typeName(x) === branch);
      if (!bt) return fail(path, `'${branch}' is not a branch of the union (${types.map(typeName).join(', ')})`);
      return { [branch]: fromJsonValue(bt, inner, style, path) };
    }
    default:
      return v;
  }
}
