/**
 * `group delete-offsets` against a real broker, checked with Apache's kafka-consumer-groups: the dry run changes
 * nothing, --execute removes only the named partitions' commits (as --describe then shows), and a group that
 * consumes the topic is refused as Apache's --delete-offsets is refused (a kafkajs consumer, and on Kafka 4 a
 * KIP-848 Java consumer).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { testBroker } from '../helpers/broker-info.js';
import { apacheRows, apacheTool as java, isKafka4, startApacheTool } from '../helpers/apache.js';
import { requireTool, skipUnless } from '../helpers/require-tool.js';
import { commitOffsets, committed, liveConsumer, topicWithMessages } from './group-helpers.js';
import { apacheDescribe } from './apache-groups.js';

const CGC = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';

interface Plan {
  group: string;
  executed: boolean;
  partitions: Array<{ topic: string; partition: number; committedOffset: string | null; status: string; error: string | null }>;
}

const rows = (p: Plan) => p.partitions.map((r) => `${r.topic}:${r.partition}:${r.committedOffset ?? '-'}:${r.status}`);

/** What Apache's --describe shows committed for the group: `topic:partition:offset`, sorted. */
const apacheCommitted = async (group: string) => (await apacheDescribe([group])).map((r) => `${r.topic}:${r.partition}:${r.current}`).sort();

/** Apache's --delete-offsets: its STATUS column per `topic:partition` (it prints failures and still exits 0). */
async function apacheDeleteOffsets(group: string, topic: string): Promise<{ status: Map<string, string>; stderr: string }> {
  const r = await java(CGC, ['--bootstrap-server', testBroker().bootstrap, '--delete-offsets', '--group', group, '--topic', topic, '--timeout', '30000']);
  expect(r.stdout, r.stderr).toMatch(/TOPIC\s+PARTITION\s+STATUS/);
  const name = topic.split(':')[0]!;
  const rows = apacheRows(r.stdout, /TOPIC\s+PARTITION\s+STATUS/, name).map((row) => /^\S+\s+(\d+)\s+(.*)$/s.exec(row)!);
  const status = new Map(rows.map((m) => [`${name}:${m[1]}`, m[2]!.trim()] as const));
  return { status, stderr: r.stderr };
}

