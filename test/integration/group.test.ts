import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { withAdmin } from '../helpers/kafka.js';
import { commitOffsets, committed, groupExists, liveConsumer, runOnTerminal, topicWithMessages } from './group-helpers.js';

interface PlanJson {
  group: string;
  state: string;
  executed: boolean;
  partitions: Array<{ topic: string; partition: number; currentOffset: string | null; newOffset: string; clamped: string | null }>;
}

async function plan(args: string[]): Promise<PlanJson> {
  const r = await runCli(['group', 'reset-offsets', ...args, '-o', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const newOffsets = (p: PlanJson) => Object.fromEntries(p.partitions.map((x) => [x.partition, x.newOffset]));

describe('integration: group list', () => {
  it('lists groups with state, members and protocol type, as a table and as JSON', async () => {
    const topic = uniqueName('gl');
    const idle = uniqueName('idle');
    const active = uniqueName('active');
    await topicWithMessages(topic, [3]);
    await commitOffsets(idle, topic, { 0: 1 });
    const consumer = await liveConsumer(active, topic, 3);
    try {
      const json = await runCli(['group', 'list', '-o', 'json']);
      expect(json.code).toBe(0);
      const groups = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
      expect(groups.find((g) => g.group === idle)).toEqual({ group: idle, type: 'classic', state: 'Empty', members: 0, protocolType: 'consumer' });
      expect(groups.find((g) => g.group === active)).toEqual({ group: active, type: 'classic', state: 'Stable', members: 1, protocolType: 'consumer' });
      const table = await runCli(['group', 'list']);
      expect(table.code).toBe(0);
      expect(table.stdout.split('\n')[0]).toMatch(/^GROUP\s+TYPE\s+STATE\s+MEMBERS\s+PROTOCOL-TYPE$/);
      expect(table.stdout).toMatch(new RegExp(`^${idle}\\s+classic\\s+Empty\\s+0\\s+consumer$`, 'm'));
      expect(table.stdout).toMatch(new RegExp(`^${active}\\s+classic\\s+Stable\\s+1\\s+consumer$`, 'm'));
    } finally {
      await consumer.disconnect();
    }
  });
});

describe('integration: group reset-offsets', () => {
  const topic = uniqueName('reset');
  const t0 = Date.now() - 600_000;
  const groups = { earliest: uniqueName('r-earliest'), latest: uniqueName('r-latest'), offset: uniqueName('r-offset'), datetime: uniqueName('r-datetime'), shift: uniqueName('r-shift') };

  beforeAll(async () => {
    // 3 partitions of 10 messages, one second apart; partition 0's first 3 messages are deleted (log start 3).
    await topicWithMessages(topic, [10, 10, 10], (_p, i) => t0 + i * 1000);
    await withAdmin(async (a) => {
      await a.fetchTopicMetadata({ topics: [topic] });
      await a.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '3' }] });
    });
    // Partitions 0 and 1 committed at 5, partition 2 never committed.
    await Promise.all(Object.values(groups).map((g) => commitOffsets(g, topic, { 0: 5, 1: 5 })));
  });

  async function dryRunThenExecute(group: string, modeArgs: string[], expected: Record<number, string>) {
    const before = await committed(group, topic);
    const dry = await plan([group, '--topic', topic, ...modeArgs]);
    expect(dry.executed).toBe(false);
    expect(newOffsets(dry)).toEqual(expected);
    expect(await committed(group, topic)).toEqual(before);
    const done = await plan([group, '--topic', topic, ...modeArgs, '--execute']);
    expect(done.executed).toBe(true);
    expect(newOffsets(done)).toEqual(expected);
    const after = await committed(group, topic);
    for (const [p, o] of Object.entries(expected)) expect(after[Number(p)]).toBe(o);
    return dry;
  }

  it('--to-earliest goes to each log start (3 where records were deleted)', async () => {
    const dry = await dryRunThenExecute(groups.earliest, ['--to-earliest'], { 0: '3', 1: '0', 2: '0' });
    expect(dry.partitions.map((p) => p.currentOffset)).toEqual(['5', '5', null]);
  });

  it('--to-latest goes to the log end', async () => {
    await dryRunThenExecute(groups.latest, ['--to-latest'], { 0: '10', 1: '10', 2: '10' });
  });

  it('--to-offset, clamped into the log, on chosen partitions', async () => {
    const r = await plan([groups.offset, '--topic', topic, '--to-offset', '1']);
    expect(r.partitions.map((p) => [p.partition, p.newOffset, p.clamped])).toEqual([
      [0, '3', 'log-start'],
      [1, '1', null],
      [2, '1', null],
    ]);
    await dryRunThenExecute(groups.offset, ['--to-offset', '7', '--partition', '1,2'], { 1: '7', 2: '7' });
    expect((await committed(groups.offset, topic))[0]).toBe('5');
  });

  it('--to-datetime goes to the first message at or after the time (the log end when none)', async () => {
    const at = new Date(t0 + 4500).toISOString();
    await dryRunThenExecute(groups.datetime, ['--to-datetime', at], { 0: '5', 1: '5', 2: '5' });
    await dryRunThenExecute(groups.datetime, ['--to-datetime', String(t0 + 1000)], { 0: '3', 1: '1', 2: '1' });
    const future = await plan([groups.datetime, '--topic', topic, '--to-datetime', String(Date.now() + 3_600_000)]);
    expect(newOffsets(future)).toEqual({ 0: '10', 1: '10', 2: '10' });
  });

  it('--shift-by moves committed offsets (negative too), refusing partitions with none', async () => {
    await dryRunThenExecute(groups.shift, ['--shift-by', '-1', '--partition', '0,1'], { 0: '4', 1: '4' });
    await dryRunThenExecute(groups.shift, ['--shift-by=3', '--partition', '0-1'], { 0: '7', 1: '7' });
    const noOffset = await runCli(['group', 'reset-offsets', groups.shift, '--topic', topic, '--shift-by', '1']);
    expect(noOffset.code).toBe(1);
    expect(noOffset.stderr).toMatch(/\[2\]: cannot --shift-by a partition with no committed offset/);
  });

  it('prints a table plan and says nothing changed without --execute', async () => {
    const r = await runCli(['group', 'reset-offsets', groups.earliest, '--topic', topic, '--to-latest']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^TOPIC\s+PARTITION\s+CURRENT-OFFSET\s+NEW-OFFSET\s+NOTE$/);
    expect(r.stdout).toMatch(new RegExp(`^${topic}\\s+2\\s+0\\s+10$`, 'm'));
    expect(r.stderr).toMatch(/^Dry run: nothing changed .*--execute/);
  });

  it('rejects bad usage with exit 2', async () => {
    const g = groups.earliest;
    expect((await runCli(['group', 'reset-offsets', g, '--topic', topic])).code).toBe(2);
    expect((await runCli(['group', 'reset-offsets', g, '--topic', topic, '--to-earliest', '--to-latest'])).code).toBe(2);
    expect((await runCli(['group', 'reset-offsets', g, '--to-earliest'])).code).toBe(2);
    expect((await runCli(['group', 'reset-offsets', g, '--topic', topic, '--to-datetime', 'yesterday'])).code).toBe(2);
    expect((await runCli(['group', 'reset-offsets', g, '--topic', topic, '--to-offset', '-3'])).code).toBe(2);
    const missing = await runCli(['group', 'reset-offsets', g, '--topic', uniqueName('nope'), '--to-earliest']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^kafka-cli: topic '.*' does not exist\n$/);
    const badPartition = await runCli(['group', 'reset-offsets', g, '--topic', topic, '--to-earliest', '--partition', '7']);
    expect(badPartition.code).toBe(1);
    expect(badPartition.stderr).toMatch(/has no partition 7/);
  });

  it('refuses while the group has active members, dry run and --execute alike', async () => {
    const group = uniqueName('r-active');
    const consumer = await liveConsumer(group, topic, 27);
    try {
      const before = await committed(group, topic);
      for (const extra of [[], ['--execute']]) {
        const r = await runCli(['group', 'reset-offsets', group, '--topic', topic, '--to-earliest', ...extra]);
        expect(r.code).toBe(1);
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe(
          `kafka-cli: group '${group}' has 1 active member (state Stable): offsets can only be reset while no consumer of the group is running; stop them first\n`,
        );
      }
      expect(await committed(group, topic)).toEqual(before);
    } finally {
      await consumer.disconnect();
    }
  });
});

