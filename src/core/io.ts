import type { Readable } from 'node:stream';

/** The writable half that kafka-cli needs: tests pass a memory sink, main passes process streams. */
export interface OutStream {
  write(chunk: string | Uint8Array): boolean;
  once?(event: 'drain', listener: () => void): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Injected IO: every byte kafka-cli reads or writes goes through here. */
export interface IO {
  stdout: OutStream;
  stderr: OutStream;
  stdin: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Working directory for relative paths (tests may differ from process.cwd()). */
  cwd: string;
}

export function processIO(): IO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Color on a stream: off under NO_COLOR or when not a TTY, forced by FORCE_COLOR (except FORCE_COLOR=0). */
export function colorEnabled(io: IO, stream: OutStream): boolean {
  const env = io.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/** Write and respect backpressure: resolves once the stream can take more. */
export function writeAsync(stream: OutStream, chunk: string | Uint8Array): Promise<void> | undefined {
  if (stream.write(chunk) || !stream.once) return undefined;
  return new Promise((resolve) => stream.once!('drain', resolve));
}

/** writeAsync that also gives up waiting when the signal aborts (a reader that went away never drains). */
export async function writeUntilAborted(stream: OutStream, chunk: string | Uint8Array, signal: AbortSignal): Promise<void> {
  const p = writeAsync(stream, chunk);
  if (!p || signal.aborted) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void p.then(done);
  });
}
