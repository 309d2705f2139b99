import { describe, expect, it, vi } from 'vitest';
import { runCli, spawnCli, startInProcess, uniqueName } from '../helpers/cli.js';
import { commitOffsets, liveConsumer, produceTo, topicWithMessages } from './group-helpers.js';

interface JsonPartition {
  partition: number;
  committedOffset: string | null;
  logEndOffset: string | null;
  lag: number | null;
  consumer: { memberId: string; clientId: string; host: string } | null;
  oldestUnconsumedTimestamp?: number | null;
  timeLagMs?: number | null;
}
interface JsonGroup {
  group: string;
  state: string;
  protocolType: string;
  members: number;
  totalLag: number;
  maxTimeLagMs?: number | null;
  topics: Array<{ topic: string; totalLag: number; partitions: JsonPartition[] }>;
}

async function lagJson(args: string[]): Promise<{ time: string; groups: JsonGroup[] }> {
  const r = await runCli(['lag', ...args, '-o', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('integration: lag', () => {
  it('shows lag per partition and totals, including partitions with no committed offset, for a group with no members', async () => {
    const topic = uniqueName('lag');
    const group = uniqueName('g');
    await topicWithMessages(topic, [10, 20, 5]);
    await commitOffsets(group, topic, { 0: 4, 1: 20 });

    const r = await runCli(['lag', group]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`Group ${group} (classic): state Empty, 0 members, total lag 6`);
    const rows = lines.filter((l) => l.startsWith(topic + ' ')).map((l) => l.trim().split(/\s+/));
    // Per partition: topic, partition, committed, log end, lag, consumer, host.
    expect(rows.slice(0, 3)).toEqual([
      [topic, '0', '4', '10', '6', '-', '-'],
      [topic, '1', '20', '20', '0', '-', '-'],
      [topic, '2', '-', '5', '-', '-', '-'],
    ]);
    // The per-topic totals: partitions, partitions with no committed offset, total lag.
    expect(rows[3]).toEqual([topic, '3', '1', '6']);
  });

  it('prints the documented JSON shape with exact offsets', async () => {
    const topic = uniqueName('lag');
    const group = uniqueName('g');
    await topicWithMessages(topic, [3, 2]);
    await commitOffsets(group, topic, { 0: 1 });
    const data = await lagJson([group]);
    expect(Object.keys(data)).toEqual(['time', 'groups']);
    expect(new Date(data.time).getTime()).toBeGreaterThan(0);
    expect(data.groups).toEqual([
      {
        group,
        type: 'classic',
        state: 'Empty',
        protocolType: 'consumer',
        members: 0,
        memberList: [],
        totalLag: 2,
        topics: [
          {
            topic,
            totalLag: 2,
            partitions: [
              { partition: 0, committedOffset: '1', logEndOffset: '3', lag: 2, consumer: null },
              { partition: 1, committedOffset: null, logEndOffset: '2', lag: null, consumer: null },
            ],
          },
        ],
      },
    ]);
  });

  it('shows the consumer (client id, host) of each assigned partition of an active group', async () => {
    const topic = uniqueName('lag');
    const group = uniqueName('g');
    await topicWithMessages(topic, [5, 5]);
    const consumer = await liveConsumer(group, topic, 10, 'my-live-client');
    try {
      const data = await lagJson([group]);
      const g = data.groups[0]!;
      expect(g.state).toBe('Stable');
      expect(g.members).toBe(1);
      expect(g.totalLag).toBe(0);
      for (const p of g.topics[0]!.partitions) {
        expect(p.committedOffset).toBe('5');
        expect(p.lag).toBe(0);
        expect(p.consumer).toMatchObject({ clientId: 'my-live-client', memberId: expect.stringMatching(/^my-live-client-/) });
        expect(p.consumer!.host).toMatch(/127\.0\.0\.1/);
      }
      await produceTo(topic, 1, 0);
      const table = await runCli(['group', 'describe', group]);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(new RegExp(`^${topic}\\s+0\\s+5\\s+5\\s+0\\s+my-live-client\\s+/?127\\.0\\.0\\.1`, 'm'));
    } finally {
      await consumer.disconnect();
    }
  });

  it('--max-lag: exit 0 within the limit, exit 3 naming the group above it; --max-lag-per-partition too', async () => {
    const topic = uniqueName('lag');
    const ok = uniqueName('ok');
    const behind = uniqueName('behind');
    await topicWithMessages(topic, [100, 100]);
    await Promise.all([commitOffsets(ok, topic, { 0: 100, 1: 95 }), commitOffsets(behind, topic, { 0: 10, 1: 60 })]);

    const within = await runCli(['lag', ok, '--max-lag', '5']);
    expect(within.code).toBe(0);
    expect(within.stderr).toBe('');

    const over = await runCli(['lag', ok, behind, '--max-lag', '5', '-o', 'json']);
    expect(over.code).toBe(3);
    expect(over.stderr).toBe(`kafka-cli: lag over the limit: group '${behind}' total lag 130 > 5\n`);
    // The data is still printed for the alert to include.
    expect(JSON.parse(over.stdout).groups.map((g: JsonGroup) => [g.group, g.totalLag])).toEqual([
      [ok, 5],
      [behind, 130],
    ]);

    const perPartition = await runCli(['lag', behind, '--max-lag-per-partition', '50']);
    expect(perPartition.code).toBe(3);
    expect(perPartition.stderr).toMatch(new RegExp(`group '${behind}' 1 partition over 50 \\(${topic}\\[0\\]=90\\)`));
    expect((await runCli(['lag', behind, '--max-lag-per-partition', '90'])).code).toBe(0);

    const bad = await runCli(['lag', ok, '--max-lag', 'lots']);
    expect(bad.code).toBe(2);
  });

  it('--time: the age of the message at the committed offset', async () => {
    const topic = uniqueName('lag');
    const group = uniqueName('g');
    const t0 = Date.now() - 3_600_000;
    // Partition 0: messages an hour old, one second apart; partition 1 is caught up.
    await topicWithMessages(topic, [5, 2], (p, i) => t0 + i * 1000);
    await commitOffsets(group, topic, { 0: 2, 1: 2 });
    const before = Date.now();
    const data = await lagJson([group, '--time']);
    const after = Date.now();
    const g = data.groups[0]!;
    const [p0, p1] = g.topics[0]!.partitions;
    expect(p0!.oldestUnconsumedTimestamp).toBe(t0 + 2000);
    expect(p0!.timeLagMs).toBeGreaterThanOrEqual(before - (t0 + 2000));
    expect(p0!.timeLagMs).toBeLessThanOrEqual(after - (t0 + 2000));
    expect(p1).toMatchObject({ lag: 0, oldestUnconsumedTimestamp: null, timeLagMs: 0 });
    expect(g.maxTimeLagMs).toBe(p0!.timeLagMs);

    const table = await runCli(['lag', group, '--time']);
    expect(table.stdout).toMatch(/TIME-LAG/);
    expect(table.stdout).toMatch(new RegExp(`^${topic}\\s+0\\s+2\\s+5\\s+3\\s+-\\s+-\\s+(59m\\d\\ds|1h00m)$`, 'm'));
  });

  it('--all-groups with --topic lists exactly the groups consuming that topic', async () => {
    const topic = uniqueName('lag');
    const other = uniqueName('lag-other');
    const a = uniqueName('ga');
    const b = uniqueName('gb');
    const c = uniqueName('gc');
    await topicWithMessages(topic, [4]);
    await topicWithMessages(other, [4]);
    await Promise.all([commitOffsets(a, topic, { 0: 1 }), commitOffsets(b, topic, { 0: 4 }), commitOffsets(c, other, { 0: 0 })]);
    const data = await lagJson(['--all-groups', '--topic', topic]);
    expect(data.groups.map((g) => [g.group, g.totalLag]).sort()).toEqual([
      [a, 3],
      [b, 0],
    ]);
    // --topic on a named group keeps only that topic.
    const filtered = await lagJson([c, '--topic', topic]);
    expect(filtered.groups[0]!.topics).toEqual([]);
  });

  it('an unknown group is one line and exit 1; bad usage is exit 2', async () => {
    const r = await runCli(['lag', 'no-such-group-' + uniqueName()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^kafka-cli: group 'no-such-group-[^']+' not found\n$/);
    expect(r.stdout).toBe('');
    expect((await runCli(['lag'])).code).toBe(2);
    expect((await runCli(['lag', 'x', '--all-groups'])).code).toBe(2);
    expect((await runCli(['lag', 'x', '--watch', '1s', '--max-lag', '1'])).code).toBe(2);
    const missingTopic = await runCli(['lag', '--all-groups', '--topic', uniqueName('missing')]);
    expect(missingTopic.code).toBe(1);
    expect(missingTopic.stderr).toMatch(/^kafka-cli: topic '.*' does not exist\n$/);
  });

  it('fails fast when the broker is down', async () => {
    const r = await spawnCli(['lag', 'g', '-b', '127.0.0.1:1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^kafka-cli: cannot connect to 127\.0\.0\.1:1: connection refused/);
    expect(r.ms).toBeLessThan(5000);
  });

  it('--watch prints a report each interval with rates and exits 0 on Ctrl-C', async () => {
    const topic = uniqueName('lag');
    const group = uniqueName('g');
    await topicWithMessages(topic, [10]);
    await commitOffsets(group, topic, { 0: 0 });
    const live = startInProcess(['lag', group, '--watch', '300ms']);
    const reportsOf = (out: string) => out.split(/^Every 300ms: /m).filter(Boolean);
    await vi.waitFor(() => expect(live.stdout()).toContain('total lag 10'), { timeout: 15_000, interval: 25 });
    await produceTo(topic, 0, 30);
    // Wait for a report with the new messages and the rates (from the second read on), and at least three reports.
    await vi.waitFor(
      () => {
        const reports = reportsOf(live.stdout());
        expect(reports.length).toBeGreaterThanOrEqual(3);
        expect(reports.at(-1)).toContain('total lag 40');
        expect(reports.at(-1)).toMatch(/CONSUMED\s+PRODUCED/);
      },
      { timeout: 15_000, interval: 25 },
    );
    live.interrupt();
    const r = { code: await live.done, stdout: live.stdout(), stderr: live.stderr() };
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const reports = reportsOf(r.stdout);
    expect(reports.length).toBeGreaterThanOrEqual(3);
    // Not a TTY: no screen clearing, one report after the other.
    expect(r.stdout).not.toContain('\x1b[');
    expect(reports[0]).toContain(`Group ${group} (classic): state Empty, 0 members, total lag 10`);
    expect(reports.at(-1)).toContain(`total lag 40`);
    expect(reports.at(-1)).toMatch(/CONSUMED\s+PRODUCED/);
    // The trend line: no estimate from one read; the 30 new messages make the lag grow.
    expect(reports[0]).toMatch(new RegExp(`\nTREND  ${group}  \\s*▁  lag 10\\s+trend from the next read on\n`));
    expect(reports.some((x) => new RegExp(`\nTREND  ${group}  \\s*[▁-█]+  lag 40\\s+falling behind\n`).test(x))).toBe(true);
  });

  it('--watch -o json prints one document per line with per-topic rates from the second on', async () => {
    const topic = uniqueName('lag');
    const group = uniqueName('g');
    await topicWithMessages(topic, [10]);
    await commitOffsets(group, topic, { 0: 0 });
    const live = startInProcess(['lag', group, '--watch', '300ms', '-o', 'json']);
    const docsOf = (out: string) => out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    await vi.waitFor(() => expect(docsOf(live.stdout()).length).toBeGreaterThanOrEqual(1), { timeout: 15_000, interval: 25 });
    await produceTo(topic, 0, 30);
    await vi.waitFor(
      () => {
        const docs = docsOf(live.stdout());
        expect(docs.length).toBeGreaterThanOrEqual(3);
        expect(docs.at(-1).groups[0].topics[0].totalLag).toBe(40);
        expect(docs.slice(1).some((d) => d.groups[0].topics[0].producedPerSec > 0)).toBe(true);
      },
      { timeout: 15_000, interval: 25 },
    );
    live.interrupt();
    const r = { code: await live.done, stdout: live.stdout() };
    expect(r.code).toBe(0);
    const docs = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(docs.length).toBeGreaterThanOrEqual(3);
    expect(docs[0].groups[0].topics[0]).toMatchObject({ topic, totalLag: 10, consumedPerSec: null, producedPerSec: null });
    const last = docs.at(-1).groups[0].topics[0];
    expect(last.totalLag).toBe(40);
    expect(last.consumedPerSec).toBe(0);
    // 30 messages arrived between two reads: some report saw them as production.
    expect(docs.slice(1).some((d) => d.groups[0].topics[0].producedPerSec > 0)).toBe(true);
    // The group's trend: unknown from one read, then the lag grows (falling behind, lagPerSec > 0).
    expect(docs[0].groups[0].trend).toEqual({ lagPerSec: null, eta: 'unknown', etaSeconds: null });
    expect(docs.some((d) => d.groups[0].trend.eta === 'falling-behind' && d.groups[0].trend.lagPerSec > 0)).toBe(true);
  });

  it('--watch on a TTY redraws in place', async () => {
    const topic = uniqueName('lag');
    const group = uniqueName('g');
    await topicWithMessages(topic, [1]);
    await commitOffsets(group, topic, { 0: 0 });
    const live = startInProcess(['lag', group, '--watch', '200ms'], { tty: true, env: { NO_COLOR: '1' } });
    await vi.waitFor(() => expect(live.stdout().split('\x1b[H\x1b[2J').length).toBeGreaterThanOrEqual(3), { timeout: 15_000, interval: 25 });
    live.interrupt();
    expect(await live.done).toBe(0);
    const frames = live.stdout().split('\x1b[H\x1b[2J');
    expect(frames.length).toBeGreaterThanOrEqual(3);
    // Each frame starts at the top of the cleared screen.
    expect(frames[0]).toBe('');
    for (const f of frames.slice(1)) expect(f).toMatch(/^Every 200ms: /);
  });
});
