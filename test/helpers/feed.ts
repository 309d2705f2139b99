/** Writing input to a background kafka-cli process (test/helpers/cli.ts startCli). */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Writes `lines` to the child's stdin in chunks, respecting backpressure; `at.run` is awaited once n lines were written. */
export async function feed(child: ChildProcessWithoutNullStreams, lines: string[], at?: { n: number; run: () => Promise<void> }): Promise<void> {
  const CHUNK = 2000;
  for (let i = 0; i < lines.length; i += CHUNK) {
    if (at && i >= at.n) {
      await at.run();
      at = undefined;
    }
    if (!child.stdin.write(lines.slice(i, i + CHUNK).join('\n') + '\n')) {
      await new Promise<void>((r) => {
        const done = () => {
          child.stdin.off('drain', done);
          child.off('close', done);
          r();
        };
        child.stdin.once('drain', done);
        child.once('close', done);
      });
    }
    if (child.exitCode !== null) return;
  }
  child.stdin.end();
}

/** The values of the envelopes a produce --failed file holds (none when it was not written). */
export function failedValues(file: string): string[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8').trim();
  return text ? text.split('\n').map((l) => (JSON.parse(l) as { value: string }).value) : [];
}

/** N of produce's "Delivered N messages" summary line (0 when it printed none). */
export function deliveredCount(stderr: string): number {
  const m = /Delivered ([\d,]+) messages?/.exec(stderr);
  return m ? Number(m[1]!.replace(/,/g, '')) : 0;
}

/** Records printed as `%p %o %s` lines (kafka-cli -f or kcat -f), with partition and offset. */
export function parseRecordLines(stdout: string): Array<{ partition: number; offset: number; value: string }> {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [p, o, v] = l.split(' ');
      return { partition: Number(p), offset: Number(o), value: v! };
    });
}
