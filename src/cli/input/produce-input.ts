/**
 * Input for `produce`: splits a byte stream into messages (one per line, or per custom delimiter), with
 * 1-based line numbers, and turns each into an OutgoingRecord (line mode with optional key separator, or the
 * JSON envelope). Streams: it holds at most one partial line, and yields one array per input chunk so the
 * sender pays one await per chunk, not per message. Bad lines are yielded as items with an error, never thrown:
 * the sender decides whether to stop or skip (--on-invalid).
 */
import { isUtf8 } from 'node:buffer';
import type { OutgoingRecord, ProduceInputItem, RecordHeader } from '../../core/records.js';
import { fromEnvelopeLine } from './envelope-input.js';
import { UsageError } from '../../core/errors.js';
import { ChunkRecord, plainView } from '../../kafka/protocol/chunk-record.js';

/** One input message: a record to send, or the reason its line cannot be sent. */
export type InputItem = ProduceInputItem;

export interface InputOptions {
  mode: 'line' | 'json';
  /** Separates messages; default "\n". */
  delimiter: Buffer;
  /** Line mode: split each line at the first occurrence into key and value. */
  keySeparator?: Buffer;
  /** Line mode with keySeparator: a line without it becomes a message with a null key instead of an error. */
  allowMissingKey?: boolean;
  /** Line mode: one key for every message. */
  fixedKey?: Buffer;
  /** Added after each message's own headers. */
  headers?: RecordHeader[];
  /** Overrides any partition (also the envelope's). */
  partition?: number;
  /** A longer line is an error (it could never be sent, and holding it would defeat streaming). */
  maxLineBytes?: number;
}

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

/** Splits chunks at `delimiter`; the last line needs no trailing delimiter. Lines are views into the chunks. */
export async function* splitLines(source: AsyncIterable<Buffer | string>, delimiter: Buffer, maxLineBytes = DEFAULT_MAX_LINE_BYTES): AsyncGenerator<Buffer[]> {
  const d = delimiter.length;
  if (d === 0) throw new Error('empty delimiter');
  let pending: Buffer[] = [];
  let pendingLen = 0;
  let lineNo = 0;
  for await (const raw of source) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    if (chunk.length === 0) continue;
    const out: Buffer[] = [];
    let start = 0;
    if (pendingLen > 0) {
      let done = false;
      if (d > 1) {
        // A delimiter may straddle the chunk boundary.
        const tail = lastBytes(pending, pendingLen, d - 1);
        const probe = Buffer.concat([tail, chunk.subarray(0, d - 1)]);
        const i = probe.indexOf(delimiter);
        if (i >= 0 && i < tail.length) {
          const all = Buffer.concat(pending, pendingLen);
          out.push(all.subarray(0, pendingLen - tail.length + i));
          start = i + d - tail.length;
          done = true;
        }
      }
      if (!done) {
        const j = chunk.indexOf(delimiter);
        if (j < 0) {
          pending.push(chunk);
          pendingLen += chunk.length;
          if (pendingLen > maxLineBytes) throw new LineTooLong(lineNo + 1, maxLineBytes);
          continue;
        }
        pending.push(chunk.subarray(0, j));
        out.push(Buffer.concat(pending, pendingLen + j));
        start = j + d;
      }
      pending = [];
      pendingLen = 0;
    }
    for (let j = chunk.indexOf(delimiter, start); j >= 0; j = chunk.indexOf(delimiter, start)) {
      out.push(chunk.subarray(start, j));
      start = j + d;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingLen = chunk.length - start;
    }
    lineNo += out.length;
    if (pendingLen > maxLineBytes) throw new LineTooLong(lineNo + 1, maxLineBytes);
    if (out.length) yield out;
  }
  if (pendingLen > 0) yield [Buffer.concat(pending, pendingLen)];
}

/** A line too long to hold: the input cannot be streamed further (exit 2). */
export class LineTooLong extends UsageError {
  constructor(
    readonly line: number,
    max: number,
  ) {
    super(`line ${line}: longer than ${max} bytes without a delimiter (wrong --delimiter?)`);
  }
}

