/** Printers: rows and data to an injected writer as table or JSON. No Kafka, no exit codes. */
import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import { colorEnabled, type IO, type OutStream } from '../cli/io.js';

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

/** Stable JSON: 2-space indent, bigint as exact strings, trailing newline. */
export function renderJson(data: unknown): string {
  return JSON.stringify(data, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n';
}

export function renderNdjsonLine(data: unknown): string {
  return JSON.stringify(data, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n';
}
