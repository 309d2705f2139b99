/**
 * Avro serde (avsc) with a JSON view that is unambiguous and exact:
 * - long: a JSON number when it is a safe integer, else a decimal string (never rounded);
 * - bytes and fixed: base64 strings;
 * - unions: null as null; a union of null and one other type as the bare value; any other union as
 *   {"<branch type name>": value} (Avro's own JSON style).
 * With style "standard": Avro's JSON encoding (bytes/fixed as ISO-8859-1 strings, every non-null union value wrapped).
 * Logical types (decimal, uuid, date, times, timestamps, duration) readable by default (see avro-logical.ts);
 * logical "raw" shows their underlying value instead.
 * Every long (plain "long" or {"type":"long", ...}, with or without a logical type) is read as BigInt, so values
 * beyond 2^53 survive a decode/encode round trip.
 */
import avro from 'avsc';
import type { Schema, Type } from 'avsc';
import { logicalFits, logicalFromJson, logicalToJson, type LogicalAttrs } from './avro-logical.js';

export type AvroJsonStyle = 'plain' | 'standard';
/** How logical types are shown: readable (ISO times, decimal strings, ...) or raw (their underlying Avro value). */
export type AvroLogical = 'readable' | 'raw';
export const AVRO_LOGICAL = ['readable', 'raw'] as const;

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

const LogicalType = (avro.types as unknown as { LogicalType: new (schema: object, opts: object) => Type & { readonly underlyingType: Type } }).LogicalType;

/** The schema whose underlying type a Tagged is building right now (the type hook must not tag it twice). */
let building: object | undefined;

/**
 * A logical type that keeps avsc's value as it is (BigInt, number, Buffer) and only carries its attributes:
 * the JSON view converts, so readable and raw are two views of one decoded value.
 */
class Tagged extends LogicalType {
  readonly attrs: LogicalAttrs;
  constructor(schema: Record<string, unknown>, opts: object) {
    const outer = building;
    building = schema;
    try {
      super(schema, opts);
    } finally {
      building = outer;
    }
    this.attrs = {
      name: schema.logicalType as string,
      underlying: schema.type as string,
      ...(typeof schema.precision === 'number' ? { precision: schema.precision } : {}),
      ...(typeof schema.scale === 'number' ? { scale: schema.scale } : {}),
      ...(typeof schema.size === 'number' ? { size: schema.size } : {}),
    };
  }
  _fromValue(v: unknown): unknown {
    return v;
  }
  _toValue(v: unknown): unknown {
    return v;
  }
  _resolve(): undefined {
    return undefined;
  }
  _export(schema: Record<string, unknown>): void {
    if (this.attrs.precision !== undefined) schema.precision = this.attrs.precision;
    if (this.attrs.scale !== undefined) schema.scale = this.attrs.scale;
  }
}

/** avsc builds {"type":"long"} as its own (Number) long, bypassing the registry: every long is the BigInt one. */
function typeHook(schema: unknown, opts: object): Type | undefined {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  const s = schema as Record<string, unknown>;
  if (s !== building && typeof s.logicalType === 'string' && logicalFits(s)) return new Tagged(s, opts);
  if (s.type === 'long') return LongType;
  return undefined;
}

export interface AvroCodec {
  type: Type;
  toJson(buf: Buffer, style?: AvroJsonStyle, logical?: AvroLogical): unknown;
  fromJson(value: unknown, style?: AvroJsonStyle, logical?: AvroLogical): Buffer;
}

/** Parses an Avro schema (JSON text); `references` are schemas of named types it uses, parsed first. */
export function avroCodec(schemaText: string, references: string[] = []): AvroCodec {
  const registry: Record<string, Type> = { long: LongType };
  const opts = { registry, wrapUnions: true as const, typeHook };
  for (const ref of references) avro.Type.forSchema(JSON.parse(ref) as Schema, opts as avro.ForSchemaOptions);
  const type = avro.Type.forSchema(JSON.parse(schemaText) as Schema, opts as avro.ForSchemaOptions);
  // Converters are built once per schema and view (a closure per type), not walked by name per record.
  const to = new Map<string, Conv>();
  const from = new Map<string, Conv>();
  const view = (m: Map<string, Conv>, style: AvroJsonStyle, logical: AvroLogical, build: typeof compileToJson) => {
    const k = `${style}/${logical}`;
    let c = m.get(k);
    if (!c) m.set(k, (c = build(type, { style, logical }, new Map())));
    return c;
  };
  return {
    type,
    toJson: (buf, style = 'plain', logical = 'readable') => view(to, style, logical, compileToJson)(type.fromBuffer(buf)),
    fromJson: (value, style = 'plain', logical = 'readable') => {
      let v: unknown;
      try {
        v = view(from, style, logical, compileFromJson)(value);
      } catch (e) {
        if (e instanceof PathError) throw new Error(`${e.path.join('').replace(/^\./, '') || '(root)'}: ${e.message}`);
        throw e;
      }
      try {
        // avsc checks every value as it writes; the slower path-finding check runs only when that fails.
        return type.toBuffer(v);
      } catch (e) {
        const errors: string[] = [];
        type.isValid(v, { errorHook: (path: string[]) => void errors.push(path.join('.') || '(root)') });
        throw new Error(`does not match the Avro schema at ${errors[0] ?? '(root)'}${errors[0] ? '' : ` (${(e as Error).message})`}`);
      }
    },
  };
}

