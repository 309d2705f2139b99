/** Printers: rows and data to an injected writer as table or JSON. No Kafka, no exit codes. */
import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import { colorEnabled, type IO, type OutStream } from '../core/io.js';

export function chalkFor(io: IO, stream: OutStream): ChalkInstance {
  return new Chalk({ level: colorEnabled(io, stream) ? 1 : 0 });
}

export type Cell = string | number | bigint | null | undefined;

/** An aligned, borderless table (like kubectl/rpk): easy to read and to cut/awk. */
export function renderTable(headers: string[], rows: Cell[][], c: ChalkInstance): string {
  if (rows.length === 0) return '';
  const t = new Table({
    head: headers.map((h) => c.bold(h)),
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
      bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '',
      right: '', 'right-mid': '', middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  });
  for (const r of rows) t.push(r.map((v) => (v === null || v === undefined ? '-' : String(v))));
  return t.toString().split('\n').map((l) => l.trimEnd()).join('\n') + '\n';
}

/*
 * The int64-in-JSON convention (docs/output-formats.md, "JSON conventions"): a position in a log (an offset or watermark) is an exact
 * decimal string, or null, because users feed it back to Kafka; view builders write it with position(). A quantity
 * (lag, count, bytes, milliseconds) is a JSON number: it stays a bigint up to the printer, which writes its exact
 * digits (JSON numbers have no size limit; Number() would round above 2^53, JSON.stringify refuses bigint).
 */

/** A log position for JSON: the exact int64 decimal string, or null when there is none. */
export function position(v: bigint | number | string | null | undefined): string | null {
  return v === null || v === undefined ? null : v.toString();
}

/** Stable JSON: 2-space indent (0: one line), bigint as exact integer literals, trailing newline. */
export function renderJson(data: unknown, indent = 2): string {
  // A marker no real string holds (a fresh nonce), so only the bigints become bare numbers.
  const mark = `bigint-${Math.random().toString(36).slice(2)}:`;
  const text = JSON.stringify(data, (_k, v) => (typeof v === 'bigint' ? mark + v.toString() : v), indent || undefined);
  return text.replaceAll(new RegExp(`"${mark}(-?\\d+)"`, 'g'), '$1') + '\n';
}

/** One compact JSON line (NDJSON), by the same rules as renderJson. */
export function renderNdjsonLine(data: unknown): string {
  return renderJson(data, 0);
}