function lastBytes(parts: Buffer[], total: number, n: number): Buffer {
  const want = Math.min(n, total);
  const picked: Buffer[] = [];
  let got = 0;
  for (let i = parts.length - 1; i >= 0 && got < want; i--) {
    const p = parts[i]!;
    const take = Math.min(p.length, want - got);
    picked.unshift(p.subarray(p.length - take));
    got += take;
  }
  return Buffer.concat(picked, got);
}

/** One line of line mode as a record. */
export function parseLine(bytes: Buffer, line: number, opts: InputOptions): InputItem {
  let key: Buffer | null = opts.fixedKey ?? null;
  let value: Buffer = bytes;
  if (opts.keySeparator) {
    const i = bytes.indexOf(opts.keySeparator);
    if (i >= 0) {
      key = bytes.subarray(0, i);
      value = bytes.subarray(i + opts.keySeparator.length);
    } else if (!opts.allowMissingKey) {
      return { line, record: null, error: `line ${line}: no key separator ${JSON.stringify(opts.keySeparator.toString('utf8'))} (use --allow-missing-key to send such lines with a null key)` };
    }
  }
  return { line, record: { key, value, headers: opts.headers ?? [], partition: opts.partition } };
}

const BLANK = /^\s*$/;

/** One line of JSON mode (the envelope) as a record. Blank lines yield null (skipped, but counted). */
export function parseJsonLine(bytes: Buffer, line: number, opts: InputOptions): InputItem | null {
  const text = bytes.toString('utf8');
  if (BLANK.test(text)) return null;
  // JSON is UTF-8: decoding other bytes would silently turn them into U+FFFD and send that instead.
  if (!isUtf8(bytes)) return { line, record: null, error: `line ${line}: not valid UTF-8 (JSON input must be UTF-8; binary keys and values go in base64 with "valueEncoding":"base64")` };
  try {
    const r = fromEnvelopeLine(text, line);
    if (opts.headers?.length) r.headers = [...r.headers, ...opts.headers];
    if (opts.partition !== undefined) r.partition = opts.partition;
    return { line, record: r };
  } catch (e) {
    return { line, record: null, error: (e as Error).message };
  }
}

/**
 * Line mode with a one-byte delimiter and at most a one-byte key separator (`-K:` and newlines, the common case):
 * one pass per chunk that cuts key and value straight out of it, without a Buffer per line or a second search of
 * each line for the separator. Same items as splitLines + parseLine (unit-tested against them on random input).
 */