/** avsc names a custom long 'abstract:long', a logical type 'logical:<name>'. */
function kind(t: Type): string {
  return t.typeName === 'abstract:long' ? 'long' : t instanceof Tagged ? 'logical' : t.typeName;
}

interface View {
  style: AvroJsonStyle;
  logical: AvroLogical;
}

function typeName(t: Type): string {
  return t.branchName ?? kind(t);
}

/** [null, T] or [T, null]: a null or a T is unambiguous, no wrapper needed. */
function isNullable(types: Type[]): boolean {
  return types.length === 2 && types.some((x) => x.typeName === 'null');
}

type Conv = (v: unknown) => unknown;
const identity: Conv = (v) => v;

/** Named types may be recursive: each converter is memoized before its parts are built. */
function memoized(t: Type, memo: Map<Type, Conv>, build: () => Conv): Conv {
  const known = memo.get(t);
  if (known) return known;
  let real: Conv | undefined;
  memo.set(t, (v) => real!(v));
  real = build();
  memo.set(t, real);
  return real;
}

interface Fields {
  fields: Array<{ name: string; type: Type; defaultValue(): unknown }>;
}

function compileToJson(t: Type, view: View, memo: Map<Type, Conv>): Conv {
  const style = view.style;
  switch (kind(t)) {
    case 'logical': {
      const raw = compileToJson((t as Tagged).underlyingType, view, memo);
      return view.logical === 'raw' ? raw : logicalToJson((t as Tagged).attrs, raw);
    }
    case 'long':
      return (v) => (Number.isSafeInteger(Number(v)) ? Number(v) : String(v));
    case 'bytes':
    case 'fixed':
      return style === 'standard' ? (v) => (v as Buffer).toString('latin1') : (v) => (v as Buffer).toString('base64');
    case 'float':
    case 'double':
      return (v) => (Number.isFinite(v as number) ? v : String(v));
    case 'array': {
      const items = compileToJson((t as unknown as { itemsType: Type }).itemsType, view, memo);
      return (v) => (v as unknown[]).map(items);
    }
    case 'map': {
      const values = compileToJson((t as unknown as { valuesType: Type }).valuesType, view, memo);
      return (v) => {
        const out: Record<string, unknown> = {};
        for (const k in v as Record<string, unknown>) out[k] = values((v as Record<string, unknown>)[k]);
        return out;
      };
    }
    case 'record':
    case 'error':
      return memoized(t, memo, () => {
        const fields = (t as unknown as Fields).fields.map((f) => [f.name, compileToJson(f.type, view, memo)] as const);
        return (v) => {
          const out: Record<string, unknown> = {};
          for (const [name, conv] of fields) out[name] = conv((v as Record<string, unknown>)[name]);
          return out;
        };
      });
    case 'union:wrapped': {
      const types = (t as unknown as { types: Type[] }).types;
      const branches = new Map(types.map((x) => [typeName(x), compileToJson(x, view, memo)]));
      const bare = style === 'plain' && isNullable(types);
      return (v) => {
        if (v === null) return null;
        for (const branch in v as Record<string, unknown>) {
          const value = branches.get(branch)!((v as Record<string, unknown>)[branch]);
          return bare ? value : { [branch]: value };
        }
        return null;
      };
    }
    default:
      return identity;
  }
}

/** A value that does not fit; `path` is filled in on the way out (only then, so the good path builds no strings). */
class PathError extends Error {
  path: string[] = [];
}

function fail(what: string): never {
  throw new PathError(what);
}

