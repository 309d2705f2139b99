/**
 * Broker faults on the shared three-broker cluster (test/setup/cluster.ts): brokers are killed (SIGKILL) and
 * restarted while the real program (bin/kafka-cli.js, so Node's own warnings would show) produces, tails and
 * reads lag. Every test leaves all brokers up and in sync. Needs dist/ (npm run build).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnCli, startCli, uniqueName, type RunningCli, type SpawnResult } from '../helpers/cli.js';
import { deliveredCount, expectEveryRecordOnceInOrder, failedValues, feed, parseRecordLines } from '../helpers/feed.js';
import { brokerAddress, createClusterTopic, killBroker, partitions, startBroker, stopBroker, testCluster, waitHealthy, withClusterAdmin } from '../helpers/cluster.js';

/** Every stderr of every kafka-cli run in this file: the last test greps it for Node warnings. */
const stderrs: Array<{ what: string; text: string }> = [];
const DOWN = new Set<number>();

function env(): Record<string, string> {
  return { KAFKA_BROKERS: testCluster().bootstrap };
}

async function cli(args: string[], o: { stdin?: string; timeoutMs?: number } = {}): Promise<SpawnResult> {
  const r = await spawnCli(args, { env: env(), stdin: o.stdin, timeoutMs: o.timeoutMs ?? 60_000 });
  stderrs.push({ what: args.join(' '), text: r.stderr });
  return r;
}

function bg(args: string[], timeoutMs = 150_000): RunningCli {
  const r = startCli(args, { env: env(), timeoutMs });
  void r.done.then(() => stderrs.push({ what: args.join(' '), text: r.stderr() }));
  return r;
}

async function kill(id: number): Promise<void> {
  DOWN.add(id);
  await killBroker(id);
}

async function restart(id: number): Promise<void> {
  await startBroker(id);
  DOWN.delete(id);
}

afterEach(async () => {
  for (const id of [...DOWN]) await restart(id);
  await waitHealthy();
});

/** Waits until no partition of `topic` has `id` in its ISR (the controller noticed the broker is gone). */
async function waitOutOfIsr(topic: string, id: number): Promise<void> {
  await expect.poll(async () => (await partitions(topic)).every((p) => !p.isr.includes(id) && p.leader !== id), { timeout: 30_000, interval: 200 }).toBe(true);
}