async function* parseSimpleLines(source: AsyncIterable<Buffer | string>, opts: InputOptions): AsyncGenerator<InputItem[]> {
  const delim = opts.delimiter[0]!;
  const sep = opts.keySeparator ? opts.keySeparator[0]! : -1;
  const max = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const headers = opts.headers ?? [];
  const { partition, allowMissingKey } = opts;
  const fixedKey = opts.fixedKey ?? null;
  let line = 0;
  // The start of a line cut by a chunk boundary (views into the chunks; joined once when its end arrives).
  let carry: Buffer[] = [];
  let carryLen = 0;
  const item = (bytes: Uint8Array, start: number, end: number, keyEnd: number): InputItem => {
    line++;
    if (sep < 0) return { line, record: new ChunkRecord(bytes, -1, 0, start, end, fixedKey, headers, partition) };
    if (keyEnd >= 0) return { line, record: new ChunkRecord(bytes, start, keyEnd, keyEnd + 1, end, null, headers, partition) };
    if (allowMissingKey) return { line, record: new ChunkRecord(bytes, -1, 0, start, end, fixedKey, headers, partition) };
    return { line, record: null, error: `line ${line}: no key separator ${JSON.stringify(opts.keySeparator!.toString('utf8'))} (use --allow-missing-key to send such lines with a null key)` };
  };
  for await (const raw of source) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    if (chunk.length === 0) continue;
    let start = 0;
    const out: InputItem[] = [];
    if (carryLen > 0) {
      const j = chunk.indexOf(delim);
      if (j < 0) {
        carry.push(chunk);
        carryLen += chunk.length;
        if (carryLen > max) throw new LineTooLong(line + 1, max);
        continue;
      }
      carry.push(chunk.subarray(0, j));
      const whole = Buffer.concat(carry, carryLen + j);
      carry = [];
      carryLen = 0;
      out.push(item(plainView(whole), 0, whole.length, sep < 0 ? -1 : whole.indexOf(sep)));
      start = j + 1;
    }
    const n = chunk.length;
    const view = plainView(chunk);
    while (start < n) {
      // The key is short: look for the separator (or the line's end) byte by byte, then for the end natively.
      let keyEnd = -1;
      let i = start;
      if (sep >= 0) {
        for (; i < n; i++) {
          const c = chunk[i]!;
          if (c === sep) {
            keyEnd = i;
            break;
          }
          if (c === delim) break;
        }
        if (i === n) break;
      }
      const end = chunk[i] === delim ? i : chunk.indexOf(delim, i);
      if (end < 0) break;
      out.push(item(view, start, end, keyEnd));
      start = end + 1;
    }
    if (start < n) {
      carry.push(chunk.subarray(start));
      carryLen = n - start;
      if (carryLen > max) throw new LineTooLong(line + 1, max);
    }
    if (out.length) yield out;
  }
  if (carryLen > 0) {
    const c = Buffer.concat(carry, carryLen);
    yield [item(plainView(c), 0, c.length, sep < 0 ? -1 : c.indexOf(sep))];
  }
}

/** Parses a byte stream into messages, one array per input chunk. */
export async function* parseInput(source: AsyncIterable<Buffer | string>, opts: InputOptions): AsyncGenerator<InputItem[]> {
  const simple = opts.mode === 'line' && opts.delimiter.length === 1 && (!opts.keySeparator || (opts.keySeparator.length === 1 && opts.keySeparator[0] !== opts.delimiter[0]));
  if (simple) {
    yield* parseSimpleLines(source, opts);
    return;
  }
  let line = 0;
  for await (const lines of splitLines(source, opts.delimiter, opts.maxLineBytes)) {
    const items: InputItem[] = [];
    for (const bytes of lines) {
      line++;
      if (opts.mode === 'json') {
        const item = parseJsonLine(bytes, line, opts);
        if (item) items.push(item);
      } else items.push(parseLine(bytes, line, opts));
    }
    if (items.length) yield items;
  }
}

/** `--value` (with `--key`): one message, reported as line 1. */
export async function* singleMessage(value: Buffer, opts: InputOptions): AsyncGenerator<InputItem[]> {
  yield [{ line: 1, record: { key: opts.fixedKey ?? null, value, headers: opts.headers ?? [], partition: opts.partition } }];
}

/**
 * `-K` / `--delimiter` values: the escapes \n, \r, \t, \0, \\ and \xHH are understood, so a tab or NUL can be given
 * from a shell without $'...'. Any other backslash (`\xZZ`, `\q`, one at the end) is a usage error naming `flag`:
 * taken literally it would split the input somewhere the user did not mean.
 */
export function unescapeSeparator(text: string, flag = '--delimiter'): Buffer {
  const bytes: number[] = [];
  const chars = Array.from(text);
  const bad = (why: string) => new UsageError(`invalid ${flag} '${text}': ${why} (escapes: \\n \\r \\t \\0 \\\\ \\xHH; a backslash itself is \\\\)`);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    if (i === chars.length - 1) throw bad('it ends in a lone backslash');
    const n = chars[++i]!;
    if (n === 'n') bytes.push(10);
    else if (n === 'r') bytes.push(13);
    else if (n === 't') bytes.push(9);
    else if (n === '0') bytes.push(0);
    else if (n === '\\') bytes.push(92);
    else if (n === 'x') {
      const hex = chars.slice(i + 1, i + 3).join('');
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw bad(`\\x${hex} is not \\x and two hex digits`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else throw bad(`unknown escape \\${n}`);
  }
  return Buffer.from(bytes);
}
