/**
 * Cross-check: `kafka-cli lag` must report the same numbers as Apache's `kafka-consumer-groups --describe`
 * (ConsumerGroupCommand from the broker's own jars) for the same groups at the same moment.
 */
import { describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { testBroker } from '../helpers/broker-info.js';
import { liveConsumer, produceTo, topicWithMessages } from './group-helpers.js';
import { apacheTool as java } from '../helpers/apache.js';
import { apacheDescribe, key, ours, sortRows } from './apache-groups.js';
import { requireTool } from '../helpers/require-tool.js';

describe.skipIf(!requireTool('java-tools'))('integration: lag equals Apache kafka-consumer-groups --describe', () => {
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