/** Every value in the topic, read by kcat (an independent reader); with partition and offset. */
function readWithKcat(topic: string): Array<{ partition: number; offset: number; value: string }> {
  const r = spawnSync('kcat', ['-C', '-b', testCluster().bootstrap, '-t', topic, '-e', '-q', '-f', '%p %o %s\\n'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return parseRecordLines(r.stdout);
}

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at /);

async function highWatermarks(topic: string): Promise<number> {
  const o = await withClusterAdmin((a) => a.fetchTopicOffsets(topic));
  return o.reduce((n, p) => n + Number(p.high), 0);
}

describe('cluster: three brokers, faults', () => {
  it('topic create -r 3 spreads leaders; describe and list flag under-replicated partitions while a broker is down', async () => {
    const topic = uniqueName('cl-health');
    const c = await cli(['topic', 'create', topic, '-p', '6', '-r', '3']);
    expect(c.code, c.stderr).toBe(0);
    const ps = await partitions(topic);
    expect(new Set(ps.map((p) => p.leader))).toEqual(new Set([1, 2, 3]));
    for (const p of ps) expect([...p.replicas].sort()).toEqual([1, 2, 3]);

    await kill(3);
    await waitOutOfIsr(topic, 3);
    const d = await cli(['topic', 'describe', topic, '-o', 'json']);
    expect(d.code, d.stderr).toBe(0);
    const details = (JSON.parse(d.stdout) as { partitionDetails: Array<{ replicas: number[]; isr: number[]; underReplicated: boolean; leader: number | null }> }).partitionDetails;
    expect(details).toHaveLength(6);
    for (const p of details) {
      expect(p.replicas).toHaveLength(3);
      expect(p.isr).not.toContain(3);
      expect(p.underReplicated).toBe(true);
      expect(p.leader).not.toBe(3);
    }
    const table = await cli(['topic', 'describe', topic]);
    expect(table.stdout).toMatch(/6 partitions unhealthy/);
    expect(table.stdout.match(/UNDER-REPLICATED/g)).toHaveLength(6);

    const list = await cli(['topic', 'list', '-o', 'json']);
    expect(list.code, list.stderr).toBe(0);
    const row = (JSON.parse(list.stdout) as Array<{ name: string; underReplicatedPartitions: number; offlinePartitions: number }>).find((t) => t.name === topic);
    expect(row).toMatchObject({ underReplicatedPartitions: 6, offlinePartitions: 0 });
    const listTable = await cli(['topic', 'list']);
    expect(listTable.stdout).toMatch(new RegExp(`${topic}\\s+6\\s+3\\s+0\\s+6 under-replicated`));

    await restart(3);
    await waitHealthy([topic]);
    const healthy = await cli(['topic', 'list', '-o', 'json']);
    expect((JSON.parse(healthy.stdout) as Array<{ name: string; underReplicatedPartitions: number }>).find((t) => t.name === topic)?.underReplicatedPartitions).toBe(0);
  });

  // Idempotent by default: whatever the kill interrupts is sent again with the same producer id and sequence, so
  // the broker writes it once. Exact record counts, not distinct lines.
  it.each([
    ['the leader of partition 0', 'leader'],
    ['the leader of partition 0 (a second run)', 'leader'],
    ['a follower of partition 0', 'follower'],
  ] as const)('produce of 200,000 keyed lines with --acks all while %s is SIGKILLed and restarted: exit 0, every line exactly once (kcat)', async (_what, role) => {
    const topic = uniqueName('cl-produce');
    await createClusterTopic(topic, 6);
    const p0 = (await partitions(topic))[0]!;
    const victim = role === 'leader' ? p0.leader : p0.replicas.find((r) => r !== p0.leader)!;
    const N = 200_000;
    const lines = Array.from({ length: N }, (_, i) => `k${i % 1000}:v${i + 1}`);
    const failedFile = join(mkdtempSync(join(tmpdir(), 'cl-produce-')), 'failed.jsonl');
    const run = bg(['produce', topic, '-K:', '--acks', 'all', '--failed', failedFile]);
    let outage: Promise<void> | undefined;
    await feed(run.child, lines, {
      n: N / 2,
      run: async () => {
        await expect.poll(() => highWatermarks(topic), { timeout: 30_000, interval: 50 }).toBeGreaterThan(0);
        outage = (async () => {
          await kill(victim);
          // Down until the cluster has noticed: another broker leads, the dead one is out of the ISR.
          await waitOutOfIsr(topic, victim);
          await restart(victim);
        })();
      },
    });
    await outage;
    const res = await run.done;
    const stderr = run.stderr();
    noStack(stderr);
    expect(res.code, stderr).toBe(0);
    expect(deliveredCount(stderr)).toBe(N);
    expect(failedValues(failedFile)).toEqual([]);
    expect(stderr).not.toMatch(/sent more than once/);
    const got = readWithKcat(topic);
    const counts = new Map<string, number>();
    for (const g of got) counts.set(g.value, (counts.get(g.value) ?? 0) + 1);
    for (let i = 1; i <= N; i++) if (!counts.has(`v${i}`)) throw new Error(`exit 0 but input line ${i} (v${i}) is not in the topic`);
    const twice = [...counts].filter(([, n]) => n > 1);
    console.log(`[cluster] produce across a kill of ${role} ${victim}: ${got.length} in topic, ${counts.size} distinct, ${got.length - counts.size} duplicates`);
    expect(twice.slice(0, 5), `${twice.length} lines written more than once`).toEqual([]);
    expect(got.length).toBe(N);
    expect(await highWatermarks(topic)).toBe(N);
  }, 180_000);

  it('two of three brokers down, min.insync.replicas 2: produce fails with one line naming the partitions, exit 1 within --delivery-timeout, --failed holds exactly the undelivered', async () => {
    const topic = uniqueName('cl-minisr');
    await createClusterTopic(topic, 3);
    await kill(2);
    await kill(3);
    await waitOutOfIsr(topic, 2);
    await waitOutOfIsr(topic, 3);
    // Leadership settled on the survivor: what is left to fail is min.insync.replicas, not a leader election.
    await expect.poll(async () => (await partitions(topic)).every((p) => p.leader === 1), { timeout: 30_000, interval: 200 }).toBe(true);
    const N = 500;
    const lines = Array.from({ length: N }, (_, i) => `k${i}:v${i + 1}`).join('\n') + '\n';
    const failedFile = join(mkdtempSync(join(tmpdir(), 'cl-minisr-')), 'failed.jsonl');
    // Other tests' topics may have partitions on the dead brokers with no leader at all: that must not stop a
    // produce to this topic (kafkajs's describeCluster reads every topic's metadata).
    const t0 = Date.now();
    const r = await cli(['produce', topic, '-K:', '--acks', 'all', '--delivery-timeout', '4s', '--failed', failedFile], { stdin: lines });
    const ms = Date.now() - t0;
    noStack(r.stderr);
    expect(r.code, r.stderr).toBe(1);
    expect(ms).toBeLessThan(4000 + 8000);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('kafka-cli: ') && !l.startsWith('kafka-cli: warning:'));
    expect(errors, r.stderr).toHaveLength(1);
    expect(errors[0]).toMatch(/500 messages not delivered .*not enough in-sync replicas.*partitions? [0-2](,[0-2])*/);
    const failed = failedValues(failedFile);
    expect(failed.sort()).toEqual(Array.from({ length: N }, (_, i) => `v${i + 1}`).sort());
    // Nothing reached the topic: the failed file holds exactly the undelivered messages.
    await restart(2);
    await restart(3);
    await waitHealthy([topic]);
    expect(await highWatermarks(topic)).toBe(0);
  }, 120_000);

  it('tail follows across a leader change and a restart of every broker in turn: contiguous offsets, nothing twice', async () => {
    const topic = uniqueName('cl-tail');
    await createClusterTopic(topic, 3);
    const produceSome = async (from: number, n: number) => {
      const lines = Array.from({ length: n }, (_, i) => `k${from + i}:v${from + i}`).join('\n') + '\n';
      const r = await cli(['produce', topic, '-K:', '--acks', 'all'], { stdin: lines });
      expect(r.code, r.stderr).toBe(0);
    };
    await produceSome(0, 1000);
    const tail = bg(['tail', topic, '--from', 'beginning', '-f', '%p %o %s\\n'], 170_000);
    const count = () => tail.stdout().split('\n').length - 1;
    await expect.poll(count, { timeout: 30_000, interval: 100 }).toBe(1000);
    let total = 1000;
    for (const id of [1, 2, 3]) {
      await stopBroker(id);
      DOWN.add(id);
      await produceSome(total, 500);
      total += 500;
      await restart(id);
      await waitHealthy([topic]);
      await produceSome(total, 500);
      total += 500;
      await expect.poll(count, { timeout: 30_000, interval: 100 }).toBe(total);
    }
    // One last record per partition: a record read twice would show up before it (offsets are read in order).
    for (const p of [0, 1, 2]) {
      const r = await cli(['produce', topic, '-p', String(p), '--value', 'end', '--acks', 'all']);
      expect(r.code, r.stderr).toBe(0);
    }
    await expect.poll(() => tail.stdout().split('\n').filter((l) => l.endsWith(' end')).length, { timeout: 30_000, interval: 100 }).toBe(3);
    tail.child.kill('SIGINT');
    const res = await tail.done;
    expect(res.code, tail.stderr()).toBe(0);
    noStack(tail.stderr());
    // In order per partition, contiguous from 0: nothing repeated, nothing skipped; the end record last.
    expectEveryRecordOnceInOrder(tail.stdout(), total, [0, 1, 2]);
  }, 170_000);

  it("lag and group describe with a broker down (the group coordinator's): correct answers or one line, fast", async () => {
    const topic = uniqueName('cl-lag');
    const group = uniqueName('cl-lag-g');
    await createClusterTopic(topic, 3);
    const p = await cli(['produce', topic, '-K:', '--acks', 'all'], { stdin: Array.from({ length: 30 }, (_, i) => `k${i}:v${i}`).join('\n') + '\n' });
    expect(p.code, p.stderr).toBe(0);
    const t = await cli(['tail', topic, '--group', group, '--from', 'beginning', '-c', '12', '-e']);
    expect(t.code, t.stderr).toBe(0);
    const before = await cli(['lag', group, '-o', 'json']);
    expect(before.code, before.stderr).toBe(0);
    // Each broker in turn: one of them is the group's coordinator, one leads each partition.
    for (const id of [1, 2, 3]) {
      await kill(id);
      await waitOutOfIsr(topic, id);
      for (const args of [['lag', group, '-o', 'json'], ['group', 'describe', group, '-o', 'json']]) {
        const t0 = Date.now();
        const r = await cli(args, { timeoutMs: 30_000 });
        const ms = Date.now() - t0;
        if (r.code === 0) {
          // Everything but the time of the report.
          expect(JSON.parse(r.stdout).groups, `${args.join(' ')} with broker ${id} down`).toEqual(JSON.parse(before.stdout).groups);
        } else {
          expect(r.code).toBe(1);
          expect(r.stderr).toMatch(/^kafka-cli: [^\n]+\n$/);
          expect(r.stderr).not.toContain(testCluster().bootstrap);
        }
        expect(ms, `${args.join(' ')} with broker ${id} down`).toBeLessThan(15_000);
      }
      await restart(id);
      await waitHealthy([topic]);
    }
  }, 170_000);

  it('one-shot reads right after a leader SIGKILL ride it out within --timeout: tail --exit prints every record once; lag, group describe, topic describe answer', async () => {
    const topic = uniqueName('cl-oneshot');
    const group = uniqueName('cl-oneshot-g');
    await createClusterTopic(topic, 3);
    const total = 3000;
    const p = await cli(['produce', topic, '-K:', '--acks', 'all'], { stdin: Array.from({ length: total }, (_, i) => `k${i}:v${i}`).join('\n') + '\n' });
    expect(p.code, p.stderr).toBe(0);
    const committed = await cli(['tail', topic, '--group', group, '--from', 'beginning', '-c', '100', '-e']);
    expect(committed.code, committed.stderr).toBe(0);
    const lagBefore = await cli(['lag', group, '-o', 'json']);
    expect(lagBefore.code, lagBefore.stderr).toBe(0);
    const leader = (await partitions(topic))[0]!.leader;
    await kill(leader);
    // At once, while the metadata still names the dead broker as leader (until the controller fences it).
    const [tail, lag, described, topicDescribed] = await Promise.all([
      cli(['tail', topic, '--from', 'beginning', '--exit', '-f', '%p %o %s\\n']),
      cli(['lag', group, '-o', 'json']),
      cli(['group', 'describe', group, '-o', 'json']),
      cli(['topic', 'describe', topic, '-o', 'json']),
    ]);
    expect(tail.code, tail.stderr).toBe(0);
    const rows = parseRecordLines(tail.stdout);
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((r) => r.value)).size).toBe(total);
    for (const part of [0, 1, 2]) {
      const offsets = rows.filter((r) => r.partition === part).map((r) => r.offset);
      expect(offsets, `partition ${part}`).toEqual(offsets.map((_, i) => i));
    }
    expect(lag.code, lag.stderr).toBe(0);
    expect(JSON.parse(lag.stdout).groups).toEqual(JSON.parse(lagBefore.stdout).groups);
    expect(described.code, described.stderr).toBe(0);
    expect(topicDescribed.code, topicDescribed.stderr).toBe(0);
    for (const r of [tail, lag, described, topicDescribed]) noStack(r.stderr);
  }, 120_000);

  it('an error names the broker that failed, not the whole bootstrap list', async () => {
    const topic = uniqueName('cl-name');
    await createClusterTopic(topic, 1);
    const leader = (await partitions(topic))[0]!.leader;
    await kill(leader);
    // Before the controller notices, metadata still names the dead leader.
    const r = await cli(['produce', topic, '--value', 'x', '--delivery-timeout', '1s']);
    if (r.code !== 0) {
      expect(r.stderr).not.toContain(testCluster().bootstrap);
      if (/cannot connect/.test(r.stderr)) expect(r.stderr).toContain(`cannot connect to ${brokerAddress(leader)}`);
    }
  }, 60_000);

  it('no Node.js warning (MaxListenersExceeded or any other) reached stderr in any run above', () => {
    expect(stderrs.length).toBeGreaterThan(10);
    for (const s of stderrs) expect(s.text, s.what).not.toMatch(/Warning|\(node:\d+\)/);
  });
});
