/** The local broker's log file: which one, its last lines, and following what is appended to it. */
import { createReadStream, existsSync, readFileSync, statSync, watch } from 'node:fs';
import { KafkaError } from '../core/errors.js';
import { brokerLogPath } from './broker.js';
import { nodeLogPath, readPlan } from './cluster.js';

/** The log of node `id` of a cluster (default: broker 1), or of the single broker; fails when there is none yet. */
export function localLogFile(dir: string, id?: number): string {
  const file = readPlan(dir) ? nodeLogPath(dir, id) : brokerLogPath(dir);
  if (!existsSync(file)) throw new KafkaError(`no broker log at ${file} (has the local broker been started?)`);
  return file;
}

/** The last `n` lines of the file (without the final newline). */
export function lastLines(file: string, n: number): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return n > 0 ? lines.slice(-n) : [];
}

/** Passes what is appended to the file from now on to `onData`, until the signal aborts. */
export function followFile(file: string, onData: (chunk: Buffer) => void, signal: AbortSignal): Promise<void> {
  let pos = statSync(file).size;
  return new Promise<void>((done) => {
    const w = watch(file, () => {
      const size = statSync(file).size;
      if (size <= pos) return;
      createReadStream(file, { start: pos, end: size - 1 }).on('data', (c) => onData(c as Buffer));
      pos = size;
    });
    signal.addEventListener(
      'abort',
      () => {
        w.close();
        done();
      },
      { once: true },
    );
  });
}
