/**
 * `kafka-cli top`: the terminal side. The alternate screen with a hidden cursor, raw-mode keys, one read of the
 * cluster per interval kept in a window of samples, a redraw of only the lines that changed (all of them after a
 * resize), and the screen restored however it ends: q, Ctrl-C, a closed terminal (SIGHUP, stdin ending), a signal.
 */
import type { ChalkInstance } from 'chalk';
import type { IO } from '../core/io.js';
import { sleep } from '../kafka/client/sleep.js';
import { renderTopFrame } from '../format/top/frame.js';
import { applyKey, parseKeys } from '../format/top/keys.js';
import { INITIAL_VIEW, type TopSample, type TopViewState } from '../format/top/model.js';

export const ENTER_SCREEN = '\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J';
export const LEAVE_SCREEN = '\x1b[0m\x1b[?25h\x1b[?1049l';

/** The last `max` samples with `next` added (the window the rates and trends are taken from). */
export function keepLast(samples: readonly TopSample[], next: TopSample, max: number): TopSample[] {
  const out = [...samples, next];
  return out.length > max ? out.slice(out.length - max) : out;
}

/** What to write to turn the screen showing `before` into `after`: the changed lines only, each addressed. */
export function frameDiff(before: readonly string[], after: readonly string[]): string {
  let out = '';
  after.forEach((l, i) => {
    if (before[i] !== l) out += `\x1b[${i + 1};1H${l}`;
  });
  return out;
}

export interface TopScreenOptions {
  io: IO;
  signal: AbortSignal;
  intervalMs: number;
  /** How many samples to keep for the trend. */
  keep: number;
  cluster: string;
  color: ChalkInstance;
  read(refresh: boolean): Promise<TopSample>;
}

export type TopEnd = 'q' | 'ctrl-c' | 'closed' | 'signal';

interface Tty {
  columns?: number;
  rows?: number;
  on(e: 'resize', f: () => void): unknown;
  off(e: 'resize', f: () => void): unknown;
}
interface RawIn {
  setRawMode?(on: boolean): unknown;
  setEncoding(e: BufferEncoding): unknown;
  resume(): unknown;
  pause(): unknown;
  on(e: string, f: (...a: unknown[]) => void): unknown;
  off(e: string, f: (...a: unknown[]) => void): unknown;
}

type Out = Tty & { write(s: string): boolean };

/** What one screen has: the window of samples, the view, the last read error, the lines on it, and how it ended. */
interface ScreenState {
  samples: TopSample[];
  view: TopViewState;
  error: string | undefined;
  shown: string[];
  end: TopEnd | undefined;
}

/** The promise of how the screen ends, and `finish`, which settles it once (the first end wins) and stops the loop. */
function endOnce(st: ScreenState, stop: AbortController): { ended: Promise<TopEnd>; finish: (e: TopEnd) => void } {
  let finish: (e: TopEnd) => void = () => {};
  const ended = new Promise<TopEnd>((resolve) => {
    finish = (e) => {
      if (st.end) return;
      st.end = e;
      stop.abort();
      resolve(e);
    };
  });
  return { ended, finish };
}

function screenSize(out: Tty): { width: number; height: number } {
  return { width: Math.max(20, out.columns ?? 80), height: Math.max(3, out.rows ?? 24) };
}

/** Writes the lines of the current frame that differ from what is shown (nothing once the screen has ended). */
function drawFrame(o: TopScreenOptions, out: Out, st: ScreenState): void {
  if (st.end) return;
  const { width, height } = screenSize(out);
  const lines = renderTopFrame(
    { samples: st.samples, view: st.view, width, height, intervalMs: o.intervalMs, cluster: o.cluster, error: st.error },
    o.color,
  );
  const text = frameDiff(st.shown, lines);
  st.shown = lines;
  if (text) out.write(text);
}

/**
 * Enters the alternate screen, puts stdin in raw mode and listens for keys, resizes, a closed terminal and the
 * signal; returns what undoes all of it and restores the screen.
 */
function attachTerminal(
  o: TopScreenOptions,
  out: Out,
  stdin: RawIn,
  st: ScreenState,
  finish: (e: TopEnd) => void,
  draw: () => void,
): () => void {
  const onResize = () => {
    st.shown = [];
    out.write('\x1b[H\x1b[2J');
    draw();
  };
  const onData = (...a: unknown[]) => {
    for (const key of parseKeys(String(a[0]))) {
      const { height } = screenSize(out);
      const r = applyKey(st.view, key, st.samples, Math.max(1, height - 8));
      st.view = r.view;
      if (r.quit) return finish(r.quit);
    }
    draw();
  };
  const onClosed = () => finish('closed');
  const onAbort = () => finish('signal');
  const restoreScreen = () => {
    try {
      out.write(LEAVE_SCREEN);
    } catch {
      // The terminal is gone.
    }
  };
  const restore = () => {
    out.off('resize', onResize);
    stdin.off('data', onData);
    stdin.off('end', onClosed);
    process.off('SIGHUP', onClosed);
    process.off('exit', restoreScreen);
    o.signal.removeEventListener('abort', onAbort);
    try {
      stdin.setRawMode?.(false);
    } catch {
      // The terminal is gone.
    }
    stdin.pause();
    restoreScreen();
  };

  out.write(ENTER_SCREEN);
  process.on('exit', restoreScreen);
  process.on('SIGHUP', onClosed);
  stdin.setRawMode?.(true);
  stdin.setEncoding('utf8');
  stdin.on('data', onData);
  stdin.on('end', onClosed);
  stdin.resume();
  out.on('resize', onResize);
  if (o.signal.aborted) onAbort();
  else o.signal.addEventListener('abort', onAbort, { once: true });
  return restore;
}

/** One read of the cluster per interval (a fresh one after the first), each followed by a redraw, until the end. */
async function readLoop(o: TopScreenOptions, st: ScreenState, stop: AbortSignal, draw: () => void): Promise<void> {
  let first = true;
  while (!st.end) {
    const started = Date.now();
    try {
      const s = await o.read(!first);
      if (st.end) break;
      st.samples = keepLast(st.samples, s, o.keep);
      st.error = undefined;
    } catch (e) {
      if (st.end) break;
      st.error = `read failed: ${(e as Error).message} (retrying every ${o.intervalMs} ms)`;
    }
    first = false;
    draw();
    await sleep(Math.max(0, o.intervalMs - (Date.now() - started)), stop);
  }
}

export async function runTopScreen(o: TopScreenOptions): Promise<TopEnd> {
  const out = o.io.stdout as unknown as Out;
  const stdin = o.io.stdin as unknown as RawIn;
  const st: ScreenState = { samples: [], view: INITIAL_VIEW, error: undefined, shown: [], end: undefined };
  const stop = new AbortController();
  const { ended, finish } = endOnce(st, stop);
  const draw = () => drawFrame(o, out, st);
  const restore = attachTerminal(o, out, stdin, st, finish, draw);
  draw();
  void readLoop(o, st, stop.signal, draw);
  try {
    return await ended;
  } finally {
    restore();
  }
}
