/** A spinner on stderr for waits longer than a moment; only on a color-capable TTY, never with JSON output. */
import { colorEnabled, type IO } from '../core/io.js';

export interface Spinner {
  stop(): void;
}

const NONE: Spinner = { stop() {} };

export async function startSpinner(io: IO, text: string, enabled = true): Promise<Spinner> {
  if (!enabled || !io.stderr.isTTY || !colorEnabled(io, io.stderr) || io.env.CI) return NONE;
  const { default: ora } = await import('ora');
  const s = ora({ text, stream: io.stderr as NodeJS.WritableStream, discardStdin: false }).start();
  return { stop: () => s.stop() };
}
