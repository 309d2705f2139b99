/**
 * Notices that the reader of a pipe on stdout went away while kafka-cli has nothing to write (tail following a
 * quiet topic, lag --watch between reports). A write would fail with EPIPE, but there may be no write for hours;
 * GNU `tail -f` exits at once. The kernel says so without a write: poll() reports POLLERR on a pipe whose read end
 * is closed. Node has no poll() of its own, but its WASI runtime's poll_oneoff is one (uvwasi over libuv's
 * uv_poll), so a 100-byte WebAssembly module that only re-exports poll_oneoff asks the kernel directly.
 */
import { fstatSync } from 'node:fs';

/** (module (import "wasi_snapshot_preview1" "poll_oneoff" (func (param i32 i32 i32 i32) (result i32))) (memory 1), both exported) */
const POLL_MODULE = 'AGFzbQEAAAABCQFgBH9/f38BfwImARZ3YXNpX3NuYXBzaG90X3ByZXZpZXcxC3BvbGxfb25lb2ZmAAAFAwEAAQcYAgZtZW1vcnkCAAtwb2xsX29uZW9mZgAA';

// WASI preview1 layouts: a subscription is 48 bytes, an event 32.
const SUBSCRIPTIONS = 0;
const EVENTS = 128;
const NEVENTS = 240;
const EVENTTYPE_CLOCK = 0;
const EVENTTYPE_FD_WRITE = 2;
const FD_USERDATA = 1n;
const EVENT_FD_READWRITE_HANGUP = 1;

type Poll = (subscriptions: number, events: number, count: number, nevents: number) => number;

/** 'gone' when the pipe has no reader; 'there' when it has one (or is full); 'unknown' when poll itself failed. */
export type ReaderState = 'gone' | 'there' | 'unknown';

/** Loads the poll module for fd 1 (WASI's stdout); undefined where WASI is not available. */
async function loadPoll(): Promise<((timeoutMs: number) => ReaderState) | undefined> {
  // node:wasi announces itself as experimental on import: not a warning for kafka-cli's users.
  const emitWarning = process.emitWarning;
  let WASI: typeof import('node:wasi').WASI;
  try {
    process.emitWarning = ((w: string | Error, ...rest: unknown[]) => {
      const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
      if (type === 'ExperimentalWarning' && String(w).includes('WASI')) return;
      (emitWarning as (...a: unknown[]) => void).call(process, w, ...rest);
    }) as typeof process.emitWarning;
    ({ WASI } = await import('node:wasi'));
  } catch {
    return undefined;
  } finally {
    process.emitWarning = emitWarning;
  }
  const wasi = new WASI({ version: 'preview1', returnOnExit: true });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(POLL_MODULE, 'base64')), {
    wasi_snapshot_preview1: wasi.wasiImport as WebAssembly.ModuleImports,
  });
  wasi.initialize(instance);
  const memory = instance.exports.memory as WebAssembly.Memory;
  const poll = instance.exports.poll_oneoff as Poll;
  return (timeoutMs) => {
    const v = new DataView(memory.buffer);
    for (let i = 0; i < NEVENTS + 4; i++) v.setUint8(i, 0);
    // Subscription 0: fd 1 writable (or in error). Subscription 1: a relative clock, so a full pipe never blocks.
    v.setBigUint64(SUBSCRIPTIONS, FD_USERDATA, true);
    v.setUint8(SUBSCRIPTIONS + 8, EVENTTYPE_FD_WRITE);
    v.setUint32(SUBSCRIPTIONS + 16, 1, true);
    v.setBigUint64(SUBSCRIPTIONS + 48, 2n, true);
    v.setUint8(SUBSCRIPTIONS + 56, EVENTTYPE_CLOCK);
    v.setUint32(SUBSCRIPTIONS + 64, 1, true); // CLOCKID_MONOTONIC
    v.setBigUint64(SUBSCRIPTIONS + 72, BigInt(timeoutMs) * 1_000_000n, true);
    if (poll(SUBSCRIPTIONS, EVENTS, 2, NEVENTS) !== 0) return 'unknown';
    const count = v.getUint32(NEVENTS, true);
    for (let i = 0; i < count; i++) {
      const e = EVENTS + i * 32;
      if (v.getBigUint64(e, true) !== FD_USERDATA) continue;
      // uvwasi reports POLLERR as an error on the event (EIO); a hangup flag means the same.
      return v.getUint16(e + 8, true) !== 0 || (v.getUint16(e + 24, true) & EVENT_FD_READWRITE_HANGUP) !== 0 ? 'gone' : 'there';
    }
    return 'there';
  };
}

function stdoutIsPipe(): boolean {
  try {
    return fstatSync(1).isFIFO();
  } catch {
    return false;
  }
}

/**
 * Calls `onGone` once when stdout is a pipe and its reader went away; checks every `intervalMs` (the first check
 * after one interval, so short commands never load WASI). Returns a function that stops watching.
 */
export function watchStdoutReader(onGone: () => void, opts: { intervalMs?: number; pendingWrites?: () => number } = {}): () => void {
  if (!stdoutIsPipe()) return () => {};
  const intervalMs = opts.intervalMs ?? 250;
  const pendingWrites = opts.pendingWrites ?? (() => process.stdout.writableLength);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let check: ((timeoutMs: number) => ReaderState) | undefined;
  const tick = async () => {
    if (stopped) return;
    check ??= await loadPoll().catch(() => undefined);
    if (!check || stopped) return;
    // With writes pending, the pipe is full: a failed write will say EPIPE itself.
    const state = pendingWrites() > 0 ? 'there' : check(1);
    if (state === 'unknown') return;
    if (state === 'gone') {
      stopped = true;
      onGone();
      return;
    }
    timer = setTimeout(() => void tick(), intervalMs);
    timer.unref();
  };
  timer = setTimeout(() => void tick(), intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