describe('integration: group delete', () => {
  it('deletes with --yes, asks on a terminal, refuses without one, and reports unknown and active groups', async () => {
    const topic = uniqueName('gd');
    const [a, b, c] = [uniqueName('del-a'), uniqueName('del-b'), uniqueName('del-c')];
    await topicWithMessages(topic, [2]);
    await Promise.all([a, b, c].map((g) => commitOffsets(g, topic, { 0: 1 })));

    const noTty = await runCli(['group', 'delete', a]);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toMatch(/pass --yes/);
    expect(await groupExists(a)).toBe(true);

    const declined = await runOnTerminal(['group', 'delete', a], 'n\n');
    expect(declined.code).toBe(1);
    expect(declined.stderr).toMatch(/Delete consumer group .* \[y\/N\]/);
    expect(await groupExists(a)).toBe(true);

    const accepted = await runOnTerminal(['group', 'delete', a], 'y\n');
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toMatch(new RegExp(`^${a}\\s+deleted$`, 'm'));
    expect(await groupExists(a)).toBe(false);

    const unknown = uniqueName('del-unknown');
    const r = await runCli(['group', 'delete', b, unknown, '--yes', '-o', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      { group: b, status: 'deleted', error: null },
      { group: unknown, status: 'failed', error: 'not found' },
    ]);
    expect(r.stderr).toBe(`kafka-cli: could not delete group '${unknown}': not found\n`);
    expect(await groupExists(b)).toBe(false);
    // A deleted group is then unknown to lag.
    expect((await runCli(['lag', b])).code).toBe(1);

    const consumer = await liveConsumer(c, topic, 1);
    try {
      const active = await runCli(['group', 'delete', c, '--yes']);
      expect(active.code).toBe(1);
      expect(active.stderr).toMatch(/could not delete group '.*': it has active members/);
      expect(await groupExists(c)).toBe(true);
    } finally {
      await consumer.disconnect();
    }
  });
});
