/**
 * `group reset-offsets --all-topics` plans what Apache's `kafka-consumer-groups --reset-offsets --all-topics` plans:
 * only the partitions the group has committed. `--include-uncommitted` adds the rest, and the dry run says so.
 */
import { describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { testBroker } from '../helpers/broker-info.js';
import { apacheRows, apacheTool as java } from '../helpers/apache.js';
import { requireTool } from '../helpers/require-tool.js';
import { commitOffsets, topicWithMessages } from './group-helpers.js';

const CGC = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';

async function apachePlan(group: string): Promise<string[]> {
  // Apache's tool prints a failure (a timeout on a loaded CI machine) to stderr and still exits 0: retry once
  // with a longer timeout, and show its stderr when it plans nothing.
  const args = ['--bootstrap-server', testBroker().bootstrap, '--reset-offsets', '--group', group, '--all-topics', '--to-earliest', '--dry-run', '--timeout', '30000'];
  let r = await java(CGC, args);
  if (!r.stdout.includes('NEW-OFFSET')) r = await java(CGC, args);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout, r.stderr).toContain('NEW-OFFSET');
  return apacheRows(r.stdout, /NEW-OFFSET/, group).map((row) => row.split(/\s+/).slice(1, 4).join(':')).sort();
}

describe.skipIf(!requireTool('java-tools'))('integration: reset-offsets --all-topics equals Apache', () => {
  it('plans only the committed partitions (2 of 6); --include-uncommitted plans all 6 and says so', async () => {
    const topic = uniqueName('reset-all');
    const group = uniqueName('reset-all-g');
    await topicWithMessages(topic, [5, 5, 5, 5, 5, 5]);
    await commitOffsets(group, topic, { 0: 3, 1: 4 });

    const theirs = await apachePlan(group);
    expect(theirs).toEqual([`${topic}:0:0`, `${topic}:1:0`]);

    const r = await runCli(['group', 'reset-offsets', group, '--all-topics', '--to-earliest', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { executed: boolean; partitions: Array<{ topic: string; partition: number; newOffset: string }> };
    expect(plan.executed).toBe(false);
    expect(plan.partitions.map((p) => `${p.topic}:${p.partition}:${p.newOffset}`).sort()).toEqual(theirs);
    expect(r.stderr).toContain('only the partitions the group has committed');

    const all = await runCli(['group', 'reset-offsets', group, '--all-topics', '--include-uncommitted', '--to-earliest', '-o', 'json']);
    expect(all.code, all.stderr).toBe(0);
    expect((JSON.parse(all.stdout) as { partitions: unknown[] }).partitions).toHaveLength(6);
    expect(all.stderr).toContain('2 committed + 4 with no commit');

    const bad = await runCli(['group', 'reset-offsets', group, '--topic', topic, '--include-uncommitted', '--to-earliest']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--include-uncommitted goes with --all-topics');
  });
});
