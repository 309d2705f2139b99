/** Rendering for `produce`: the summary (stderr), delivery reports (-o json), progress, and the --failed envelopes. */
import { formatDuration } from '../progress.js';
import type { ChalkInstance } from 'chalk';
import type { DeliveryReport, LineRange, ProduceSummary, ProgressSnapshot, Undelivered } from '../../kafka/produce/produce.js';
import { encodeBytes, envelopeHeaders } from './envelope.js';
import { renderNdjsonLine, renderTable } from '../output.js';

/** 1234567 -> "1,234,567" (integers; toLocaleString would load ICU's number formatting, ~40 ms at start-up). */
const n = (x: number) => (Number.isInteger(x) ? String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : x.toLocaleString('en-US'));

export function formatBytes(b: number): string {
  if (b < 1024) return `${b} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = b / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** "line" for one line, "lines" for more: `line 2`, `lines 2, 4`. */
export function linesWord(ranges: LineRange[]): string {
  return ranges.length === 1 && ranges[0]![0] === ranges[0]![1] ? 'line' : 'lines';
}

/** `3, 5-7, 12` (at most `max` ranges, then "and N more"). */
export function formatLineRanges(ranges: LineRange[], max = 10): string {
  const shown = ranges.slice(0, max).map(([a, b]) => (a === b ? String(a) : `${a}-${b}`));
  const more = ranges.length - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${more} more range${more === 1 ? '' : 's'}` : '');
}

const plural = (k: number, one: string, many = one + 's') => `${n(k)} ${k === 1 ? one : many}`;

/** Up to this many messages, the summary is one line (partitions inline, no rate: it would say nothing). */
const HANDFUL = 10;

/**
 * The end-of-run summary for stderr. What the closing error line (produceOutcome) says is not repeated here:
 * the summary tells what was sent, the one `kafka-cli:` line why the run failed. An interrupted run has no
 * error line, so its summary says it all.
 */
export function renderProduceSummary(s: ProduceSummary, c: ChalkInstance): string {
  const closing = produceOutcome(s).kind;
  const failureSaid = closing === 'failed';
  const invalidSaid = closing === 'invalid' && !s.inputError;
  const secs = s.elapsedMs / 1000;
  const rate = secs > 0 ? Math.round(s.delivered / secs) : s.delivered;
  const verb = s.acks === '0' ? 'Sent (acks=0, not acknowledged)' : s.transaction === 'committed' ? 'Committed' : 'Delivered';
  let out = '';
  if (s.delivered === 0 && (failureSaid || (closing === 'invalid' && s.aborted === 0))) {
    // Nothing was sent and the closing error line says why: a "Delivered 0 messages ... 0 B (0 B/s)" line above it is noise.
  } else if (s.delivered <= HANDFUL) {
    const where = s.perPartition.length === 0 ? '' : ` (${s.perPartition.length === 1 ? `partition ${s.perPartition[0]!.partition}` : `partitions ${s.perPartition.map((p) => `${p.partition}: ${n(p.messages)}`).join(', ')}`})`;
    out += `${verb} ${plural(s.delivered, 'message')} to '${s.topic}'${where} in ${formatSeconds(s.elapsedMs)}\n`;
  } else {
    out +=
      `${verb} ${plural(s.delivered, 'message')} to '${s.topic}' in ${formatSeconds(s.elapsedMs)}: ` +
      `${n(rate)} msg/s, ${formatBytes(s.bytes)}${secs > 0 ? ` (${formatBytes(Math.round(s.bytes / secs))}/s)` : ''}\n`;
    if (s.perPartition.length > 0) {
      out += renderTable(['PARTITION', 'MESSAGES'], s.perPartition.map((p) => [p.partition, n(p.messages)]), c).replace(/^(?=.)/gm, '  ');
    }
  }
  if (s.resent > 0) {
    const was = s.resent === 1 ? '1 message was' : `${n(s.resent)} messages were`;
    out += c.yellow(`${was} sent more than once (with no way for the broker to drop the repeat): there may be duplicates`) + '\n';
  }
  if (s.failed > 0 && !failureSaid) {
    const lines = s.undeliveredLines;
    out += c.red(`${plural(s.failed, 'message')} failed: ${s.firstFailure ?? 'unknown error'}`) + '\n';
    if (s.aborted === 0) out += `  undelivered input ${linesWord(lines)}: ${formatLineRanges(lines)}\n`;
  }
  if (s.unsent > 0 && !failureSaid) {
    out += c.yellow(`${plural(s.unsent, 'message')} read but not sent (interrupted before its turn)`) + '\n';
    out += `  unsent input ${linesWord(s.unsentLines)}: ${formatLineRanges(s.unsentLines)}\n`;
  }
  if (s.transaction === 'aborted') {
    const written = s.aborted === 1 ? '1 message was written but stays' : `${n(s.aborted)} messages were written but stay`;
    out += c.yellow(`Transaction aborted: nothing was committed; ${written} invisible to read_committed readers`) + '\n';
    if (s.undeliveredLines.length && !failureSaid) out += `  undelivered input ${linesWord(s.undeliveredLines)}: ${formatLineRanges(s.undeliveredLines)}\n`;
  }
  if (s.invalid > 0 && !invalidSaid) {
    if (s.stoppedAtLine !== undefined) {
      out += c.yellow(`Stopped at an invalid line: ${s.firstInvalid}`) + '\n';
      out += `  nothing from line ${s.stoppedAtLine} on was sent\n`;
    } else {
      out += c.yellow(`${plural(s.invalid, 'invalid line')} skipped; first: ${s.firstInvalid}`) + '\n';
      out += `  skipped input ${linesWord(s.invalidLines)}: ${formatLineRanges(s.invalidLines)}\n`;
    }
  }
  if (s.interrupted) out += c.yellow('Interrupted: stopped reading and sending; requests already sent were awaited, as reported above') + '\n';
  return out;
}

