/** tail --key finds a key by reading only the partition its producer's partitioner picked (issue 25 item 3). */
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { createTopic } from '../helpers/kafka.js';
import { testBroker } from '../helpers/broker-info.js';
import { requireTool } from '../helpers/require-tool.js';
import { parseJsonLines, send } from './tail-helpers.js';

const KEYS = 120;
const PER_KEY = 10;
const TOTAL = KEYS * PER_KEY;
const readLine = /kafka-cli: --key: read (\d+) records \((\d+) bytes of keys and values\), (\d+) matched/;
const pickLine = /reading partition (\d+) of 12 only, where (\w+) /;

describe('integration: tail --key on a 12-partition topic', () => {
  const topic = uniqueName('tail-key');
  beforeAll(async () => {
    await createTopic(topic, 12);
    // kafkajs's DefaultPartitioner is Java's murmur2 partitioner.
    const msgs = [];
    for (let i = 0; i < PER_KEY; i++) for (let k = 0; k < KEYS; k++) msgs.push({ key: `key-${k}`, value: `v-${k}-${i}-${'x'.repeat(40)}` });
    await send(topic, msgs);
  }, 60_000);

  it('reads only the key\'s partition (about 1/12 of the data), prints every match with its offset; -v says which and why', async () => {
    const r = await runCli(['-v', 'tail', topic, '--key', 'key-42', '-o', 'json']);
    expect(r.code).toBe(0);
    const matches = parseJsonLines(r.stdout) as Array<{ partition: number; offset: string; key: string; value: string }>;
    expect(matches.map((m) => m.value)).toEqual(Array.from({ length: PER_KEY }, (_, i) => `v-42-${i}-${'x'.repeat(40)}`));
    const pick = r.stderr.match(pickLine);
    expect(pick, r.stderr).not.toBeNull();
    expect(pick![2]).toBe('murmur2');
    expect(new Set(matches.map((m) => m.partition))).toEqual(new Set([Number(pick![1])]));
    expect(matches.every((m) => /^\d+$/.test(m.offset))).toBe(true);
    const read = r.stderr.match(readLine)!;
    const [records, bytes, matched] = [Number(read[1]), Number(read[2]), Number(read[3])];
    expect(matched).toBe(PER_KEY);
    // Exactly that partition's records: compare with a plain read of it.
    const part = await runCli(['tail', topic, '-p', pick![1]!, '--from', 'beginning', '-e', '-o', 'value']);
    expect(records).toBe(part.stdout.split('\n').filter(Boolean).length);
    // About 1/12: 120 keys spread over 12 partitions; well under twice the mean, and never all of it.
    expect(records).toBeLessThan((2 * TOTAL) / 12);
    console.log(`[tail --key] read ${records} of ${TOTAL} records (${bytes} bytes) from partition ${pick![1]} of 12`);

    const all = await runCli(['-v', 'tail', topic, '--key', 'key-42', '--all-partitions', '-o', 'json']);
    expect(all.code).toBe(0);
    expect(parseJsonLines(all.stdout)).toEqual(matches);
    expect(Number(all.stderr.match(readLine)![1])).toBe(TOTAL);
    expect(all.stderr).not.toMatch(pickLine);
  });

  it('--partitioner crc32 finds keys kcat (librdkafka consistent_random) wrote; murmur2 reads the wrong partition', async () => {
    if (!requireTool('kcat')) return;
    const t = uniqueName('tail-key-kcat');
    await createTopic(t, 12);
    const input = Array.from({ length: 240 }, (_, i) => `k${i % 60}:v${i}`).join('\n') + '\n';
    const k = spawnSync('kcat', ['-b', testBroker().bootstrap, '-P', '-t', t, '-K', ':'], { input, encoding: 'utf8', timeout: 60_000 });
    expect(k.status, k.stderr).toBe(0);
    // Where kcat put each key, by kcat itself.
    const c = spawnSync('kcat', ['-b', testBroker().bootstrap, '-C', '-t', t, '-e', '-q', '-f', '%k %p\n'], { encoding: 'utf8', timeout: 60_000 });
    const where = new Map(c.stdout.split('\n').filter(Boolean).map((l) => l.split(' ') as [string, string]));
    let wrong = 0;
    for (const key of ['k0', 'k7', 'k33', 'k59']) {
      const r = await runCli(['-v', 'tail', t, '--key', key, '--partitioner', 'crc32', '-f', '%p %s\n']);
      expect(r.code).toBe(0);
      expect(r.stderr.match(pickLine)![1]).toBe(where.get(key));
      expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(4);
      const m = await runCli(['tail', t, '--key', key, '-o', 'value']);
      if (m.stdout === '') wrong++;
    }
    expect(wrong).toBeGreaterThan(0);
  });

  it('bad combinations are usage errors', async () => {
    for (const [args, msg] of [
      [['--partitioner', 'crc32'], '--partitioner needs --key'],
      [['--all-partitions'], '--all-partitions needs --key'],
      [['--key', 'a', '--partitioner', 'fnv'], "invalid --partitioner 'fnv': use murmur2 or crc32 (a random partitioner: --all-partitions)"],
      [['--key', 'a', '--partitioner', 'crc32', '--all-partitions'], 'use either --partitioner or --all-partitions, not both'],
    ] as Array<[string[], string]>) {
      const r = await runCli(['tail', topic, ...args]);
      expect(r.stderr).toBe(`kafka-cli: ${msg}\n`);
      expect(r.code).toBe(2);
    }
  });
});
