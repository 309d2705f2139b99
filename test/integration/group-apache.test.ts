/**
 * Cross-check: `kafka-cli lag` must report the same numbers as Apache's `kafka-consumer-groups --describe`
 * (ConsumerGroupCommand from the broker's own jars) for the same groups at the same moment.
 */
import { describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { testBroker } from '../helpers/broker-info.js';
import { liveConsumer, produceTo, topicWithMessages } from './group-helpers.js';
import { apacheTool as java, haveApacheTools } from '../helpers/apache.js';

const haveJava = haveApacheTools();

interface Row {
  group: string;
  topic: string;
  partition: number;
  current: string;
  logEnd: string;
  lag: string;
  consumerId: string;
  host: string;
  clientId: string;
}

/** Rows of `ConsumerGroupCommand --describe` (GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID). */
async function apacheDescribe(groups: string[]): Promise<Row[]> {
  const args = ['--bootstrap-server', testBroker().bootstrap, '--describe', ...groups.flatMap((g) => ['--group', g])];
  const r = await java('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', args);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((c) => c.length === 9 && groups.includes(c[0]!))
    .map(([group, topic, partition, current, logEnd, lag, consumerId, host, clientId]) => ({
      group: group!, topic: topic!, partition: Number(partition), current: current!, logEnd: logEnd!, lag: lag!, consumerId: consumerId!, host: host!, clientId: clientId!,
    }));
}

/** kafka-cli's JSON flattened to the same rows. */
async function ours(groups: string[]): Promise<Row[]> {
  const r = await runCli(['lag', ...groups, '-o', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const data = JSON.parse(r.stdout) as {
    groups: Array<{ group: string; topics: Array<{ topic: string; partitions: Array<{ partition: number; committedOffset: string | null; logEndOffset: string | null; lag: number | null; consumer: { memberId: string; clientId: string; host: string } | null }> }> }>;
  };
  return data.groups.flatMap((g) =>
    g.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        group: g.group, topic: t.topic, partition: p.partition,
        current: p.committedOffset ?? '-', logEnd: p.logEndOffset ?? '-', lag: p.lag === null ? '-' : String(p.lag),
        consumerId: p.consumer?.memberId ?? '-', host: p.consumer?.host ?? '-', clientId: p.consumer?.clientId ?? '-',
      })),
    ),
  );
}

const key = (r: Row) => `${r.group} ${r.topic} ${r.partition}`;
const sortRows = (rows: Row[]) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : 1));

describe.skipIf(!haveJava)('integration: lag equals Apache kafka-consumer-groups --describe', () => {
  it('for groups committed by kafka-cli, by the Java console consumer, and an active kafkajs consumer', async () => {
    const topic = uniqueName('xcheck');
    const byCli = uniqueName('by-kafka-cli');
    const byJava = uniqueName('by-java');
    const active = uniqueName('active');
    await topicWithMessages(topic, [20, 15, 10]);

    // kafka-cli commits partitions 0 and 1; partition 2 stays uncommitted.
    const reset = await runCli(['group', 'reset-offsets', byCli, '--topic', topic, '--partition', '0,1', '--to-offset', '7', '--execute']);
    expect(reset.code, reset.stderr).toBe(0);

    // The Java console consumer reads 12 messages and commits where it stopped.
    const cc = await java('org.apache.kafka.tools.consumer.ConsoleConsumer', ['--bootstrap-server', testBroker().bootstrap, '--topic', topic, '--group', byJava, '--from-beginning', '--max-messages', '12']);
    expect(cc.code, cc.stderr).toBe(0);

    // A kafkajs consumer that read everything and stays in the group, then more messages arrive.
    const consumer = await liveConsumer(active, topic, 45, 'xcheck-client');
    consumer.pause([{ topic }]);
    try {
      await produceTo(topic, 0, 5);
      await produceTo(topic, 2, 3);
      const groups = [byCli, byJava, active];
      const theirs = sortRows(await apacheDescribe(groups));
      const mine = sortRows(await ours(groups));

      // Every row Apache prints, kafka-cli prints with the same numbers and consumer.
      expect(theirs.length).toBeGreaterThanOrEqual(7);
      const mineByKey = new Map(mine.map((r) => [key(r), r]));
      for (const row of theirs) expect(mineByKey.get(key(row)), key(row)).toEqual(row);
      // kafka-cli adds only partitions with no committed offset (shown, not hidden).
      const extra = mine.filter((r) => !theirs.some((t) => key(t) === key(r)));
      for (const r of extra) expect(r.current).toBe('-');
      // Sanity: the Java group did commit, the kafka-cli group has an uncommitted partition, and lag is non-zero.
      expect(theirs.some((r) => r.group === byJava && r.current !== '-')).toBe(true);
      expect(mine.find((r) => r.group === byCli && r.partition === 2)!.current).toBe('-');
      expect(mine.filter((r) => r.group === active).map((r) => r.lag)).toEqual(['5', '0', '3']);
    } finally {
      await consumer.disconnect();
    }
  });
});