/** The one-line error that ends a run that did not deliver everything (main prefixes "kafka-cli: "). */
export function produceOutcome(s: ProduceSummary, failedFile?: string): { kind: 'ok' | 'interrupted' | 'failed' | 'invalid'; message: string } {
  const where = failedFile ? `; written to ${failedFile} (retry: kafka-cli produce ${s.topic} --input json --file ${failedFile})` : '';
  if (s.interrupted) return { kind: 'interrupted', message: '' };
  const undelivered = s.failed + s.aborted + s.unsent;
  if (s.failed > 0 || (s.transaction === 'aborted' && s.stoppedAtLine === undefined && !s.inputError)) {
    return {
      kind: 'failed',
      message: `${plural(undelivered, 'message')} not delivered (input ${linesWord(s.undeliveredLines)} ${formatLineRanges(s.undeliveredLines, 5)}): ${s.firstFailure ?? 'transaction aborted'}${where}`,
    };
  }
  if (s.inputError) return { kind: 'invalid', message: s.inputError.message };
  if (s.invalid > 0) {
    if (s.stoppedAtLine !== undefined) {
      const tx = s.transaction === 'aborted' ? '; transaction aborted, nothing committed' : `; ${plural(s.delivered, 'message')} before it delivered`;
      return { kind: 'invalid', message: `${s.firstInvalid}${tx}; nothing from line ${s.stoppedAtLine} on was sent (--on-invalid skip sends the valid lines)` };
    }
    return { kind: 'invalid', message: `${plural(s.invalid, 'invalid input line')} skipped (${linesWord(s.invalidLines)} ${formatLineRanges(s.invalidLines, 5)}); first: ${s.firstInvalid}` };
  }
  return { kind: 'ok', message: '' };
}

/** `-o json`: one line per message. */
export function renderDeliveryReports(reports: DeliveryReport[]): string {
  let out = '';
  for (const r of reports) out += renderNdjsonLine(r);
  return out;
}

/**
 * A message that was not delivered, as an envelope `produce --input json` reads back: the partition it was sent to,
 * its timestamp when the input set one (otherwise none: a retry is stamped when it is sent), and its input line.
 */
export function undeliveredEnvelopeLine(u: Undelivered, topic: string): string {
  const r = u.record;
  const k = encodeBytes(r.key);
  const v = encodeBytes(r.value);
  const ts = r.timestamp === undefined ? undefined : Number(r.timestamp);
  return (
    JSON.stringify({
      topic,
      partition: u.partition,
      ...(ts !== undefined ? { timestamp: Number.isSafeInteger(ts) ? ts : r.timestamp } : {}),
      key: k.text,
      keyEncoding: k.encoding,
      value: v.text,
      valueEncoding: v.encoding,
      headers: envelopeHeaders(r.headers),
      line: u.line,
    }) + '\n'
  );
}

/** How far through the work is: bytes read of --file's size, or records copied of what copy's offsets hold. */
export interface FileBytes {
  read: number;
  total: number;
  /** What the percent is of: "file" (default) or "records". */
  of?: string;
}

/**
 * The progress line on a TTY (rewritten in place with \r). With --file, the percent and ETA come from bytes read
 * of the file's size (messages are of any size, bytes are what is known up front).
 */
export function renderProgress(p: ProgressSnapshot, bytes?: FileBytes): string {
  const secs = p.elapsedMs / 1000;
  const rate = secs > 0 ? Math.round(p.delivered / secs) : 0;
  let s = `\r\x1b[Ksent ${plural(p.delivered, 'message')} (${n(rate)} msg/s)`;
  if (p.failed) s += `, ${n(p.failed)} failed`;
  if (p.invalid) s += `, ${n(p.invalid)} invalid`;
  if (bytes && bytes.total > 0) {
    const read = Math.min(bytes.read, bytes.total);
    const byteRate = secs > 0 ? read / secs : 0;
    const eta = byteRate > 0 ? `ETA ${formatDuration((bytes.total - read) / byteRate)}` : 'ETA ?';
    s += ` · ${Math.floor((read / bytes.total) * 100)}% of ${bytes.of === 'records' ? n(bytes.total) + ' records' : 'file'} · ${eta}`;
  }
  return s;
}

export const CLEAR_PROGRESS = '\r\x1b[K';
