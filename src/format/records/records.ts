/**
 * Human rendering of consumed records, and safe display of bytes on a terminal.
 * A record's bytes never reach a terminal raw: invalid UTF-8 becomes `\xNN`, and control characters
 * (ESC, C0, DEL, C1) are escaped, so a binary value cannot move the cursor, change colors or ring bells.
 */
import type { ChalkInstance } from 'chalk';
import type { ConsumedRecord } from '../../core/records.js';

export interface SafeTextOptions {
  /** Keep `\n` and `\t` as they are (for `-o value` on a terminal); the one-line view escapes them. */
  keepLayout?: boolean;
}

const hex = (b: number) => '\\x' + b.toString(16).padStart(2, '0');

function escapeControl(cp: number, keepLayout: boolean): string | undefined {
  if (cp === 0x0a) return keepLayout ? undefined : '\\n';
  if (cp === 0x09) return keepLayout ? undefined : '\\t';
  if (cp === 0x0d) return '\\r';
  if (cp < 0x20 || cp === 0x7f) return hex(cp);
  if (cp >= 0x80 && cp <= 0x9f) return '\\u' + cp.toString(16).padStart(4, '0');
  // Bidirectional overrides and isolates can make a line display differently from what it contains.
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return '\\u' + cp.toString(16);
  return undefined;
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there does not start one. */
function utf8SequenceLength(buf: Uint8Array, i: number): number {
  const b0 = buf[i]!;
  if (b0 < 0x80) return 1;
  let n: number;
  let min: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    n = 2;
    min = 0x80;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    n = 3;
    min = 0x800;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    n = 4;
    min = 0x10000;
  } else return 0;
  if (i + n > buf.length) return 0;
  let cp = b0 & (0xff >> (n + 1));
  for (let k = 1; k < n; k++) {
    const b = buf[i + k]!;
    if ((b & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

/** Bytes as text that is safe to print on a terminal. Pure ASCII without controls takes the fast path. */
export function safeText(buf: Uint8Array, opts: SafeTextOptions = {}): string {
  const keepLayout = opts.keepLayout ?? false;
  let plain = true;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b < 0x20 || b >= 0x7f) {
      plain = false;
      break;
    }
  }
  if (plain) return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1');
  let out = '';
  let i = 0;
  while (i < buf.length) {
    const n = utf8SequenceLength(buf, i);
    if (n === 0) {
      out += hex(buf[i]!);
      i++;
      continue;
    }
    const ch = Buffer.from(buf.buffer, buf.byteOffset + i, n).toString('utf8');
    const cp = ch.codePointAt(0)!;
    out += escapeControl(cp, keepLayout) ?? ch;
    i += n;
  }
  return out;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * `2026-11-20 11:00:00.123+01:00`: the one time convention on terminals (tail, lag --watch), local time with its
 * zone offset so a reader in another zone (or a log pasted into a ticket) stays unambiguous. JSON uses ISO UTC.
 */
export function localTime(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const zone = `${off < 0 ? '-' : '+'}${pad2(Math.floor(Math.abs(off) / 60))}:${pad2(Math.abs(off) % 60)}`;
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}${zone}`;
}

export interface LineOptions {
  headers: boolean;
  /** Prefix partition/offset with the topic (tail of several topics): `orders/0/42`. */
  topic?: boolean;
}

/**
 * One readable line per record:
 *   2026-11-20 11:00:00.123  0/42  order-1  {"total":12}  [source=web trace=abc]
 * A null key and a null value (tombstone) show as `(null)`, dimmed on a terminal (a key may well be a literal
 * `-`, so that is no marker); headers (with --headers) come last.
 */
export function renderRecordLine(r: ConsumedRecord, c: ChalkInstance, opts: LineOptions): string {
  const time = c.dim(localTime(Number(r.timestamp)));
  const where = c.cyan(opts.topic ? `${safeText(Buffer.from(r.topic, 'utf8'))}/${r.partition}/${r.offset}` : `${r.partition}/${r.offset}`);
  const key = r.key === null ? c.dim('(null)') : c.yellow(safeText(r.key));
  const value = r.value === null ? c.dim('(null)') : safeText(r.value);
  let line = `${time}  ${where}  ${key}  ${value}`;
  if (opts.headers && r.headers.length > 0) {
    const hs = r.headers.map((h) => `${safeText(Buffer.from(h.key, 'utf8'))}=${h.value === null ? '(null)' : safeText(h.value)}`).join(' ');
    line += '  ' + c.magenta(`[${hs}]`);
  }
  return line + '\n';
}
