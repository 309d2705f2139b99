/**
 * `produce --value` sends one message and reads no stdin, so input piped in as well (`echo a | kafka-cli produce t
 * --value b`) would be dropped without a word: that is refused (exit 2), before connecting.
 */
import { fstatSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import type { IO } from '../../core/io.js';

export const VALUE_BESIDE_STDIN = '--value sends one message and reads no stdin, yet stdin has input: drop --value to send the lines on stdin, or send --value without piping into kafka-cli';

/** How long a pipe may stay quiet before it counts as having no input (a parent holding it open: ssh, a supervisor). */
const QUIET_MS = 100;

/**
 * Throws UsageError when stdin has input beside --value: a non-empty file (`< file`), or a pipe (or an injected
 * stream, as in tests) that gives data within `quietMs`. A terminal, /dev/null, an empty file, a pipe that ends
 * empty and one that stays quiet that long (a parent holding it open: ssh, a supervisor) are no input.
 */
export async function refuseStdinBesideValue(io: IO, quietMs = QUIET_MS): Promise<void> {
  if (io.stdin.isTTY === true) return;
  if (io.stdin === process.stdin) {
    let st;
    try {
      st = fstatSync(0);
    } catch {
      return; // no stdin at all (closed descriptor)
    }
    if (st.isFile()) {
      if (st.size > 0) throw new UsageError(VALUE_BESIDE_STDIN);
      return;
    }
    if (st.isCharacterDevice()) return; // /dev/null
  }
  if (await hasInput(io.stdin, quietMs)) throw new UsageError(VALUE_BESIDE_STDIN);
}

/** Whether the stream gives data before it ends or stays quiet for `quietMs`; it is left paused (process.stdin: closed). */
function hasInput(stream: IO['stdin'], quietMs: number): Promise<boolean> {
  const s = stream as NodeJS.ReadableStream & { readableEnded?: boolean; destroy?(): void };
  if (s.readableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    const finish = (got: boolean) => {
      clearTimeout(timer);
      s.off('readable', onReadable);
      s.off('end', onEnd);
      s.off('error', onEnd);
      s.pause();
      resolve(got);
    };
    const onReadable = () => {
      const chunk = s.read() as Buffer | string | null;
      if (chunk !== null && chunk.length > 0) finish(true);
    };
    const onEnd = () => finish(false);
    const timer = setTimeout(() => finish(false), quietMs);
    s.on('readable', onReadable);
    s.on('end', onEnd);
    s.on('error', onEnd);
  });
}
