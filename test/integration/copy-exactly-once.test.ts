/**
 * copy --exactly-once --group: records and source offsets commit in one transaction per chunk; a copy killed
 * (SIGKILL) and started again with the same group resumes where its last commit ended, and a read_committed
 * reader of the destination sees every source record exactly once (counted, not deduplicated).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, uniqueName } from '../helpers/cli.js';
import { createTopic, withAdmin } from '../helpers/kafka.js';
import { testBroker } from '../helpers/broker-info.js';
import { requireTool } from '../helpers/require-tool.js';

/** Produces `n` distinct values v-0 .. v-(n-1), keyed k0..k96 (so every partition gets some). */
async function fill(topic: string, n: number, prefix = 'v'): Promise<string[]> {
  const values = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  const r = await runCli(['produce', topic, '-K', ':'], { stdin: values.map((v, i) => `k${i % 97}:${v}`).join('\n') + '\n' });
  expect(r.code, r.stderr).toBe(0);
  return values;
}

/** Every value of the topic under read_committed, as many times as it is there, sorted. */
async function committedValues(topic: string): Promise<string[]> {
  const r = await runCli(['tail', topic, '--from', 'beginning', '-e', '--read-committed', '-o', 'value']);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '').sort();
}

async function groupOffsets(group: string, topic: string): Promise<number> {
  return withAdmin(async (admin) => {
    const res = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return res[0]!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  });
}

async function highWatermarks(topic: string): Promise<number> {
  return withAdmin(async (admin) => (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0));
}

function multisetDiff(expected: string[], actual: string[]): { lost: number; duplicates: number } {
  const count = new Map<string, number>();
  for (const v of expected) count.set(v, (count.get(v) ?? 0) + 1);
  for (const v of actual) count.set(v, (count.get(v) ?? 0) - 1);
  let lost = 0;
  let duplicates = 0;
  for (const c of count.values()) {
    if (c > 0) lost += c;
    else duplicates -= c;
  }
  return { lost, duplicates };
}

