/**
 * Avro logical types in the JSON view: readable and exact (decimal as a decimal string, timestamps as ISO 8601
 * with their full precision, dates, times, uuids, durations), each accepted back on produce, together with the
 * raw underlying form where that is unambiguous (an integer for a date or timestamp).
 * A value the readable form cannot show (a timestamp beyond year 275760, a time past midnight) stays raw.
 * Values arrive as avsc gives them: int as number, long as BigInt, bytes/fixed as Buffer.
 */

export type LogicalAttrs = { name: string; precision?: number; scale?: number; size?: number; underlying: string };

/** What the underlying type is and whether the logical type fits it (Avro spec: else it is ignored). */
export function logicalFits(schema: Record<string, unknown>): boolean {
  const t = schema.type;
  const name = schema.logicalType;
  switch (name) {
    case 'decimal': {
      const p = schema.precision;
      const s = schema.scale ?? 0;
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 1) return false;
      if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > p) return false;
      if (t === 'bytes') return true;
      if (t === 'fixed' && typeof schema.size === 'number') return p <= Math.floor(Math.log10(2) * (8 * schema.size - 1));
      return false;
    }
    case 'uuid':
      return t === 'string' || (t === 'fixed' && schema.size === 16);
    case 'date':
    case 'time-millis':
      return t === 'int';
    case 'time-micros':
    case 'timestamp-millis':
    case 'timestamp-micros':
    case 'timestamp-nanos':
    case 'local-timestamp-millis':
    case 'local-timestamp-micros':
    case 'local-timestamp-nanos':
      return t === 'long';
    case 'duration':
      return t === 'fixed' && schema.size === 12;
    default:
      return false;
  }
}

type Conv = (v: unknown) => unknown;

/** Thrown for a value that does not fit; the caller adds the field path. */
export type Fail = (what: string) => never;

// ---- decimal -------------------------------------------------------------------------------------------------

function unscaledOf(buf: Buffer): bigint {
  if (buf.length === 0) return 0n;
  let n = 0n;
  for (const b of buf) n = (n << 8n) | BigInt(b);
  return buf[0]! & 0x80 ? n - (1n << BigInt(buf.length * 8)) : n;
}

