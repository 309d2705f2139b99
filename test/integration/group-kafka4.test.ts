/**
 * Kafka 4's group types with real Java clients, checked against Apache's own commands at the same moment:
 * a KIP-848 consumer (`group.protocol=consumer`) against kafka-consumer-groups, and a share group (KIP-932,
 * Kafka 4.2+) made by kafka-console-share-consumer against kafka-share-groups. Skipped on 3.x brokers.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { testBroker } from '../helpers/broker-info.js';
import { apacheTool, startApacheTool, toolClass } from '../helpers/apache.js';
import { requireTool, skipUnless } from '../helpers/require-tool.js';
import { topicWithMessages } from './group-helpers.js';
import { apacheDescribe, apacheList, apacheMemberEpochs, apacheMembers, apacheShareDescribe, apacheState, key, ours, ourMemberEpochs, ourMembers, ourShareRows, sortRows } from './apache-groups.js';

const version = testBroker().version;
const [major, minor] = version.split('.').map(Number) as [number, number];
const kafka4 = major >= 4;
const shareGroups = major > 4 || (major === 4 && minor >= 2);

interface LagJson {
  groups: Array<{ group: string; type: string; state: string; members: number; totalLag: number; memberList: Array<{ memberId: string; clientId: string; assignment: unknown[] }> }>;
}

async function lagJson(group: string): Promise<LagJson['groups'][number] | undefined> {
  const r = await runCli(['lag', group, '-o', 'json']);
  if (r.code !== 0) return undefined;
  return (JSON.parse(r.stdout) as LagJson).groups[0];
}

async function listed(group: string): Promise<Record<string, unknown> | undefined> {
  const r = await runCli(['group', 'list', '-o', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Array<Record<string, unknown>>).find((g) => g.group === group);
}

describe.skipIf(!requireTool('java-tools'))('integration: KIP-848 consumer groups (group.protocol=consumer)', () => {
  beforeEach(skipUnless(kafka4, `KIP-848 consumer groups need Kafka 4.0+; the test broker runs ${version}`));
  it('lag, members and state equal kafka-consumer-groups for a live and a stopped Java consumer; resets and deletes refuse while it runs', async () => {
    const topic = uniqueName('kip848');
    const group = uniqueName('g848');
    await topicWithMessages(topic, [7, 5, 3]);
    const consumer = startApacheTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
      '--bootstrap-server', testBroker().bootstrap, '--topic', topic, '--group', group, '--from-beginning',
      '--consumer-property', 'group.protocol=consumer', '--consumer-property', 'auto.commit.interval.ms=200', '--consumer-property', 'client.id=java-848',
    ]);
    try {
      // Live: a consumer-type group, Stable, one member holding the three partitions, everything committed.
      await expect.poll(async () => {
        const g = await lagJson(group);
        return g && { type: g.type, state: g.state, members: g.members, lag: g.totalLag, assigned: g.memberList[0]?.assignment.length };
      }, { timeout: 60_000, interval: 500 }).toEqual({ type: 'consumer', state: 'Stable', members: 1, lag: 0, assigned: 3 });

      const theirs = sortRows(await apacheDescribe([group]));
      const mine = sortRows(await ours([group]));
      expect(theirs).toHaveLength(3);
      expect(mine).toEqual(theirs);
      expect(mine.every((r) => r.clientId === 'java-848')).toBe(true);
      expect(await ourMembers(group)).toEqual(await apacheMembers(group));
      // Epochs and target assignment as --members --verbose shows them.
      const epochs = await apacheMemberEpochs(group);
      expect(epochs).toHaveLength(1);
      expect(epochs[0]!.epoch).toBeGreaterThan(0);
      expect(epochs[0]!.target).toEqual([0, 1, 2].map((p) => `${topic}:${p}`));
      expect(await ourMemberEpochs(group)).toEqual(epochs);
      expect(await apacheState(group)).toEqual({ state: 'Stable', members: 1 });
      expect(await listed(group)).toMatchObject({ type: 'consumer', state: 'Stable', members: 1 });

      // --type/--state filters.
      const consumerOnly = await runCli(['group', 'list', '--type', 'consumer', '--state', 'stable', '-o', 'json']);
      expect((JSON.parse(consumerOnly.stdout) as Array<{ group: string }>).map((g) => g.group)).toContain(group);
      const classicOnly = await runCli(['group', 'list', '--type', 'classic', '-o', 'json']);
      expect((JSON.parse(classicOnly.stdout) as Array<{ group: string }>).map((g) => g.group)).not.toContain(group);

      // Writes refuse before sending anything while the member is there.
      const reset = await runCli(['group', 'reset-offsets', group, '--topic', topic, '--to-earliest', '--execute']);
      expect(reset.code).toBe(1);
      expect(reset.stderr).toMatch(/^kafka-cli: group '.*' has 1 active member \(state Stable\)/);
      const del = await runCli(['group', 'delete', group, '--yes']);
      expect(del.code).toBe(1);
      expect(del.stderr).toMatch(/could not delete group '.*': it has active members/);
      expect(sortRows(await apacheDescribe([group]))).toEqual(theirs);
    } finally {
      consumer.child.kill('SIGTERM');
      await new Promise((r) => consumer.child.once('close', r));
    }

    // Stopped: Empty, no members, the same committed offsets as Apache's tool.
    await expect.poll(async () => (await lagJson(group))?.state, { timeout: 30_000, interval: 500 }).toBe('Empty');
    expect(await apacheState(group)).toEqual({ state: 'Empty', members: 0 });
    const stopped = sortRows(await apacheDescribe([group]));
    const stoppedOurs = sortRows(await ours([group]));
    for (const row of stopped) expect(stoppedOurs.find((r) => key(r) === key(row))).toEqual(row);

    // With no members, reset and delete work for a consumer-protocol group.
    const reset = await runCli(['group', 'reset-offsets', group, '--topic', topic, '--to-earliest', '--execute', '-o', 'json']);
    expect(reset.code, reset.stderr).toBe(0);
    expect(JSON.parse(reset.stdout)).toMatchObject({ type: 'consumer', executed: true });
    const afterReset = sortRows(await apacheDescribe([group]));
    expect(afterReset.map((r) => [r.partition, r.current, r.lag])).toEqual([[0, '0', '7'], [1, '0', '5'], [2, '0', '3']]);
    // --max-lag and --time work for the group type too.
    const over = await runCli(['lag', group, '--max-lag', '10']);
    expect(over.code).toBe(3);
    expect(over.stderr).toBe(`kafka-cli: lag over the limit: group '${group}' total lag 15 > 10\n`);
    const timed = JSON.parse((await runCli(['lag', group, '--time', '-o', 'json'])).stdout) as { groups: Array<{ maxTimeLagMs: number | null }> };
    expect(timed.groups[0]!.maxTimeLagMs).toBeGreaterThan(0);
    const del = await runCli(['group', 'delete', group, '--yes']);
    expect(del.code, del.stderr).toBe(0);
    expect(await apacheList()).not.toContain(group);
    expect((await runCli(['lag', group])).code).toBe(1);
  }, 180_000);
});

describe.skipIf(!requireTool('java-tools'))('integration: share groups (KIP-932)', () => {
  beforeEach(skipUnless(shareGroups, `share groups need Kafka 4.2+; the test broker runs ${version}`));
  it('lag shows start offsets and lag like kafka-share-groups; reset-offsets and delete work once the consumer stops', async () => {
    const topic = uniqueName('share');
    const group = uniqueName('sg');
    await topicWithMessages(topic, [6, 4]);
    const cfg = await apacheTool(toolClass('ConfigCommand'), ['--bootstrap-server', testBroker().bootstrap, '--alter', '--entity-type', 'groups', '--entity-name', group, '--add-config', 'share.auto.offset.reset=earliest']);
    expect(cfg.code, cfg.stderr).toBe(0);
    const consumer = startApacheTool('org.apache.kafka.tools.consumer.ConsoleShareConsumer', ['--bootstrap-server', testBroker().bootstrap, '--topic', topic, '--group', group, '--consumer-property', 'client.id=java-share']);
    try {
      // Share groups deliver at least once: count distinct records.
      await expect.poll(async () => new Set(consumer.stdout().split('\n').filter((l) => l.startsWith('m-'))).size, { timeout: 60_000, interval: 500 }).toBe(10);
      await expect.poll(async () => {
        const g = await lagJson(group);
        return g && { type: g.type, state: g.state, members: g.members };
      }, { timeout: 30_000, interval: 500 }).toEqual({ type: 'share', state: 'Stable', members: 1 });
      // Both read the same start offsets and lag once the consumer has acknowledged what it read.
      await expect.poll(async () => JSON.stringify(await ourShareRows(group)) === JSON.stringify(await apacheShareDescribe(group)), { timeout: 30_000, interval: 1000 }).toBe(true);
      expect(await ourShareRows(group)).toHaveLength(2);
      expect(await ourMembers(group)).toEqual(await apacheMembers(group, true));
      const shareEpochs = await apacheMemberEpochs(group, true);
      expect(shareEpochs[0]!.epoch).toBeGreaterThan(0);
      expect(await ourMemberEpochs(group, true)).toEqual(shareEpochs);
      expect(await listed(group)).toMatchObject({ type: 'share', state: 'Stable', members: 1, protocolType: 'share' });
      const table = await runCli(['lag', group]);
      expect(table.stdout).toMatch(/^TOPIC\s+PARTITION\s+START-OFFSET\s+LOG-END-OFFSET\s+LAG$/m);

      const reset = await runCli(['group', 'reset-offsets', group, '--topic', topic, '--to-earliest', '--execute']);
      expect(reset.code).toBe(1);
      expect(reset.stderr).toMatch(/has 1 active member/);
      expect((await runCli(['group', 'delete', group, '--yes'])).code).toBe(1);
    } finally {
      consumer.child.kill('SIGTERM');
      await new Promise((r) => consumer.child.once('close', r));
    }
    await expect.poll(async () => (await lagJson(group))?.state, { timeout: 30_000, interval: 500 }).toBe('Empty');
    expect(await apacheState(group, true)).toEqual({ state: 'Empty', members: 0 });

    // Dry run by default: a plan, nothing changes.
    const before = await apacheShareDescribe(group);
    const plan = await runCli(['group', 'reset-offsets', group, '--topic', topic, '--to-earliest', '-o', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ type: 'share', executed: false, partitions: [{ partition: 0, newOffset: '0' }, { partition: 1, newOffset: '0' }] });
    expect(await apacheShareDescribe(group)).toEqual(before);

    const latest = await runCli(['group', 'reset-offsets', group, '--topic', topic, '--to-latest', '--execute']);
    expect(latest.code, latest.stderr).toBe(0);
    expect((await apacheShareDescribe(group)).map((r) => [r.partition, r.start, r.lag])).toEqual([[0, '6', '0'], [1, '4', '0']]);
    const earliest = await runCli(['group', 'reset-offsets', group, '--topic', topic, '--to-earliest', '--execute']);
    expect(earliest.code, earliest.stderr).toBe(0);
    expect((await apacheShareDescribe(group)).map((r) => [r.partition, r.start])).toEqual([[0, '0'], [1, '0']]);
    expect(await ourShareRows(group)).toEqual(await apacheShareDescribe(group));
    // --all-topics finds a share group's topics from its start offsets (OffsetFetch knows none of them).
    const all = await runCli(['group', 'reset-offsets', group, '--all-topics', '--to-latest', '--execute', '-o', 'json']);
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ type: 'share', executed: true, partitions: [{ topic, partition: 0, newOffset: '6' }, { topic, partition: 1, newOffset: '4' }] });
    expect((await apacheShareDescribe(group)).map((r) => [r.partition, r.start])).toEqual([[0, '6'], [1, '4']]);

    const del = await runCli(['group', 'delete', group, '--yes']);
    expect(del.code, del.stderr).toBe(0);
    expect(await apacheList(true)).not.toContain(group);
  }, 180_000);
});

describe('integration: lag --all-groups overview and group list --lag', () => {
  it('the overview has one row per group with its type, most lagging first', async () => {
    const topic = uniqueName('ov');
    const classic = uniqueName('ov-classic');
    const behind = uniqueName('ov-behind');
    await topicWithMessages(topic, [5]);
    expect((await runCli(['group', 'reset-offsets', classic, '--topic', topic, '--to-offset', '1', '--execute'])).code).toBe(0);
    expect((await runCli(['group', 'reset-offsets', behind, '--topic', topic, '--to-offset', '0', '--execute'])).code).toBe(0);
    const overview = await runCli(['lag', '--all-groups', '--topic', topic]);
    expect(overview.code, overview.stderr).toBe(0);
    expect(overview.stdout.split('\n')[0]).toMatch(/^GROUP\s+TYPE\s+STATE\s+MEMBERS\s+TOPICS\s+TOTAL-LAG$/);
    expect(overview.stdout).toMatch(new RegExp(`^${classic}\\s+classic\\s+Empty\\s+0\\s+1\\s+4$`, 'm'));
    expect(overview.stdout.indexOf(behind)).toBeLessThan(overview.stdout.indexOf(classic));
    expect(overview.stdout).not.toMatch(/CURRENT-OFFSET/);
    const details = await runCli(['lag', '--all-groups', '--topic', topic, '--details']);
    expect(details.stdout).toMatch(/CURRENT-OFFSET/);
    const withLag = await runCli(['group', 'list', '--lag', '-o', 'json']);
    expect((JSON.parse(withLag.stdout) as Array<{ group: string; totalLag: number }>).find((g) => g.group === classic)?.totalLag).toBe(4);
  });
});