describe('integration: copy --exactly-once', () => {
  it('copies exactly the N records, commits the offsets for the group, and a second run copies nothing', async () => {
    const src = uniqueName('eos-src');
    const dst = uniqueName('eos-dst');
    const group = uniqueName('eos-g');
    await createTopic(src, 3);
    await createTopic(dst, 2);
    const values = await fill(src, 3000);
    const r = await runCli(['copy', src, dst, '--exactly-once', '--group', group, '--commit-every', '700']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`transactions committed with the offsets of group '${group}' (transactional id kafka-cli-copy-${group}-${src}-${dst}); 0 partitions resumed`);
    expect(await committedValues(dst)).toEqual([...values].sort());
    expect(await groupOffsets(group, src)).toBe(3000);

    // Resumed at the end: nothing more; then new records only.
    const again = await runCli(['copy', src, dst, '--exactly-once', '--group', group]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('3 partitions resumed');
    const more = await fill(src, 100, 'w');
    const third = await runCli(['copy', src, dst, '--exactly-once', '--group', group]);
    expect(third.code, third.stderr).toBe(0);
    expect(await committedValues(dst)).toEqual([...values, ...more].sort());
    expect(await groupOffsets(group, src)).toBe(3100);
  });

  it('SIGKILLed mid-way and run again with the same group: 0 lost, 0 duplicates under read_committed', async () => {
    const src = uniqueName('eos-kill-src');
    const dst = uniqueName('eos-kill-dst');
    const group = uniqueName('eos-kill-g');
    const N = 50_000;
    await createTopic(src, 3);
    await createTopic(dst, 3);
    const values = await fill(src, N);
    const args = ['copy', src, dst, '--exactly-once', '--group', group, '--commit-every', '500', '--batch-size', '250'];

    const first = startCli(args, { timeoutMs: 120_000 });
    // Kill once some transactions committed and before the end.
    let atKill = 0;
    for (const t0 = Date.now(); Date.now() - t0 < 60_000; ) {
      atKill = await groupOffsets(group, src).catch(() => 0);
      if (atKill >= 5000) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    first.child.kill('SIGKILL');
    const ended = await first.done;
    expect(ended.signal).toBe('SIGKILL');
    const committedAtKill = await groupOffsets(group, src);
    const writtenAtKill = await highWatermarks(dst);
    expect(committedAtKill).toBeGreaterThan(0);
    expect(committedAtKill).toBeLessThan(N);
    const visibleAtKill = (await committedValues(dst)).length;

    const second = await runCli(args);
    expect(second.code, second.stderr).toBe(0);
    const resumedLine = /Committed ([\d,]+) messages?/.exec(second.stderr);
    const got = await committedValues(dst);
    const diff = multisetDiff(values, got);
    console.log(`copy --exactly-once kill test: ${N} source records; killed with ${committedAtKill} source offsets committed (${visibleAtKill} records visible under read_committed, ${writtenAtKill} written incl. uncommitted); second run: ${resumedLine?.[1] ?? '?'} copied; destination ${got.length} records under read_committed, lost ${diff.lost}, duplicates ${diff.duplicates}`);
    expect(visibleAtKill).toBe(committedAtKill);
    expect(diff).toEqual({ lost: 0, duplicates: 0 });
    expect(got.length).toBe(N);
    expect(await groupOffsets(group, src)).toBe(N);

    if (requireTool('kcat')) {
      const k = spawnSync('kcat', ['-b', testBroker().bootstrap, '-C', '-t', dst, '-X', 'isolation.level=read_committed', '-e', '-q', '-f', '%s\n'], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
      expect(k.status, k.stderr).toBe(0);
      expect(multisetDiff(values, k.stdout.split('\n').filter((l) => l !== ''))).toEqual({ lost: 0, duplicates: 0 });
    }
  }, 180_000);

  it('a copy started while another of the same group runs fences it: the zombie stops, the records are there once', async () => {
    const src = uniqueName('eos-fence-src');
    const dst = uniqueName('eos-fence-dst');
    const group = uniqueName('eos-fence-g');
    await createTopic(src, 2);
    await createTopic(dst, 2);
    const values = await fill(src, 2000);
    const args = ['copy', src, dst, '--exactly-once', '--group', group, '--commit-every', '100', '--rate', '400', '--batch-size', '50'];
    const zombie = startCli(args, { timeoutMs: 60_000 });
    for (const t0 = Date.now(); Date.now() - t0 < 30_000 && (await groupOffsets(group, src).catch(() => 0)) < 300; ) await new Promise((res) => setTimeout(res, 50));
    const second = await runCli(args.filter((a, i) => a !== '--rate' && args[i - 1] !== '--rate'));
    expect(second.code, second.stderr).toBe(0);
    const z = await zombie.done;
    expect(z.code, zombie.stderr()).toBe(1);
    expect(zombie.stderr()).toMatch(/fenced|epoch/i);
    expect(multisetDiff(values, await committedValues(dst))).toEqual({ lost: 0, duplicates: 0 });
  }, 120_000);

  it('Ctrl-C aborts the open transaction (exit 130); the next run copies the rest, every record once', async () => {
    const src = uniqueName('eos-int-src');
    const dst = uniqueName('eos-int-dst');
    const group = uniqueName('eos-int-g');
    await createTopic(src, 2);
    await createTopic(dst, 2);
    const values = await fill(src, 2000);
    const args = ['copy', src, dst, '--exactly-once', '--group', group, '--commit-every', '100', '--batch-size', '20'];
    const run = startCli([...args, '--rate', '500'], { timeoutMs: 60_000 });
    for (const t0 = Date.now(); Date.now() - t0 < 30_000 && (await groupOffsets(group, src).catch(() => 0)) < 300; ) await new Promise((res) => setTimeout(res, 50));
    run.child.kill('SIGINT');
    const ended = await run.done;
    expect(ended.code, run.stderr()).toBe(130);
    const atStop = await groupOffsets(group, src);
    expect(atStop).toBeGreaterThanOrEqual(300);
    expect(atStop).toBeLessThan(2000);
    expect((await committedValues(dst)).length).toBe(atStop);
    const rest = await runCli(args);
    expect(rest.code, rest.stderr).toBe(0);
    expect(multisetDiff(values, await committedValues(dst))).toEqual({ lost: 0, duplicates: 0 });
  }, 120_000);

  it('a DLQ redrive --exactly-once SIGKILLed and run again: each destination holds its records once', async () => {
    const dlq = uniqueName('eos-dlq');
    const [a, b, gone] = [uniqueName('eos-ra'), uniqueName('eos-rb'), uniqueName('eos-gone')];
    const group = uniqueName('eos-rg');
    await createTopic(dlq, 2);
    await createTopic(a, 2);
    await createTopic(b, 1);
    const produce = async (values: string[], header?: string) => {
      const r = await runCli(['produce', dlq, '-K', ':', ...(header ? ['-H', `origin=${header}`] : [])], { stdin: values.map((v, i) => `k${i % 31}:${v}`).join('\n') + '\n' });
      expect(r.code, r.stderr).toBe(0);
    };
    const toA = Array.from({ length: 8000 }, (_, i) => `a-${i}`);
    const toB = Array.from({ length: 6000 }, (_, i) => `b-${i}`);
    await produce(toA.slice(0, 4000), a);
    await produce(toB.slice(0, 3000), b);
    await produce(['stays-1', 'stays-2']);
    await produce(toA.slice(4000), a);
    await produce(toB.slice(3000), b);
    const args = ['copy', dlq, '--to-topic-from-header', 'origin', '--execute', '--exactly-once', '--group', group, '--commit-every', '300', '--batch-size', '100'];

    const first = startCli(args, { timeoutMs: 120_000 });
    let atKill = 0;
    for (const t0 = Date.now(); Date.now() - t0 < 60_000 && atKill < 3000; ) {
      atKill = await groupOffsets(group, dlq).catch(() => 0);
      await new Promise((res) => setTimeout(res, 20));
    }
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    atKill = await groupOffsets(group, dlq);
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(14_002);

    const second = await runCli(args);
    expect(second.code, second.stderr).toBe(0);
    const [gotA, gotB] = [await committedValues(a), await committedValues(b)];
    console.log(`redrive --exactly-once kill test: killed at ${atKill} of 14,002 source offsets; ${a}: ${gotA.length} (lost/dup ${JSON.stringify(multisetDiff(toA, gotA))}), ${b}: ${gotB.length} (${JSON.stringify(multisetDiff(toB, gotB))})`);
    expect(multisetDiff(toA, gotA)).toEqual({ lost: 0, duplicates: 0 });
    expect(multisetDiff(toB, gotB)).toEqual({ lost: 0, duplicates: 0 });
    expect(await groupOffsets(group, dlq)).toBe(14_002);

    // A destination that does not exist: refused before anything is sent, the group's offsets stay.
    await runCli(['produce', dlq, '-H', `origin=${gone}`], { stdin: 'x\n' });
    const refused = await runCli(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`kafka-cli: redrive: destination topic '${gone}' does not exist; nothing was sent\n`);
    expect(await groupOffsets(group, dlq)).toBe(14_002);
  }, 180_000);

  it('refuses what cannot be exactly once (exit 2, one line)', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--exactly-once'], /^kafka-cli: --exactly-once needs --group <id>/],
      [['--group', 'g'], /^kafka-cli: --group goes with --exactly-once\n$/],
      [['--commit-every', '5'], /^kafka-cli: --commit-every goes with --exactly-once\n$/],
      [['--exactly-once', '--group', 'g', '--to-brokers', '127.0.0.1:9'], /^kafka-cli: --exactly-once needs the destination on the source cluster .*; across clusters copy is at-least-once \(idempotent on the destination\)\n$/],
      [['--exactly-once', '--group', 'g', '--failed', 'x.jsonl'], /^kafka-cli: --failed does not go with --exactly-once/],
      [['--exactly-once', '--group', 'g', '--acks', '1'], /^kafka-cli: --exactly-once needs --acks all/],
      [['--exactly-once', '--group', 'g', '--no-idempotence'], /^kafka-cli: --exactly-once needs --acks all/],
      [['--exactly-once', '--group', 'g', '--commit-every', '0'], /^kafka-cli: invalid --commit-every/],
    ];
    for (const [extra, message] of cases) {
      const r = await runCli(['copy', 'eos-a', 'eos-b', ...extra]);
      expect({ extra, code: r.code }).toEqual({ extra, code: 2 });
      expect(r.stderr).toMatch(message);
    }
    const redrive = await runCli(['copy', 'eos-a', '--to-topic-from-header', 'h', '--exactly-once', '--group', 'g']);
    expect(redrive.code).toBe(2);
    expect(redrive.stderr).toBe('kafka-cli: --exactly-once goes with --to-topic-from-header --execute (a dry run commits nothing)\n');
  });
});
