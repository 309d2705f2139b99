/**
 * The `tail -f, --format` template language, in the spirit of kcat's `-f`, compiled once and applied per record.
 * Keys and values are written as their raw bytes (nothing is lost in a pipe); on a terminal the caller asks for
 * `safe` rendering, which escapes bytes that would disturb it (see safeText).
 */
import { UsageError } from '../../core/errors.js';
import type { ConsumedRecord } from '../../core/records.js';
import { safeText } from './records.js';

/** Shown in `tail --help`. */
export const FORMAT_HELP = `Format tokens (-f):
  %t topic      %p partition    %o offset
  %k key        %K key length (-1 when null)
  %s value      %S value length (-1 when null)
  %T timestamp (ms since the epoch)   %I timestamp (ISO-8601, UTC)
  %h headers as key=value,key=value   %%  a literal %
  escapes: \\n newline, \\t tab, \\r carriage return, \\0 NUL, \\\\ backslash
  A null key or value prints as nothing.`;

type Part = string | ((r: ConsumedRecord, safe: boolean) => string | Uint8Array);

const EMPTY = Buffer.alloc(0);

function bytes(b: Buffer | null, safe: boolean): string | Uint8Array {
  if (b === null) return EMPTY;
  return safe ? safeText(b, { keepLayout: true }) : b;
}

function headersText(r: ConsumedRecord, safe: boolean): string | Uint8Array {
  if (r.headers.length === 0) return EMPTY;
  const parts: Buffer[] = [];
  r.headers.forEach((h, i) => {
    if (i > 0) parts.push(Buffer.from(','));
    parts.push(Buffer.from(h.key + '=', 'utf8'));
    if (h.value) parts.push(h.value);
  });
  const all = Buffer.concat(parts);
  return safe ? safeText(all, { keepLayout: true }) : all;
}

const TOKENS: Record<string, Part> = {
  t: (r) => r.topic,
  p: (r) => String(r.partition),
  o: (r) => r.offset,
  k: (r, safe) => bytes(r.key, safe),
  K: (r) => String(r.key === null ? -1 : r.key.length),
  s: (r, safe) => bytes(r.value, safe),
  S: (r) => String(r.value === null ? -1 : r.value.length),
  T: (r) => r.timestamp,
  I: (r) => {
    const ms = Number(r.timestamp);
    return Number.isFinite(ms) && ms >= 0 ? new Date(ms).toISOString() : '';
  },
  h: headersText,
};

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\' };

export interface RecordFormat {
  /** The record rendered with this template, as bytes. */
  render(r: ConsumedRecord, safe: boolean): Buffer;
}

export function compileFormat(template: string): RecordFormat {
  const parts: Part[] = [];
  let lit = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i]!;
    if (ch === '%') {
      const t = template[i + 1];
      if (t === undefined) throw new UsageError(`invalid --format '${template}': it ends with a lone %, use %% for a literal %`);
      i++;
      if (t === '%') {
        lit += '%';
        continue;
      }
      const part = TOKENS[t];
      if (!part) throw new UsageError(`invalid --format '${template}': unknown token %${t} (see tail --help)`);
      if (lit) parts.push(lit);
      lit = '';
      parts.push(part);
    } else if (ch === '\\') {
      const e = template[i + 1];
      const rep = e === undefined ? undefined : ESCAPES[e];
      if (rep === undefined) {
        // An unknown escape stays as typed, like kcat.
        lit += ch;
        continue;
      }
      i++;
      lit += rep;
    } else lit += ch;
  }
  if (lit) parts.push(lit);
  return {
    render(r, safe) {
      const out: Array<Buffer> = [];
      for (const p of parts) {
        const v = typeof p === 'string' ? p : p(r, safe);
        out.push(typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v.buffer, v.byteOffset, v.byteLength));
      }
      return Buffer.concat(out);
    },
  };
}
