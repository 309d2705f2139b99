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

export async function runTopScreen(o: TopScreenOptions): Promise<TopEnd> {
  const out = o.io.stdout as unknown as Tty & { write(s: string): boolean };
  const stdin = o.io.stdin as unknown as RawIn;
  let samples: TopSample[] = [];
  let view: TopViewState = INITIAL_VIEW;
  let error: string | undefined;
  let shown: string[] = [];
  let end: TopEnd | undefined;
  const stop = new AbortController();
  let finish: (e: TopEnd) => void = () => {};
  const ended = new Promise<TopEnd>((resolve) => {
    finish = (e) => {
      if (end) return;
      end = e;
      stop.abort();
      resolve(e);
    };
  });

  const size = () => ({ width: Math.max(20, out.columns ?? 80), height: Math.max(3, out.rows ?? 24) });
  const draw = () => {
    if (end) return;
    const { width, height } = size();
    const lines = renderTopFrame({ samples, view, width, height, intervalMs: o.intervalMs, cluster: o.cluster, error }, o.color);
    const text = frameDiff(shown, lines);
    shown = lines;
    if (text) out.write(text);
  };
  const onResize = () => {
    shown = [];
    out.write('\x1b[H\x1b[2J');
    draw();
  };
  const onData = (...a: unknown[]) => {
    for (const key of parseKeys(String(a[0]))) {
      const { height } = size();
      const r = applyKey(view, key, samples, Math.max(1, height - 8));
      view = r.view;
      if (r.quit) return finish(r.quit);
    }
    draw();
  };
  const onClosed = () => finish('closed');
  const onAbort = () => finish('signal');
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
  const restoreScreen = () => {
    try {
      out.write(LEAVE_SCREEN);
    } catch {
      // The terminal is gone.
    }
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

  const loop = async () => {
    let first = true;
    while (!end) {
      const started = Date.now();
      try {
        const s = await o.read(!first);
        if (end) break;
        samples = keepLast(samples, s, o.keep);
        error = undefined;
      } catch (e) {
        if (end) break;
        error = `read failed: ${(e as Error).message} (retrying every ${o.intervalMs} ms)`;
      }
      first = false;
      draw();
      await sleep(Math.max(0, o.intervalMs - (Date.now() - started)), stop.signal);
    }
  };
  draw();
  void loop();
  try {
    return await ended;
  } finally {
    restore();
  }
}
