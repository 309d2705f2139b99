/**
 * Protobuf serde (protobufjs). The JSON view is Protobuf's canonical JSON mapping with the field names of the
 * .proto file: 64-bit integers as decimal strings, bytes as base64, enums by name, unset fields left out.
 * The Confluent message-index list names which message of the file a record holds.
 */
import protobuf from 'protobufjs';
import { decodeMessageIndexes, encodeMessageIndexes } from './framing.js';

type PType = protobuf.Type;

export interface ProtobufCodec {
  /** Fully qualified names of every message in the file, with their index paths. */
  messages: Array<{ name: string; path: number[] }>;
  /** Decodes a payload (message indexes first). */
  toJson(payload: Buffer): { message: string; value: unknown };
  /** Encodes the value as `message` (default: the file's first message), message indexes first. */
  fromJson(value: unknown, message?: string): Buffer;
}

function messagesOf(ns: protobuf.NamespaceBase, prefix: number[], out: Array<{ name: string; path: number[] }>): void {
  let i = 0;
  for (const n of ns.nestedArray) {
    if (!(n instanceof protobuf.Type)) continue;
    const path = [...prefix, i++];
    out.push({ name: n.fullName.replace(/^\./, ''), path });
    messagesOf(n, path, out);
  }
}

/** `references`: imported files by import name (e.g. {"other.proto": "syntax = ..."}). */
export function protobufCodec(schemaText: string, references: Record<string, string> = {}): ProtobufCodec {
  const opts = { keepCase: true };
  // The file alone gives the message order (the index paths); the full root resolves imported types.
  const own = protobuf.parse(schemaText, new protobuf.Root(), opts);
  const ownNs = own.package ? own.root.lookup(own.package) : own.root;
  const messages: Array<{ name: string; path: number[] }> = [];
  if (ownNs instanceof protobuf.Namespace || ownNs instanceof protobuf.Root) messagesOf(ownNs as protobuf.NamespaceBase, [], messages);
  if (messages.length === 0) throw new Error('the .proto file declares no message');
  const root = new protobuf.Root();
  for (const text of Object.values(references)) protobuf.parse(text, root, opts);
  protobuf.parse(schemaText, root, opts);
  root.resolveAll();
  const typeOf = (name: string) => root.lookupType(name);
  const byPath = new Map(messages.map((m) => [m.path.join('.'), m.name]));
  return {
    messages,
    toJson(payload) {
      const { path, rest } = decodeMessageIndexes(payload);
      const name = byPath.get(path.join('.'));
      if (!name) throw new Error(`message index [${path.join(',')}] is not in the schema`);
      const t = typeOf(name);
      const msg = t.decode(rest);
      // protobufjs gives Infinity and NaN as numbers, which JSON.stringify turns into null: canonical JSON strings.
      return { message: name, value: nonFinite(t.toObject(msg, { longs: String, enums: String, bytes: String, defaults: false })) };
    },
    fromJson(value, message) {
      const entry = message === undefined ? messages[0]! : messages.find((m) => m.name === message || m.name.endsWith(`.${message}`));
      if (!entry) throw new Error(`no message '${message}' in the schema (it has ${messages.map((m) => m.name).join(', ')})`);
      const t = typeOf(entry.name);
      checkMessage(t, value, '');
      const bytes = t.encode(t.fromObject(value as Record<string, unknown>)).finish();
      return Buffer.concat([encodeMessageIndexes(entry.path), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
    },
  };
}

/** Infinity, -Infinity and NaN as proto3 JSON writes them (strings); everything else as it is. */
function nonFinite(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (Array.isArray(v)) return v.map(nonFinite);
  if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
    const o = v as Record<string, unknown>;
    for (const k in o) o[k] = nonFinite(o[k]);
  }
  return v;
}

function fail(path: string, what: string): never {
  throw new Error(`${path || '(root)'}: ${what}`);
}

const SIGNED32: [bigint, bigint] = [-(2n ** 31n), 2n ** 31n - 1n];
const UNSIGNED32: [bigint, bigint] = [0n, 2n ** 32n - 1n];
const SIGNED64: [bigint, bigint] = [-(2n ** 63n), 2n ** 63n - 1n];
const UNSIGNED64: [bigint, bigint] = [0n, 2n ** 64n - 1n];
/** The range of each integer type: protobufjs would silently wrap a value outside it. */
const INT32: Record<string, [bigint, bigint]> = { int32: SIGNED32, sint32: SIGNED32, sfixed32: SIGNED32, uint32: UNSIGNED32, fixed32: UNSIGNED32 };
const INT64: Record<string, [bigint, bigint]> = { int64: SIGNED64, sint64: SIGNED64, sfixed64: SIGNED64, uint64: UNSIGNED64, fixed64: UNSIGNED64 };

function inRange(n: bigint, type: string, [lo, hi]: [bigint, bigint], path: string): void {
  if (n < lo || n > hi) fail(path, `${n} is out of range for ${type} (${lo} to ${hi})`);
}

/** protobufjs's fromObject silently turns wrong values into 0 or drops unknown fields: check first. */
function checkMessage(t: PType, v: unknown, path: string): void {
  if (!v || typeof v !== 'object' || Array.isArray(v)) fail(path, `expected an object (message ${t.name})`);
  const oneofs = new Map<string, string>();
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const f = t.fields[k] ?? t.fieldsArray.find((ff) => ff.name === k || (ff as { jsonName?: string }).jsonName === k);
    const p = path ? `${path}.${k}` : k;
    if (!f) fail(p, `unknown field of ${t.name}`);
    if (x === null) continue;
    const group = f.partOf;
    if (group && !group.name.startsWith('_')) {
      const other = oneofs.get(group.name);
      if (other !== undefined) fail(p, `${other} is already set: both are members of oneof ${group.name}, only one may be set`);
      oneofs.set(group.name, k);
    }
    f.resolve();
    if (f.map) {
      if (!x || typeof x !== 'object' || Array.isArray(x)) fail(p, 'expected an object (map)');
      for (const [mk, mv] of Object.entries(x as Record<string, unknown>)) checkValue(f, mv, `${p}.${mk}`);
    } else if (f.repeated) {
      if (!Array.isArray(x)) fail(p, 'expected an array');
      x.forEach((e, i) => checkValue(f, e, `${p}[${i}]`));
    } else checkValue(f, x, p);
  }
}

