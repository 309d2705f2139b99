/** Writing input to a background kafka-cli process (test/helpers/cli.ts startCli). */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';

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

/**
 * What a tail that followed across an outage printed (`%p %o %s` lines): `total` distinct values, and in each of
 * `partitions` offsets contiguous from 0 (nothing repeated, nothing skipped) ending with the 'end' record each
 * partition was sent last.
 */
export function expectEveryRecordOnceInOrder(stdout: string, total: number, partitions: number[]): void {
  const all = parseRecordLines(stdout);
  const rows = all.filter((r) => r.value !== 'end');
  expect(rows).toHaveLength(total);
  expect(all).toHaveLength(total + partitions.length);
  const byPartition = new Map<number, number[]>();
  for (const r of all) byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), r.offset]);
  expect([...byPartition.keys()].sort((a, b) => a - b)).toEqual(partitions);
  for (const [p, offsets] of byPartition) {
    expect(offsets, `partition ${p}`).toEqual(offsets.map((_, i) => i));
    expect(all.filter((r) => r.partition === p).at(-1)!.value, `partition ${p}`).toBe('end');
  }
  expect(new Set(rows.map((r) => r.value)).size).toBe(total);
}
