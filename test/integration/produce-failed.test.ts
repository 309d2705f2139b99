import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { createTopic, withAdmin } from '../helpers/kafka.js';
import { partitionForKey } from '../../src/kafka/produce/murmur2.js';

async function total(topic: string): Promise<number> {
  return withAdmin(async (a) => (await a.fetchTopicOffsets(topic)).reduce((s, p) => s + Number(p.high), 0));
}


interface FailedEnvelope {
  line: number;
  partition?: number;
  timestamp?: number;
  key: string;
  value: string;
}

describe('integration: produce --failed (topic deleted mid-run)', () => {
  it('holds every undelivered message in input-line order, with the partition it was sent to', { timeout: 60_000 }, async () => {
    const topic = uniqueName('prodfail');
    const partitions = 3;
    await createTopic(topic, partitions);
    const n = 1000;
    const dir = mkdtempSync(join(tmpdir(), 'produce-failed-'));
    writeFileSync(join(dir, 'in.txt'), Array.from({ length: n }, (_, i) => `key-${i % 7}:${i + 1}`).join('\n') + '\n');
    const run = runCli(['produce', topic, '-K:', '--file', 'in.txt', '--rate', '200', '--delivery-timeout', '2s', '--failed', 'failed.jsonl'], { cwd: dir });
    await expect.poll(() => total(topic), { timeout: 15_000, interval: 50 }).toBeGreaterThanOrEqual(150);
    await withAdmin((a) => a.deleteTopics({ topics: [topic] }));
    const r = await run;
    expect(r.code, r.stderr).toBe(1);
    const m = /(\d[\d,]*) messages? not delivered/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    const failedCount = Number(m![1]!.replace(/,/g, ''));
    // The broker's reason is named once, not once per kafkajs wrapper.
    const why = /not delivered \(input lines? [^)]*\): ([^(]*) \(still failing/.exec(r.stderr)?.[1];
    expect(why, r.stderr).toBeDefined();
    expect(why!.split(': ').length, why).toBe(new Set(why!.split(': ')).size);
    const failed = readFileSync(join(dir, 'failed.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as FailedEnvelope);
    expect(failed).toHaveLength(failedCount);
    expect(failed.length).toBeGreaterThan(100);
    const lines = failed.map((f) => f.line);
    const bad = lines.findIndex((l, i) => i > 0 && l <= lines[i - 1]!);
    expect(bad, `line ${lines[bad]} written after line ${lines[bad - 1]}`).toBe(-1);
    // Each envelope is the input line it names, sent to the partition its key chose; no timestamp was set.
    for (const f of failed) {
      expect(f.value).toBe(String(f.line));
      expect(f.key).toBe(`key-${(f.line - 1) % 7}`);
      expect(f.partition).toBe(partitionForKey(Buffer.from(f.key), partitions));
      expect(f.timestamp).toBeUndefined();
    }
  });
});
