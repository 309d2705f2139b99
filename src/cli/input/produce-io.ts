/** produce's and copy's files and terminal: the --file being read, the --failed file being written, the progress line. */
import { createReadStream, fstatSync, statSync, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { UsageError } from '../../core/errors.js';
import { writeUntilAborted, type IO } from '../../core/io.js';
import type { ProduceHooks, ProgressSnapshot, UndeliveredSink } from '../../kafka/produce/produce.js';
import { FAILED_IS_FILE, FAILED_IS_STDIN } from './produce-options.js';
import { CLEAR_PROGRESS, renderProgress, undeliveredEnvelopeLine, type FileBytes } from '../../format/records/produce-report.js';

export interface ProduceInput {
  source: AsyncIterable<Buffer | string>;
  close(): void;
  /** Typed on a terminal (stdin is one, and neither --value nor --file was given). */
  typing: boolean;
  /** --file: bytes read so far of its size (the progress line's percent and ETA). */
  bytes?(): FileBytes;
}

/** What produce reads: nothing (--value), --file, or stdin, inviting to type when it is a terminal. */
export async function openInput(io: IO, o: { value: boolean; file?: string; given?: string; topic: string }): Promise<ProduceInput> {
  if (o.value) return { source: (async function* () {})(), close: () => {}, typing: false };
  if (o.file !== undefined) {
    const file = await openInputFile(o.file, o.given ?? o.file);
    return { source: file.stream, close: file.close, typing: false, bytes: () => ({ read: file.stream.bytesRead, total: file.size }) };
  }
  if (io.stdin.isTTY) io.stderr.write(`Type messages for '${o.topic}', one per line; Ctrl-D sends the rest and ends.\n`);
  const stdin = stdinSource(io);
  return { source: stdin.stream, close: stdin.close, typing: io.stdin.isTTY === true };
}

/** --file: read in 256 KiB chunks; `given` is the path as typed (for the error line). */
export async function openInputFile(path: string, given: string): Promise<{ stream: ReadStream; size: number; close(): void }> {
  const fh = await open(path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read --file ${given}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  });
  const stat = await fh.stat();
  if (stat.isDirectory()) {
    await fh.close();
    throw new UsageError(`cannot read --file ${given}: it is a directory`);
  }
  const stream = fh.createReadStream({ highWaterMark: 256 * 1024 });
  return { stream, size: stat.size, close: () => stream.destroy() };
}

/** The checks produceOptionsFrom cannot make without the file system: --failed must not be the input being read. */
export function refuseFailedOverInput(io: IO, o: { failedPath?: string; filePath?: string; value?: unknown }): void {
  if (o.failedPath === undefined) return;
  if (o.filePath !== undefined && isSameFile(io, o.failedPath, o.filePath)) throw new UsageError(FAILED_IS_FILE);
  if (o.filePath === undefined && o.value === undefined && isSameFile(io, o.failedPath, 'stdin')) throw new UsageError(FAILED_IS_STDIN);
}

/**
 * Whether `path` is the file stdin reads (`< file`) or the file at `other`: --failed there would empty the input
 * before it is read.
 */
export function isSameFile(io: IO, path: string, other: 'stdin' | string): boolean {
  if (other === 'stdin' && io.stdin !== process.stdin) return false;
  try {
    const a = statSync(path);
    const b = other === 'stdin' ? fstatSync(0) : statSync(other);
    return a.isFile() && a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}

/**
 * stdin: a regular file (`< file`) is read in 256 KiB chunks, a quarter of the reads (and of the work per chunk)
 * of process.stdin's 64 KiB; pipes and terminals stay as they are.
 */
export function stdinSource(io: IO): { stream: Readable; close(): void } {
  if (io.stdin === process.stdin && io.stdin.isTTY !== true) {
    let file = false;
    try {
      file = fstatSync(0).isFile();
    } catch {
      // Not a file descriptor we can stat: read it as it is.
    }
    if (file) {
      const stream = createReadStream('', { fd: 0, highWaterMark: 256 * 1024, autoClose: false });
      return { stream, close: () => stream.destroy() };
    }
  }
  return { stream: io.stdin, close: () => {} };
}

/**
 * --failed: undelivered messages as envelopes `produce --input json --file` reads back; one sink per destination
 * topic (copy's redrive writes to several), all in the one file.
 */
export async function openFailedFile(path: string, given: string): Promise<{ sinkFor(topic: string): UndeliveredSink; close(): Promise<void> }> {
  const fh = await open(path, 'w').catch((e: Error) => {
    throw new UsageError(`cannot write --failed ${given}: ${e.message}`);
  });
  return {
    sinkFor: (topic) => ({
      async add(items) {
        let text = '';
        for (const u of items) text += undeliveredEnvelopeLine(u, topic);
        await fh.write(text);
      },
      async clear() {
        await fh.truncate(0);
      },
    }),
    close: () => fh.close(),
  };
}

/**
 * The progress line on a terminal (not in CI, not under --quiet), redrawn every 250 ms (sending never waits for
 * it); with --file, `bytes` gives the percent and ETA. Returns a function that clears it.
 */
export function showProgress(io: IO, hooks: ProduceHooks, o: { quiet?: boolean; bytes?(): FileBytes } = {}): () => void {
  if (o.quiet || io.stderr.isTTY !== true || io.env.CI) return () => {};
  let latest: ProgressSnapshot | undefined;
  hooks.progress = (p) => (latest = p);
  // copy: the records its offsets hold, the percent and ETA then count delivered records.
  let records: number | undefined;
  hooks.total = (t) => (records = t);
  const share = (p: ProgressSnapshot): FileBytes | undefined => (records !== undefined ? { read: p.delivered, total: records, of: 'records' } : o.bytes?.());
  const timer = setInterval(() => latest && io.stderr.write(renderProgress(latest, share(latest))), 250);
  timer.unref();
  return () => {
    clearInterval(timer);
    io.stderr.write(CLEAR_PROGRESS);
  };
}

export const REPORTS_STOPPED = 'kafka-cli: warning: stdout closed; delivery reports stopped, still delivering the input\n';

/**
 * -o json's delivery reports on stdout while it has a reader. A reader that goes away (`| head -1`) is not "stop
 * sending": reports stop (said once on stderr) and the input is still delivered, to its true exit code.
 * Returns the writer and a function that stops listening (the summary comes after it).
 */
export function deliveryReportWriter(io: IO, readerGone: AbortSignal): { write(text: string): Promise<void> | undefined; stop(): void } {
  const warn = () => void io.stderr.write(REPORTS_STOPPED);
  if (readerGone.aborted) warn();
  else readerGone.addEventListener('abort', warn, { once: true });
  return {
    write: (text) => (readerGone.aborted ? undefined : writeUntilAborted(io.stdout, text, readerGone)),
    stop: () => readerGone.removeEventListener('abort', warn),
  };
}
