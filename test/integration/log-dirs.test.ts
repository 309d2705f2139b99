import { describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { testBroker } from '../helpers/broker-info.js';
import { createTopic, testKafka } from '../helpers/kafka.js';
import { apacheTool, isKafka4 } from '../helpers/apache.js';
import { requireTool } from '../helpers/require-tool.js';

interface OurJson {
  brokers: Array<{ broker: number; error: string | null; logDirs: Array<{ logDir: string; error: string | null; partitions: Array<{ topic: string; partition: number; size: number; offsetLag: number; isFuture: boolean }> }> }>;
}
interface ApacheJson {
  brokers: Array<{ broker: number; logDirs: Array<{ logDir: string; error: string | null; partitions: Array<{ partition: string; size: number; offsetLag: number; isFuture: boolean }> }> }>;
}

async function produce(topic: string, perPartition: number[]): Promise<void> {
  const p = testKafka().producer({ allowAutoTopicCreation: false });
  await p.connect();
  try {
    for (const [partition, n] of perPartition.entries()) {
      await p.send({ topic, messages: Array.from({ length: n }, (_, i) => ({ partition, value: `value-${partition}-${i}-${'x'.repeat(i * 7)}` })) });
    }
  } finally {
    await p.disconnect();
  }
}

describe('integration: broker log-dirs', () => {
  it('lists each replica of the topics asked with its size; -o json', async () => {
    const t = uniqueName('logdirs');
    await createTopic(t, 2);
    await produce(t, [5, 0]);
    const r = await runCli(['broker', 'log-dirs', '--topic', t, '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as OurJson;
    const rows = data.brokers.flatMap((b) => b.logDirs.flatMap((d) => d.partitions));
    expect(rows.map((p) => [p.topic, p.partition, p.isFuture])).toEqual([[t, 0, false], [t, 1, false]]);
    expect(rows[0]!.size).toBeGreaterThan(5 * 10);
    expect(rows[1]!.size).toBe(0);
    const table = await runCli(['broker', 'log-dirs', '--topic', t]);
    expect(table.stdout).toMatch(new RegExp(`^BROKER\\s+DIR\\s+TOPIC\\s+PARTITION\\s+SIZE\\s+OFFSET-LAG\\s+FUTURE\\n1\\s+\\S+\\s+${t}\\s+0\\s+${rows[0]!.size}\\s+0\\s+no\\n`));
  });

  it('a missing topic and an unknown broker fail with exit 1', async () => {
    const none = await runCli(['broker', 'log-dirs', '--topic', uniqueName('nope')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/nope/);
    const nob = await runCli(['broker', 'log-dirs', '--broker', '99']);
    expect(nob.code).toBe(1);
    expect(nob.stderr).toMatch(/no broker 99/);
  });

  it.skipIf(!requireTool('java-tools'))('sizes equal Apache kafka-log-dirs.sh --describe', async () => {
    const t = uniqueName('logdirs-apache');
    await createTopic(t, 3);
    await produce(t, [3, 40, 1]);
    const cls = isKafka4() ? 'org.apache.kafka.tools.LogDirsCommand' : 'kafka.admin.LogDirsCommand';
    const java = await apacheTool(cls, ['--bootstrap-server', testBroker().bootstrap, '--describe', '--topic-list', t]);
    expect(java.code, java.stderr).toBe(0);
    const line = java.stdout.split('\n').find((l) => l.startsWith('{'))!;
    const theirs = JSON.parse(line) as ApacheJson;
    const ours = JSON.parse((await runCli(['broker', 'log-dirs', '--topic', t, '-o', 'json'])).stdout) as OurJson;
    const flatTheirs = theirs.brokers.flatMap((b) => b.logDirs.flatMap((d) => d.partitions.map((p) => `${b.broker} ${d.logDir} ${p.partition} ${p.size} ${p.offsetLag} ${p.isFuture}`))).sort();
    const flatOurs = ours.brokers.flatMap((b) => b.logDirs.flatMap((d) => d.partitions.map((p) => `${b.broker} ${d.logDir} ${p.topic}-${p.partition} ${p.size} ${p.offsetLag} ${p.isFuture}`))).sort();
    expect(flatOurs).toHaveLength(3);
    expect(flatOurs).toEqual(flatTheirs);
  });
});