describe.skipIf(!requireTool('java-tools'))('integration: group delete-offsets', () => {
  it('the dry run changes nothing; --execute removes only the named partitions, as Apache --describe shows', async () => {
    const [a, b] = [uniqueName('deloff-a'), uniqueName('deloff-b')];
    const group = uniqueName('deloff-g');
    await topicWithMessages(a, [5, 5, 5]);
    await topicWithMessages(b, [5, 5]);
    await commitOffsets(group, a, { 0: 3, 1: 4, 2: 5 });
    await commitOffsets(group, b, { 0: 2 });
    const before = [`${a}:0:3`, `${a}:1:4`, `${a}:2:5`, `${b}:0:2`].sort();
    expect(await apacheCommitted(group)).toEqual(before);

    const dry = await runCli(['group', 'delete-offsets', group, '--topic', `${a}:0,2`, '--topic', b, '-o', 'json']);
    expect(dry.code, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as Plan;
    expect(plan.executed).toBe(false);
    expect(rows(plan)).toEqual([`${a}:0:3:planned`, `${a}:2:5:planned`, `${b}:0:2:planned`, `${b}:1:-:no-commit`]);
    expect(dry.stderr).toContain(`Dry run: nothing changed (3 partitions of group '${group}'). Add --execute`);
    expect(dry.stderr).toContain('1 partition has no committed offset');
    expect(await apacheCommitted(group)).toEqual(before);

    const table = await runCli(['group', 'delete-offsets', group, '--topic', `${a}:1`, '--dry-run']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^TOPIC\\s+PARTITION\\s+COMMITTED-OFFSET\\s+STATUS\\n${a}\\s+1\\s+4\\s+would be deleted\\n$`));

    const run = await runCli(['group', 'delete-offsets', group, '--topic', `${a}:0,2`, '--topic', b, '--execute', '-o', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const done = JSON.parse(run.stdout) as Plan;
    expect(done.executed).toBe(true);
    expect(rows(done)).toEqual([`${a}:0:3:deleted`, `${a}:2:5:deleted`, `${b}:0:2:deleted`, `${b}:1:-:no-commit`]);
    expect(run.stderr).toContain(`Deleted the committed offsets of 3 partitions of group '${group}'.`);
    expect(await apacheCommitted(group)).toEqual([`${a}:1:4`]);
    expect(await committed(group, a)).toEqual({ 0: null, 1: '4', 2: null });

    // Unknown group, topic or partition: one line, exit 1, nothing sent.
    const noGroup = await runCli(['group', 'delete-offsets', uniqueName('no-such-g'), '--topic', a]);
    expect(noGroup.code).toBe(1);
    expect(noGroup.stderr).toMatch(/^kafka-cli: group '.*' not found/);
    const noTopic = await runCli(['group', 'delete-offsets', group, '--topic', 'no-such-topic-deloff', '--execute']);
    expect(noTopic.code).toBe(1);
    expect(noTopic.stderr).toMatch(/^kafka-cli: topic 'no-such-topic-deloff' does not exist/);
    const noPartition = await runCli(['group', 'delete-offsets', group, '--topic', `${a}:1,7`, '--execute']);
    expect(noPartition.code).toBe(1);
    expect(noPartition.stderr).toBe(`kafka-cli: topic '${a}' has no partition 7 (it has 3)\n`);
    const usage = await runCli(['group', 'delete-offsets', group]);
    expect(usage.code).toBe(2);
    const both = await runCli(['group', 'delete-offsets', group, '--topic', a, '--dry-run', '--execute']);
    expect(both.code).toBe(2);
    expect(await apacheCommitted(group)).toEqual([`${a}:1:4`]);
  }, 120_000);

  it('refuses while a kafkajs consumer of the group subscribes to the topic, as Apache --delete-offsets; another topic of the group goes', async () => {
    const [topic, other] = [uniqueName('deloff-live'), uniqueName('deloff-other')];
    const group = uniqueName('deloff-live-g');
    await topicWithMessages(topic, [3, 3, 3]);
    await topicWithMessages(other, [2]);
    await commitOffsets(group, other, { 0: 1 });
    const consumer = await liveConsumer(group, topic, 9, 'deloff-consumer');
    try {
      for (const args of [[], ['--execute']]) {
        const r = await runCli(['group', 'delete-offsets', group, '--topic', topic, ...args]);
        expect(r.code).toBe(1);
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe(
          `kafka-cli: group '${group}' is consuming topic '${topic}' (1 active member subscribed, state Stable): ` +
            'its committed offsets can only be deleted while no consumer of the group subscribes to the topic; stop them first\n',
        );
      }
      // Apache's tool sends it and the broker refuses every partition of the topic.
      const theirs = await apacheDeleteOffsets(group, topic);
      expect([...theirs.status.keys()].sort(), theirs.stderr).toEqual([0, 1, 2].map((p) => `${topic}:${p}`));
      for (const s of theirs.status.values()) expect(s).toMatch(/^Error: .*GroupSubscribedToTopicException/);
      expect(await committed(group, topic)).toEqual({ 0: '3', 1: '3', 2: '3' });

      // A topic the group does not subscribe to: the broker deletes its offsets even with the member there.
      const r = await runCli(['group', 'delete-offsets', group, '--topic', other, '--execute', '-o', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect(rows(JSON.parse(r.stdout) as Plan)).toEqual([`${other}:0:1:deleted`]);
      expect(await committed(group, other)).toEqual({ 0: null });
    } finally {
      await consumer.disconnect();
    }
  }, 120_000);

  describe('KIP-848', () => {
    beforeEach(skipUnless(isKafka4(), `consumer groups need Kafka 4.0+; the test broker runs ${testBroker().version}`));
    it('refuses while a Java consumer with group.protocol=consumer subscribes to the topic', async () => {
      const topic = uniqueName('deloff-848');
      const group = uniqueName('deloff-848-g');
      await topicWithMessages(topic, [2, 2]);
      const consumer = startApacheTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
        '--bootstrap-server', testBroker().bootstrap, '--topic', topic, '--group', group, '--from-beginning',
        '--consumer-property', 'group.protocol=consumer', '--consumer-property', 'auto.commit.interval.ms=200',
      ]);
      try {
        await expect.poll(async () => (await apacheCommitted(group).catch(() => [])).length, { timeout: 60_000, interval: 500 }).toBe(2);
        const r = await runCli(['group', 'delete-offsets', group, '--topic', `${topic}:1`, '--execute']);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/^kafka-cli: group '.*' is consuming topic '.*' \(1 active member subscribed, state (Stable|Reconciling|Assigning)\)/);
        const theirs = await apacheDeleteOffsets(group, `${topic}:1`);
        expect(theirs.status.get(`${topic}:1`), theirs.stderr).toMatch(/^Error: .*GroupSubscribedToTopicException/);
      } finally {
        consumer.child.kill('SIGTERM');
        await new Promise((r) => consumer.child.once('close', r));
      }
    }, 120_000);
  });
});