/** Big-endian two's complement: minimal (as Java's BigInteger.toByteArray) or sign-extended to `size`. */
function unscaledBytes(n: bigint, size: number | undefined, fail: Fail): Buffer {
  let len = 1;
  while (n < -(1n << BigInt(len * 8 - 1)) || n >= 1n << BigInt(len * 8 - 1)) len++;
  if (size !== undefined) {
    if (len > size) fail(`decimal does not fit in fixed(${size})`);
    len = size;
  }
  const out = Buffer.alloc(len);
  let v = n < 0n ? (1n << BigInt(len * 8)) + n : n;
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export function decimalToString(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  let digits = (neg ? -unscaled : unscaled).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return neg ? `-${digits}` : digits;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** The unscaled integer of a decimal string or number at `scale`; refuses what would need rounding. */
export function decimalFromJson(v: unknown, precision: number, scale: number, fail: Fail): bigint {
  const text = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  const m = text === undefined ? null : DECIMAL.exec(text);
  if (!m) return fail(`expected a decimal (a string such as "-987.65", or a number) with scale ${scale}`);
  let int = m[2]!;
  let frac = m[3] ?? '';
  const exp = m[4] ? Number(m[4]) : 0;
  if (exp > 0) {
    const moved = frac.slice(0, exp).padEnd(exp, '0');
    int += moved;
    frac = frac.slice(exp);
  } else if (exp < 0) {
    const k = -exp;
    const padded = int.padStart(k + 1, '0');
    frac = padded.slice(-k) + frac;
    int = padded.slice(0, -k);
  }
  const extra = frac.slice(scale);
  if (/[1-9]/.test(extra)) fail(`decimal ${text} has more than ${scale} digits after the point (scale ${scale}): it would be rounded`);
  const digits = (int + frac.slice(0, scale).padEnd(scale, '0')).replace(/^0+(?=\d)/, '');
  if (digits.replace(/^0+/, '').length > precision) fail(`decimal ${text} has more than ${precision} digits (precision ${precision})`);
  const n = BigInt(digits);
  return m[1] === '-' ? -n : n;
}

// ---- times ---------------------------------------------------------------------------------------------------

const UNITS = { millis: 1000n, micros: 1_000_000n, nanos: 1_000_000_000n } as const;
type Unit = keyof typeof UNITS;
const DIGITS: Record<Unit, number> = { millis: 3, micros: 6, nanos: 9 };
const MAX_DATE_MS = 8.64e15;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** ISO 8601 of an instant in `unit` since the epoch, with exactly the unit's digits; undefined beyond JS dates. */
export function isoOf(v: bigint, unit: Unit, zone: boolean): string | undefined {
  const per = UNITS[unit];
  const sec = floorDiv(v, per);
  const ms = Number(sec) * 1000;
  if (!(Math.abs(ms) <= MAX_DATE_MS)) return undefined;
  const frac = (v - sec * per).toString().padStart(DIGITS[unit], '0');
  return `${new Date(ms).toISOString().slice(0, -5)}.${frac}${zone ? 'Z' : ''}`;
}

const ISO = /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

/** An ISO 8601 time (or an integer, the raw form) as `unit` since the epoch; refuses digits the unit cannot hold. */
export function instantFromJson(v: unknown, unit: Unit, zone: boolean, fail: Fail): bigint {
  const raw = rawInteger(v);
  if (raw !== undefined) return raw;
  const m = typeof v === 'string' ? ISO.exec(v) : null;
  const want = zone ? 'an ISO 8601 UTC time such as "2025-12-06T05:46:40.456Z"' : 'an ISO 8601 local time such as "2025-12-06T05:46:40.456"';
  if (!m) return fail(`expected ${want} (or an integer of ${unit} since the epoch)`);
  if (!zone && m[8]) fail(`a local timestamp has no time zone: expected ${want}`);
  const sec = utcSeconds(m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6] ?? '0', fail, v as string);
  const fracText = m[7] ?? '';
  if (/[1-9]/.test(fracText.slice(DIGITS[unit]))) fail(`${v as string} has more digits after the second than ${unit} keep`);
  const frac = BigInt(fracText.slice(0, DIGITS[unit]).padEnd(DIGITS[unit], '0'));
  let offsetSec = 0n;
  const z = m[8];
  if (z && z !== 'Z' && z !== 'z') {
    const d = z.replace(':', '');
    offsetSec = BigInt((Number(d.slice(1, 3)) * 60 + Number(d.slice(3, 5))) * 60) * (d[0] === '-' ? -1n : 1n);
  }
  return (sec - offsetSec) * UNITS[unit] + frac;
}

function utcSeconds(y: string, mo: string, d: string, h: string, mi: string, s: string, fail: Fail, text: string): bigint {
  const date = new Date(0);
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  date.setUTCFullYear(parts[0], parts[1], parts[2]);
  date.setUTCHours(parts[3], parts[4], parts[5], 0);
  const back = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
  if (Number.isNaN(date.getTime()) || back.some((x, i) => x !== parts[i])) fail(`${text} is not a valid date and time`);
  return BigInt(date.getTime() / 1000);
}

export function dateOf(days: number): string | undefined {
  const ms = days * 86_400_000;
  if (!(Math.abs(ms) <= MAX_DATE_MS)) return undefined;
  return new Date(ms).toISOString().slice(0, -14);
}

const DATE = /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})$/;

export function dateFromJson(v: unknown, fail: Fail): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  const m = typeof v === 'string' ? DATE.exec(v) : null;
  if (!m) return fail('expected a date such as "2026-12-07" (or an integer of days since 1970-01-01)');
  return Number(utcSeconds(m[1]!, m[2]!, m[3]!, '00', '00', '0', fail, v as string) / 86_400n);
}

export function timeOf(v: bigint, unit: 'millis' | 'micros'): string | undefined {
  const per = UNITS[unit];
  if (v < 0n || v >= 86_400n * per) return undefined;
  const sec = v / per;
  const hh = String(sec / 3600n).padStart(2, '0');
  const mm = String((sec / 60n) % 60n).padStart(2, '0');
  const ss = String(sec % 60n).padStart(2, '0');
  return `${hh}:${mm}:${ss}.${(v % per).toString().padStart(DIGITS[unit], '0')}`;
}

const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/;