function checkValue(f: protobuf.Field, v: unknown, path: string): void {
  const rt = f.resolvedType;
  if (rt instanceof protobuf.Type) return checkMessage(rt, v, path);
  if (rt instanceof protobuf.Enum) {
    if (typeof v === 'string' && v in rt.values) return;
    if (typeof v === 'number' && Number.isInteger(v)) return;
    fail(path, `expected one of ${Object.keys(rt.values).join(', ')}`);
  }
  const type = f.type;
  const r32 = INT32[type];
  if (r32) {
    if (typeof v === 'number' && Number.isInteger(v)) return inRange(BigInt(v), type, r32, path);
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return inRange(BigInt(v), type, r32, path);
    fail(path, `expected an integer (${type})`);
  }
  const r64 = INT64[type];
  if (r64) {
    if ((typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v))) return inRange(BigInt(v), type, r64, path);
    fail(path, `expected an integer or a decimal string (${type})`);
  }
  if (type === 'double' || type === 'float') {
    if (typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity') return;
    fail(path, `expected a number (${type})`);
  }
  if (type === 'bool') {
    if (typeof v === 'boolean') return;
    fail(path, 'expected true or false');
  }
  if (type === 'string') {
    if (typeof v === 'string') return;
    fail(path, 'expected a string');
  }
  if (type === 'bytes') {
    if (typeof v === 'string' && v.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(v)) return;
    fail(path, 'expected a base64 string (bytes)');
  }
}