function at(path: string, conv: Conv, v: unknown): unknown {
  try {
    return conv(v);
  } catch (e) {
    if (e instanceof PathError) e.path.unshift(path);
    throw e;
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function compileFromJson(t: Type, view: View, memo: Map<Type, Conv>): Conv {
  const style = view.style;
  switch (kind(t)) {
    case 'logical': {
      const raw = compileFromJson((t as Tagged).underlyingType, view, memo);
      return view.logical === 'raw' ? raw : logicalFromJson((t as Tagged).attrs, raw, fail);
    }
    case 'long':
      return (v) => {
        if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
        // A bare number beyond 2^53 as Avro's JSON encoder writes it (read exactly by parseExactJson).
        if (typeof v === 'bigint') return v;
        if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
        return fail('expected a long (an integer, or a decimal string beyond 2^53)');
      };
    case 'bytes':
    case 'fixed': {
      const name = kind(t);
      if (style === 'standard') return (v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : fail(`expected an ISO-8859-1 string for ${name}`));
      return (v) => (typeof v === 'string' && v.length % 4 === 0 && BASE64.test(v) ? Buffer.from(v, 'base64') : fail(`expected a base64 string for ${name}`));
    }
    case 'float':
    case 'double':
      return (v) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : typeof v === 'bigint' ? Number(v) : v);
    case 'array': {
      const items = compileFromJson((t as unknown as { itemsType: Type }).itemsType, view, memo);
      return (v) => (Array.isArray(v) ? v.map((x, i) => at(`[${i}]`, items, x)) : fail('expected an array'));
    }
    case 'map': {
      const values = compileFromJson((t as unknown as { valuesType: Type }).valuesType, view, memo);
      return (v) => {
        if (!v || typeof v !== 'object' || Array.isArray(v)) return fail('expected an object (map)');
        const out: Record<string, unknown> = {};
        for (const k in v as Record<string, unknown>) out[k] = at(`.${k}`, values, (v as Record<string, unknown>)[k]);
        return out;
      };
    }
    case 'record':
    case 'error':
      return memoized(t, memo, () => recordFromJson(t, view, memo));
    case 'union:wrapped':
      return unionFromJson((t as unknown as { types: Type[] }).types, view, memo);
    default:
      return identity;
  }
}

/** A record from its JSON object: every field (or its default), no unknown field. */
function recordFromJson(t: Type, view: View, memo: Map<Type, Conv>): Conv {
  const RecordCtor = (t as unknown as { recordConstructor: new (...a: unknown[]) => unknown }).recordConstructor;
  const fields = (t as unknown as Fields).fields.map((f) => ({ name: f.name, conv: compileFromJson(f.type, view, memo), def: () => f.defaultValue() }));
  const names = new Set(fields.map((f) => f.name));
  return (v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return fail('expected an object (record)');
    const o = v as Record<string, unknown>;
    const args = fields.map((f) => {
      const label = `.${f.name}`;
      if (!(f.name in o)) {
        const d = f.def();
        if (d === undefined) {
          const e = new PathError('missing field');
          e.path.unshift(label);
          throw e;
        }
        return d;
      }
      return at(label, f.conv, o[f.name]);
    });
    for (const k in o) if (!names.has(k)) fail(`unknown field '${k}'`);
    return new RecordCtor(...args);
  };
}

/** A union value from {"<type>": value}, or (plain style, a nullable union) the bare value. */
function unionFromJson(types: Type[], view: View, memo: Map<Type, Conv>): Conv {
  const branches = new Map(types.map((x) => [typeName(x), compileFromJson(x, view, memo)]));
  const hasNull = types.some((x) => x.typeName === 'null');
  const list = types.map(typeName).join(', ');
  if (view.style === 'plain' && isNullable(types)) {
    const other = types.find((x) => x.typeName !== 'null')!;
    const name = typeName(other);
    const conv = branches.get(name)!;
    return (v) => (v === null ? null : { [name]: conv(v) });
  }
  return (v) => {
    if (v === null) return hasNull ? null : fail('null is not in this union');
    if (!v || typeof v !== 'object' || Array.isArray(v) || Object.keys(v).length !== 1) return fail(`expected {"<type>": value} for a union of ${list}`);
    for (const branch in v as Record<string, unknown>) {
      const conv = branches.get(branch);
      if (!conv) return fail(`'${branch}' is not a branch of the union (${list})`);
      return { [branch]: conv((v as Record<string, unknown>)[branch]) };
    }
    return null;
  };
}
