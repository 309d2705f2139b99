import { describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { createTopic } from '../helpers/kafka.js';

interface Envelope {
  partition: number;
  offset: string;
  key: string | null;
  value: string;
}

/** Everything in the topic, per partition in offset order (tail -o json keeps offset order within a partition). */
async function readBack(topic: string): Promise<Envelope[]> {
  const r = await runCli(['tail', topic, '--from', 'beginning', '--exit', '-o', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Envelope);
}

const inputLines = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i + 1)).join('\n') + '\n';

describe('integration: produce keeps input order within a partition', () => {
  it('one partition, 24,000 lines, many small requests in flight: offsets follow input lines exactly', async () => {
    const topic = uniqueName('order');
    await createTopic(topic, 1);
    const n = 24_000;
    const r = await runCli(['produce', topic, '--batch-size', '150', '--max-in-flight', '8'], { stdin: inputLines(n, String) });
    expect(r.code, r.stderr).toBe(0);
    const got = await readBack(topic);
    expect(got).toHaveLength(n);
    const values = got.map((e) => Number(e.value));
    const firstOutOfOrder = values.findIndex((v, i) => v !== i + 1);
    expect(firstOutOfOrder, `offset ${firstOutOfOrder} holds line ${values[firstOutOfOrder]}`).toBe(-1);
  });

  it('the tiny case from the report: 6 keyed lines, --batch-size 2', async () => {
    const topic = uniqueName('order');
    await createTopic(topic, 1);
    const r = await runCli(['produce', topic, '-K:', '--batch-size', '2'], { stdin: inputLines(6, (i) => `k:${i}`) });
    expect(r.code, r.stderr).toBe(0);
    expect((await readBack(topic)).map((e) => e.value)).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('batches cut by max.message.bytes keep order too', async () => {
    const topic = uniqueName('order');
    await createTopic(topic, 1, [{ name: 'max.message.bytes', value: '4096' }]);
    const n = 6000;
    const r = await runCli(['produce', topic], { stdin: inputLines(n, (i) => `${i}:${'x'.repeat(60)}`) });
    expect(r.code, r.stderr).toBe(0);
    const values = (await readBack(topic)).map((e) => Number(e.value.split(':')[0]));
    expect(values).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it('six partitions: every key keeps its input order', async () => {
    const topic = uniqueName('order');
    await createTopic(topic, 6);
    const n = 24_000;
    const keys = 40;
    const r = await runCli(['produce', topic, '-K:', '--batch-size', '100', '--max-in-flight', '8'], { stdin: inputLines(n, (i) => `key-${i % keys}:${i}`) });
    expect(r.code, r.stderr).toBe(0);
    const got = await readBack(topic);
    expect(got).toHaveLength(n);
    const perKey = new Map<string, number[]>();
    for (const e of got) {
      const list = perKey.get(e.key!) ?? [];
      list.push(Number(e.value));
      perKey.set(e.key!, list);
    }
    expect(perKey.size).toBe(keys);
    expect(new Set(got.map((e) => e.partition)).size).toBeGreaterThan(1);
    for (const [key, seq] of perKey) {
      const bad = seq.findIndex((v, i) => i > 0 && v <= seq[i - 1]!);
      expect(bad, `key ${key}: line ${seq[bad]} came after line ${seq[bad - 1]}`).toBe(-1);
    }
  });
});
