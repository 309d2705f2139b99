/**
 * Idempotent produce when the broker drops the producer's state mid-run: records deleted past everything the
 * producer wrote (topic delete-records) while one kafka-cli produce keeps reading stdin. Every line must end up
 * in the topic exactly once. (A broker older than Kafka 2.5 answers the next batch UNKNOWN_PRODUCER_ID, and
 * kafka-cli takes a new producer id, produce/epoch.ts; newer ones accept the producer's next sequence.)
 */
import { describe, expect, it } from 'vitest';
import { runCli, startCli, uniqueName } from '../helpers/cli.js';
import { createTopic } from '../helpers/kafka.js';

const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `k${(from + i) % 5}:v${from + i}`).join('\n') + '\n';
const reports = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { line: number; status: string; partition: number; offset: string });

describe('integration: idempotent produce across a lost producer state', () => {
  it('records deleted past the producer between two halves of one stdin: nothing lost, nothing doubled', async () => {
    const topic = uniqueName('prod-epoch');
    await createTopic(topic, 2);
    const p = startCli(['produce', topic, '-K', ':', '--batch-size', '20', '-o', 'json'], { timeoutMs: 90_000 });
    p.child.stdin.write(lines(1, 300));
    await expect.poll(() => reports(p.stdout()).length, { timeout: 30_000, interval: 100 }).toBe(300);
    const del = await runCli(['topic', 'delete-records', topic, '--before', '1000000', '--execute', '-o', 'json']);
    expect(del.code, del.stderr).toBe(0);
    const deleted = JSON.parse(del.stdout) as { partitions: Array<{ newLowWatermark: string; highWatermark: string }> };
    expect(deleted.partitions.every((q) => q.newLowWatermark === q.highWatermark)).toBe(true);
    p.child.stdin.end(lines(301, 600));
    const { code } = await p.done;
    expect(code, p.stderr()).toBe(0);
    const got = reports(p.stdout());
    expect(got.map((r) => r.line)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(got.every((r) => r.status === 'delivered')).toBe(true);
    expect(p.stderr()).toMatch(/^Delivered 600 messages to /);
    // Kafka since 2.5 (KIP-360) takes any sequence from a producer whose state it dropped, so no UNKNOWN_PRODUCER_ID
    // comes back: the run goes on under the same producer id, without a warning.
    expect(p.stderr()).not.toMatch(/warning/);

    // What is left in the topic is the second half, each line once, at the offsets reported.
    const back = await runCli(['tail', topic, '--from', 'beginning', '--exit', '-o', 'json']);
    expect(back.code, back.stderr).toBe(0);
    const left = reports(back.stdout) as unknown as Array<{ partition: number; offset: string; value: string }>;
    expect(left.map((e) => e.value).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))).toEqual(Array.from({ length: 300 }, (_, i) => `v${301 + i}`));
    const reported = new Map(got.filter((r) => r.line > 300).map((r) => [`${r.partition}:${r.offset}`, `v${r.line}`]));
    expect(new Map(left.map((e) => [`${e.partition}:${e.offset}`, e.value]))).toEqual(reported);
  });
});
