/**
 * Broker faults against a PRIVATE broker (test/helpers/fault-broker.ts) that these tests kill (SIGKILL) and
 * restart on the same ports and data. Needs dist/ (npx tsc): kafka-cli runs as a real process.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnCli, startCli, uniqueName, type RunningCli } from '../helpers/cli.js';
import { createFaultTopic, startFaultBroker, type FaultBroker } from '../helpers/fault-broker.js';
import { deliveredCount, expectEveryRecordOnceInOrder, failedValues, feed, parseRecordLines } from '../helpers/feed.js';

let fb: FaultBroker;

beforeAll(async () => {
  fb = await startFaultBroker();
}, 120_000);

afterAll(async () => {
  await fb?.dispose();
});

function env(): Record<string, string> {
  return { KAFKA_BROKERS: fb.bootstrap };
}

/** Spawns kafka-cli against the fault broker; killed after `timeoutMs` so a hang fails the test. */
function start(args: string[], timeoutMs = 120_000, cwd?: string): RunningCli {
  return startCli(args, { env: env(), timeoutMs, cwd });
}

/** Every value in the topic, read back with kafka-cli itself (`%p %o %s`). */
async function readBack(topic: string): Promise<Array<{ partition: number; offset: number; value: string }>> {
  const r = await spawnCli(['tail', topic, '--from', 'beginning', '-e', '-f', '%p %o %s\\n'], { env: env(), timeoutMs: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return parseRecordLines(r.stdout);
}

/** Waits until the topic holds at least one message: kafka-cli is really sending (not still starting up). */
async function waitForData(topic: string): Promise<void> {
  const arrived = async () => (await fb.withAdmin((a) => a.fetchTopicOffsets(topic))).some((o) => Number(o.high) > 0);
  await expect.poll(arrived, { timeout: 30_000, interval: 50, message: `nothing arrived in ${topic}` }).toBe(true);
}

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at /);

describe('integration: faults (a private broker killed and restarted)', () => {
  it('produce rides out a broker SIGKILL + restart part-way through 200,000 keyed messages (default settings): nothing lost', async () => {
    const topic = uniqueName('fault-produce');
    await createFaultTopic(fb, topic, 6);
    const N = 200_000;
    const lines = Array.from({ length: N }, (_, i) => `k${i % 1000}:v${i + 1}`);
    const dir = mkdtempSync(join(tmpdir(), 'fault-produce-'));
    const failedFile = join(dir, 'failed.jsonl');
    const run = start(['produce', topic, '-K:', '--failed', failedFile]);
    let outage: Promise<void> | undefined;
    let killedAt = 0;
    // Half-way through writing the input, the broker crashes and comes back; the rest is written meanwhile.
    await feed(run.child, lines, {
      n: N / 2,
      run: async () => {
        await waitForData(topic);
        outage = (async () => {
          await fb.kill();
          killedAt = Date.now();
          await fb.start();
        })();
      },
    });
    await outage;
    const res = await run.done;
    const stderr = run.stderr();
    noStack(stderr);
    expect(killedAt).toBeGreaterThan(0);
    // The crash happened while kafka-cli was sending: it said it was sending again.
    expect(stderr).toMatch(/kafka-cli: warning: send failed \(.*\); sending again for up to 30 s/);

    const got = await readBack(topic);
    const values = new Set(got.map((g) => g.value));
    const duplicates = got.length - values.size;
    const failed = failedValues(failedFile);
    // Reported, not asserted: a request the broker wrote but could not acknowledge before dying is sent again.
    console.log(`[faults] produce across a restart: exit ${res.code}, delivered ${deliveredCount(stderr)}, failed ${failed.length}, in topic ${got.length}, duplicates ${duplicates}`);
    if (res.code === 0) {
      expect(deliveredCount(stderr)).toBe(N);
      expect(failed).toEqual([]);
      for (let i = 1; i <= N; i++) if (!values.has(`v${i}`)) throw new Error(`exit 0 but input line ${i} (v${i}) is not in the topic`);
    } else {
      expect(res.code).toBe(1);
      expect(stderr).toMatch(/^kafka-cli: [\d,]+ messages? not delivered/m);
      expect(deliveredCount(stderr) + failed.length).toBe(N);
      const failedSet = new Set(failed);
      for (let i = 1; i <= N; i++) if (!values.has(`v${i}`) && !failedSet.has(`v${i}`)) throw new Error(`input line ${i} is neither in the topic nor in --failed`);
    }
  }, 150_000);

  it('the broker goes away for good during produce: exit 1 within --delivery-timeout, with the count and the --failed file', async () => {
    const topic = uniqueName('fault-gone');
    await createFaultTopic(fb, topic, 3);
    const N = 50_000;
    const lines = Array.from({ length: N }, (_, i) => `k${i % 100}:v${i + 1}`);
    const dir = mkdtempSync(join(tmpdir(), 'fault-gone-'));
    const failedFile = join(dir, 'failed.jsonl');
    const run = start(['produce', topic, '-K:', '--failed', failedFile, '--delivery-timeout', '3s'], 60_000);
    let killed: Promise<void> | undefined;
    let killedAt = 0;
    await feed(run.child, lines, {
      n: 20_000,
      run: async () => {
        await waitForData(topic);
        killed = fb.kill().then(() => void (killedAt = Date.now()));
      },
    });
    await killed;
    const res = await run.done;
    const stderr = run.stderr();
    try {
      expect(res.code).toBe(1);
      // 3 s of sending again, plus the attempt under way when it ran out (connection refused: fast).
      expect(res.at - killedAt).toBeLessThan(3000 + 5000);
      noStack(stderr);
      const summary = /^kafka-cli: ([\d,]+) messages? not delivered \(input lines? [^)]*\): .*--delivery-timeout 3s.*; written to .*failed\.jsonl/m.exec(stderr);
      expect(summary, stderr).not.toBeNull();
      const failed = failedValues(failedFile);
      expect(Number(summary![1]!.replace(/,/g, ''))).toBe(failed.length);
      expect(failed.length).toBeGreaterThan(0);
      expect(deliveredCount(stderr) + failed.length).toBe(N);
      // Once the broker is back: every line is in the topic or in --failed, and the retry file is usable.
      await fb.start();
      const got = await readBack(topic);
      const values = new Set(got.map((g) => g.value));
      const failedSet = new Set(failed);
      for (let i = 1; i <= N; i++) if (!values.has(`v${i}`) && !failedSet.has(`v${i}`)) throw new Error(`input line ${i} is neither in the topic nor in --failed`);
      console.log(`[faults] broker gone: exit after ${res.at - killedAt} ms, delivered ${deliveredCount(stderr)}, failed ${failed.length}, in topic ${got.length}`);
      const retry = await spawnCli(['produce', topic, '--input', 'json', '--file', failedFile], { env: env(), timeoutMs: 60_000 });
      expect(retry.code).toBe(0);
      expect(deliveredCount(retry.stderr)).toBe(failed.length);
    } finally {
      await fb.start();
    }
  }, 120_000);

  it('Ctrl-C while produce is sending again to a dead broker: exit 130 at once, the summary says what was and was not sent', async () => {
    const topic = uniqueName('fault-sigint');
    await createFaultTopic(fb, topic, 2);
    const dir = mkdtempSync(join(tmpdir(), 'fault-sigint-'));
    const failedFile = join(dir, 'failed.jsonl');
    const run = start(['produce', topic, '--failed', failedFile], 60_000);
    run.child.stdin.write(Array.from({ length: 1000 }, (_, i) => `a${i + 1}`).join('\n') + '\n');
    await waitForData(topic);
    try {
      await fb.kill();
      // Input keeps coming (stdin stays open) while the broker is gone: kafka-cli sends again and again.
      run.child.stdin.write(Array.from({ length: 500 }, (_, i) => `b${i + 1}`).join('\n') + '\n');
      await vi.waitFor(() => expect(run.stderr()).toMatch(/sending again for up to 30 s/), { timeout: 20_000, interval: 50 });
      const t0 = Date.now();
      run.child.kill('SIGINT');
      const res = await run.done;
      // The send under way when Ctrl-C came is not cut off; no new attempt starts.
      expect(res.at - t0).toBeLessThan(6000);
      expect(res.code).toBe(130);
      const stderr = run.stderr();
      noStack(stderr);
      expect(stderr).toMatch(/^Delivered [\d,]+ messages? to /m);
      expect(stderr).toMatch(/^[\d,]+ messages? failed: /m);
      expect(stderr).toMatch(/Interrupted: stopped reading/);
      const failed = failedValues(failedFile);
      expect(failed.length).toBeGreaterThan(0);
      expect(deliveredCount(stderr) + failed.length).toBe(1500);
      expect(failed).toContain('b500');
    } finally {
      await fb.start();
    }
  }, 90_000);

  it('with the broker down, every command fails fast with one line (exit 1)', async () => {
    const topic = uniqueName('fault-down');
    await createFaultTopic(fb, topic, 1);
    await fb.kill();
    try {
      const cases: string[][] = [
        ['lag', 'some-group'],
        ['lag', '--all-groups'],
        ['lag', 'some-group', '--watch', '1s'],
        ['group', 'list'],
        ['topic', 'list'],
        ['topic', 'describe', topic],
        ['topic', 'create', uniqueName('x')],
        ['topic', 'delete', topic, '--yes'],
        ['topic', 'config', topic],
        ['topic', 'add-partitions', topic, '--total', '2'],
        ['tail', topic, '--from', 'beginning', '-e'],
        ['tail', topic],
        ['produce', topic, '--value', 'x'],
        ['cluster'],
      ];
      const results = await Promise.all(cases.map((args) => spawnCli(args, { env: env(), timeoutMs: 20_000 })));
      results.forEach((r, i) => {
        const what = `${cases[i]!.join(' ')}: ${r.stderr}`;
        expect(r.code, what).toBe(1);
        expect(r.ms, what).toBeLessThan(9000);
        expect(r.stdout, what).toBe('');
        expect(r.stderr, what).toMatch(/^kafka-cli: [^\n]*(cannot connect|connection refused)[^\n]*\n$/);
      });
    } finally {
      await fb.start();
    }
  }, 90_000);

  it('tail follows across a broker SIGKILL + restart: no message twice, none skipped, Ctrl-C exits 0', async () => {
    const topic = uniqueName('fault-tail');
    await createFaultTopic(fb, topic, 3);
    const produceSome = async (from: number, n: number) => {
      const lines = Array.from({ length: n }, (_, i) => `k${from + i}:v${from + i}`).join('\n') + '\n';
      const r = await spawnCli(['produce', topic, '-K:'], { env: env(), stdin: lines, timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(0);
    };
    await produceSome(0, 3000);
    const tail = start(['tail', topic, '--from', 'beginning', '-f', '%p %o %s\\n'], 90_000);
    const count = () => tail.stdout().split('\n').length - 1;
    await expect.poll(count, { timeout: 30_000, interval: 50 }).toBe(3000);
    await fb.kill();
    // Restart once tail has seen the broker gone.
    await vi.waitFor(() => expect(tail.stderr()).toMatch(/warning: reading '.*' failed .*; retrying until it answers/), { timeout: 30_000, interval: 50 });
    await fb.start();
    expect(tail.child.exitCode).toBeNull();
    await produceSome(3000, 3000);
    await expect.poll(count, { timeout: 30_000, interval: 50 }).toBeGreaterThanOrEqual(6000);
    // One last record per partition: a record read twice would show up before it (offsets are read in order).
    for (const p of [0, 1, 2]) {
      const r = await spawnCli(['produce', topic, '-p', String(p), '--value', 'end'], { env: env(), timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(0);
    }
    await expect.poll(() => tail.stdout().split('\n').filter((l) => l.endsWith(' end')).length, { timeout: 30_000, interval: 50 }).toBe(3);
    tail.child.kill('SIGINT');
    const res = await tail.done;
    expect(res.code).toBe(0);
    noStack(tail.stderr());
    expect(tail.stderr()).toMatch(/warning: reading '.*' failed .*; retrying until it answers/);
    expect(tail.stderr()).toMatch(/warning: reading '.*' again after/);
    // In order per partition, contiguous from 0: nothing repeated, nothing skipped; the end record last.
    expectEveryRecordOnceInOrder(tail.stdout(), 6000, [0, 1, 2]);
  }, 120_000);
});