export function timeFromJson(v: unknown, unit: 'millis' | 'micros', fail: Fail): bigint {
  const raw = rawInteger(v);
  if (raw !== undefined) return raw;
  const m = typeof v === 'string' ? TIME.exec(v) : null;
  if (!m) return fail(`expected a time of day such as "13:45:30.${'1'.repeat(DIGITS[unit])}" (or an integer of ${unit} since midnight)`);
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) fail(`${v as string} is not a valid time of day`);
  const fracText = m[4] ?? '';
  if (/[1-9]/.test(fracText.slice(DIGITS[unit]))) fail(`${v as string} has more digits after the second than ${unit} keep`);
  return BigInt((h * 60 + mi) * 60 + s) * UNITS[unit] + BigInt(fracText.slice(0, DIGITS[unit]).padEnd(DIGITS[unit], '0'));
}

function rawInteger(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  return undefined;
}

// ---- uuid, duration ------------------------------------------------------------------------------------------

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function uuidOfBytes(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function durationOf(b: Buffer): { months: number; days: number; milliseconds: number } {
  return { months: b.readUInt32LE(0), days: b.readUInt32LE(4), milliseconds: b.readUInt32LE(8) };
}

function durationFromJson(v: unknown, fail: Fail): Buffer {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return fail('expected a duration {"months": n, "days": n, "milliseconds": n}');
  const o = v as Record<string, unknown>;
  const out = Buffer.alloc(12);
  ['months', 'days', 'milliseconds'].forEach((k, i) => {
    const n = o[k] ?? 0;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) fail(`duration ${k} must be an integer from 0 to 4294967295`);
    out.writeUInt32LE(n, i * 4);
  });
  for (const k in o) if (k !== 'months' && k !== 'days' && k !== 'milliseconds') fail(`unknown duration field '${k}'`);
  return out;
}

// ---- converters ----------------------------------------------------------------------------------------------

/** The readable view of a logical value; `raw` renders the underlying value when the readable form cannot. */
export function logicalToJson(a: LogicalAttrs, raw: Conv): Conv {
  const zone = !a.name.startsWith('local-');
  switch (a.name) {
    case 'decimal': {
      const scale = a.scale ?? 0;
      return (v) => decimalToString(unscaledOf(v as Buffer), scale);
    }
    case 'uuid':
      return a.underlying === 'fixed' ? (v) => uuidOfBytes(v as Buffer) : raw;
    case 'date':
      return (v) => dateOf(v as number) ?? raw(v);
    case 'time-millis':
      return (v) => timeOf(BigInt(v as number), 'millis') ?? raw(v);
    case 'time-micros':
      return (v) => timeOf(v as bigint, 'micros') ?? raw(v);
    case 'duration':
      return (v) => durationOf(v as Buffer);
    default: {
      const unit = a.name.slice(a.name.lastIndexOf('-') + 1) as Unit;
      return (v) => isoOf(v as bigint, unit, zone) ?? raw(v);
    }
  }
}

/** The underlying value of a logical value written in its readable form (or, where unambiguous, its raw form). */
export function logicalFromJson(a: LogicalAttrs, raw: Conv, fail: Fail): Conv {
  const zone = !a.name.startsWith('local-');
  switch (a.name) {
    case 'decimal': {
      const scale = a.scale ?? 0;
      const size = a.underlying === 'fixed' ? a.size : undefined;
      return (v) => unscaledBytes(decimalFromJson(v, a.precision!, scale, fail), size, fail);
    }
    case 'uuid':
      return (v) => {
        if (typeof v !== 'string' || !UUID.test(v)) return fail(`expected a UUID such as "123e4567-e89b-12d3-a456-426614174000", not ${JSON.stringify(v)}`);
        return a.underlying === 'fixed' ? Buffer.from(v.replace(/-/g, ''), 'hex') : v;
      };
    case 'date':
      return (v) => {
        const d = dateFromJson(v, fail);
        if (d < -(2 ** 31) || d >= 2 ** 31) fail('date out of range of an int');
        return d;
      };
    case 'time-millis':
      return (v) => {
        const n = timeFromJson(v, 'millis', fail);
        if (n < -(2n ** 31n) || n >= 2n ** 31n) fail('time-millis out of range of an int');
        return Number(n);
      };
    case 'time-micros':
      return (v) => raw(timeFromJson(v, 'micros', fail));
    case 'duration':
      return (v) => durationFromJson(v, fail);
    default: {
      const unit = a.name.slice(a.name.lastIndexOf('-') + 1) as Unit;
      return (v) => raw(instantFromJson(v, unit, zone, fail));
    }
  }
}
