/** tail --exit on every kind of partition, codecs, read-only behaviour, --group, broken pipe, produce round trip. */
import { apacheTool, toolClass } from '../helpers/apache.js';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BIN, baseEnv, runCli, uniqueName } from '../helpers/cli.js';
import { TEST_USERS, testBroker } from '../helpers/broker-info.js';
import { createTopic, testKafka, withAdmin } from '../helpers/kafka.js';
import { registerCodecs } from '../../src/kafka/client/codecs.js';
import { follow, lines, parseJsonLines, send, type Follower } from './tail-helpers.js';
import { requireTool } from '../helpers/require-tool.js';

const { CompressionTypes } = kafkajs;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Once what this side buffers of a paused stdout is full, tail has started writing and waits behind the pipe. */
async function waitBehindPipe(f: Follower): Promise<void> {
  await expect.poll(() => f.child.stdout.readableLength >= f.child.stdout.readableHighWaterMark, { timeout: 30_000, interval: 25 }).toBe(true);
}

async function tailJson(args: string[]): Promise<Array<Record<string, unknown>>> {
  const r = await runCli(['tail', ...args, '-o', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return parseJsonLines(r.stdout);
}

describe('integration: tail --exit terminates on every kind of partition', () => {
  it('empty partitions, and a start already at the end', async () => {
    const t = uniqueName('tail-empty');
    await createTopic(t, 4);
    const t0 = Date.now();
    expect(await tailJson([t, '--from', 'beginning', '-e'])).toEqual([]);
    await send(t, [{ partition: 2, value: 'only' }]);
    expect((await tailJson([t, '--from', 'beginning', '-e'])).map((e) => e.value)).toEqual(['only']);
    expect(await tailJson([t, '--from', 'end', '-e'])).toEqual([]);
    // Offset 1 is past the end of the three empty partitions: they start at the end, and a warning says so.
    const past = await runCli(['tail', t, '--from', '1', '-e', '-o', 'json']);
    expect(past.code).toBe(0);
    expect(past.stdout).toBe('');
    expect(past.stderr).toBe(`kafka-cli: warning: --from 1 is beyond the end of partitions 0, 1, 3 of '${t}' (high watermarks 0:0, 1:0, 3:0): they start at the end\n`);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('partitions whose early data was deleted (retention / delete-records)', async () => {
    const t = uniqueName('tail-trimmed');
    await createTopic(t, 2);
    await send(t, Array.from({ length: 10 }, (_, i) => ({ partition: 0, value: `v${i}` })));
    await send(t, Array.from({ length: 3 }, (_, i) => ({ partition: 1, value: `w${i}` })));
    await withAdmin(async (a) => {
      await a.fetchTopicMetadata({ topics: [t] });
      await a.deleteTopicRecords({ topic: t, partitions: [{ partition: 0, offset: '6' }, { partition: 1, offset: '3' }] });
    });
    const seen = (await tailJson([t, '--from', 'beginning', '-e'])).map((e) => `${e.partition}:${e.offset}`);
    expect(seen).toEqual(['0:6', '0:7', '0:8', '0:9']);
    // An exact offset below the log start starts at the log start; -N never reaches before it.
    expect((await tailJson([t, '--from', '2', '-e', '-p', '0'])).map((e) => e.offset)).toEqual(['6', '7', '8', '9']);
    expect((await tailJson([t, '-n', '100', '-e'])).map((e) => e.value)).toEqual(['v6', 'v7', 'v8', 'v9']);
    expect(await tailJson([t, '--from', '+1', '-e', '-p', '1'])).toEqual([]);
  });

  it('transactional topics: control records, aborted and open transactions', async () => {
    const t = uniqueName('tail-txn');
    await createTopic(t, 1);
    const producer = testKafka().producer({ transactionalId: uniqueName('txid'), idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    let open: Awaited<ReturnType<typeof producer.transaction>> | undefined;
    try {
      const tx1 = await producer.transaction();
      await tx1.send({ topic: t, messages: [{ value: 'c1' }, { value: 'c2' }] });
      await tx1.commit();
      const tx2 = await producer.transaction();
      await tx2.send({ topic: t, messages: [{ value: 'a1' }, { value: 'a2' }] });
      await tx2.abort();
      const tx3 = await producer.transaction();
      await tx3.send({ topic: t, messages: [{ value: 'c3' }] });
      await tx3.commit();
      // Now the log ends with a COMMIT marker: offsets 0 1 [C] 3 4 [A] 6 [C] -> end 8.
      expect((await tailJson([t, '--from', 'beginning', '-e'])).map((e) => e.value)).toEqual(['c1', 'c2', 'a1', 'a2', 'c3']);
      const committed = await tailJson([t, '--from', 'beginning', '-e', '--read-committed']);
      expect(committed.map((e) => `${e.offset}:${e.value}`)).toEqual(['0:c1', '1:c2', '6:c3']);
      expect((await tailJson([t, '-n', '1', '-e', '--read-committed'])).map((e) => e.value)).toEqual([]);
      // An open transaction: read_committed stops at the last stable offset, read_uncommitted shows it.
      open = await producer.transaction();
      await open.send({ topic: t, messages: [{ value: 'pending' }] });
      expect((await tailJson([t, '--from', 'beginning', '-e', '--read-committed'])).map((e) => e.value)).toEqual(['c1', 'c2', 'c3']);
      expect((await tailJson([t, '--from', 'beginning', '-e'])).map((e) => e.value)).toEqual(['c1', 'c2', 'a1', 'a2', 'c3', 'pending']);
      await open.abort();
      open = undefined;
      expect((await tailJson([t, '--from', 'beginning', '-e', '--read-committed'])).map((e) => e.value)).toEqual(['c1', 'c2', 'c3']);
    } finally {
      await open?.abort().catch(() => {});
      await producer.disconnect();
    }
  });

  it('compacted topics with offset gaps', async () => {
    const t = uniqueName('tail-compact');
    await createTopic(t, 1, [
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'segment.ms', value: '100' },
      { name: 'min.cleanable.dirty.ratio', value: '0.001' },
      { name: 'min.compaction.lag.ms', value: '0' },
      { name: 'delete.retention.ms', value: '0' },
    ]);
    // Each round: 19 updates of 4 keys, then one key of its own that compaction keeps: gaps in the middle.
    for (let round = 0; round < 3; round++) {
      await send(t, Array.from({ length: 20 }, (_, i) => ({ key: i === 19 ? `u${round}` : `k${i % 4}`, value: `r${round}-${i}` })));
      // Not a wait: rounds 200 ms apart land in segments of their own (segment.ms=100; only closed segments are compacted).
      await sleep(200);
    }
    await send(t, [{ key: 'last', value: 'roll' }]);
    // The log cleaner runs every 15 s on a stock broker: wait until offsets have gaps.
    const offsets = await vi.waitFor(
      async () => {
        const seen = (await tailJson([t, '--from', 'beginning', '-e'])).map((e) => Number(e.offset));
        expect(seen.length).toBeLessThan(61);
        return seen;
      },
      { timeout: 70_000, interval: 500 },
    );
    expect(offsets.at(-1)).toBe(60);
    expect(offsets).toContain(19);
    const gaps = offsets.some((o, i) => i > 0 && o !== offsets[i - 1]! + 1);
    expect(gaps).toBe(true);
    // Starting inside a gap, and -N over gaps, both terminate.
    expect((await tailJson([t, '--from', '1', '-e'])).at(-1)?.offset).toBe('60');
    expect((await tailJson([t, '-n', '30', '-e'])).at(-1)?.offset).toBe('60');
  }, 90_000);
});

describe('integration: tail reads every codec', () => {
  const codecs = [
    ['gzip', CompressionTypes.GZIP],
    ['snappy', CompressionTypes.Snappy],
    ['lz4', CompressionTypes.LZ4],
    ['zstd', CompressionTypes.ZSTD],
  ] as const;
  beforeAll(() => registerCodecs());

  it.each(codecs)('%s written by kafkajs', async (_name, type) => {
    const t = uniqueName('tail-codec');
    await createTopic(t, 1);
    const values = Array.from({ length: 200 }, (_, i) => `value-${i}-${'z'.repeat(i % 50)}`);
    await send(t, values.map((v) => ({ key: 'k', value: v })), { compression: type });
    const r = await runCli(['tail', t, '--from', 'beginning', '-e', '-o', 'value']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual(values);
  });

  it.skipIf(!requireTool('kcat')).each(codecs)('%s written by kcat (librdkafka)', async (name) => {
    const t = uniqueName('tail-kcat');
    await createTopic(t, 1);
    const values = Array.from({ length: 300 }, (_, i) => `kcat-${name}-${i}`);
    const p = spawnSync('kcat', ['-b', testBroker().bootstrap, '-P', '-t', t, '-z', name], { input: values.join('\n') + '\n' });
    expect(p.status).toBe(0);
    const r = await runCli(['tail', t, '--from', 'beginning', '-e', '-o', 'value']);
    expect(lines(r.stdout)).toEqual(values);
  });

  it.skipIf(!requireTool('java-tools'))('all four written by the Java client (ConsoleProducer)', async () => {
    const runs = codecs.map(async ([name]) => {
      const t = uniqueName(`tail-java-${name}`);
      await createTopic(t, 1);
      const values = Array.from({ length: 300 }, (_, i) => `java-${name}-${i}`);
      const run = await apacheTool(toolClass('ConsoleProducer'), ['--bootstrap-server', testBroker().bootstrap, '--topic', t, '--compression-codec', name, '--batch-size', '100'], { input: values.join('\n') + '\n' });
      expect(run.code, run.stderr).toBe(0);
      const r = await runCli(['tail', t, '--from', 'beginning', '-e', '-o', 'value']);
      expect(r.code).toBe(0);
      expect(lines(r.stdout)).toEqual(values);
    });
    await Promise.all(runs);
  }, 90_000);
});

describe('integration: tail is read-only; --group consumes as a member', () => {
  it('creates no consumer group and commits no offsets', async () => {
    const t = uniqueName('tail-ro');
    await createTopic(t, 2);
    await send(t, [{ value: 'a' }, { value: 'b' }, { value: 'c' }]);
    const clientId = uniqueName('ro-client');
    const f = follow(['--client-id', clientId, 'tail', t, '--from', 'beginning', '-o', 'value']);
    await f.waitLines(3);
    const during = await withAdmin(async (a) => {
      const { groups } = await a.listGroups();
      const described = groups.length ? await a.describeGroups(groups.map((g) => g.groupId)) : { groups: [] };
      return described.groups.filter((g) => g.members.some((m) => m.clientId === clientId));
    });
    expect(during).toEqual([]);
    f.child.kill('SIGINT');
    expect((await f.exited).code).toBe(0);
    await runCli(['--client-id', clientId, 'tail', t, '--from', 'beginning', '-e', '-c', '2']);
    const committedSomewhere = await withAdmin(async (a) => {
      const { groups } = await a.listGroups();
      const offsets = await Promise.all(groups.map((g) => a.fetchOffsets({ groupId: g.groupId, topics: [t] }).catch(() => [])));
      return offsets.flat().flatMap((x) => x.partitions).filter((p) => p.offset !== '-1');
    });
    expect(committedSomewhere).toEqual([]);
  });

  it('--group commits what it printed and resumes from there', async () => {
    const t = uniqueName('tail-group');
    const g = uniqueName('tail-g');
    await createTopic(t, 2);
    await send(t, Array.from({ length: 6 }, (_, i) => ({ partition: i % 2, value: `m${i}` })));
    const first = await runCli(['tail', t, '--group', g, '--from', 'beginning', '-e', '-o', 'value']);
    expect(first.code).toBe(0);
    expect(lines(first.stdout).sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    const committed = await withAdmin((a) => a.fetchOffsets({ groupId: g, topics: [t] }));
    expect(committed[0]!.partitions.map((p) => `${p.partition}:${p.offset}`).sort()).toEqual(['0:3', '1:3']);
    // Nothing new: a second run with the group prints nothing and ends.
    const second = await runCli(['tail', t, '--group', g, '-e', '-o', 'value']);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    await send(t, [{ partition: 0, value: 'n1' }, { partition: 0, value: 'n2' }, { partition: 0, value: 'n3' }]);
    const third = await runCli(['tail', t, '--group', g, '-e', '-c', '1', '-o', 'value']);
    expect(third.stdout).toBe('n1\n');
    const after = await withAdmin((a) => a.fetchOffsets({ groupId: g, topics: [t] }));
    expect(after[0]!.partitions.find((p) => p.partition === 0)!.offset).toBe('4');
    const fourth = await runCli(['tail', t, '--group', g, '-e', '-o', 'value']);
    expect(lines(fourth.stdout)).toEqual(['n2', 'n3']);
  }, 60_000);
});

describe('integration: tail into a closed pipe', () => {
  let topic: string;
  beforeAll(async () => {
    topic = uniqueName('tail-pipe');
    await createTopic(topic, 1);
    await send(topic, Array.from({ length: 20_000 }, (_, i) => ({ value: `line-${i}-${'p'.repeat(80)}` })));
  });

  it.each([[['--from', 'beginning']], [['--from', 'beginning', '-e']], [['--from', 'beginning', '-o', 'value']]])('| head -3 with %j exits 0 quietly', async (extra) => {
    const cmd = `set -o pipefail; ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} tail ${topic} ${(extra as string[]).join(' ')} | head -3`;
    const t0 = Date.now();
    const r = spawnSync('bash', ['-c', cmd], { env: baseEnv(), timeout: 20_000 });
    expect(r.status).toBe(0);
    expect(lines(r.stdout.toString())).toHaveLength(3);
    expect(r.stderr.toString()).toBe('');
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

describe('integration: tail <-> produce --input json round trip', () => {
  const src = uniqueName('tail-rt-src');
  const dst = uniqueName('tail-rt-dst');

  it('binary, nulls and repeated headers survive byte for byte', async () => {
    await createTopic(src, 2);
    await createTopic(dst, 2);
    await send(src, [
      { partition: 0, key: Buffer.from([0xde, 0xad, 0xbe, 0xef]), value: Buffer.from([0x00, 0xff, 0x80, 0x0a]), timestamp: '1795255200000', headers: { h: [Buffer.from('1'), Buffer.from([0xff])], e: '' } },
      { partition: 1, key: null, value: null, timestamp: '1795255200001' },
      { partition: 1, key: 'ключ', value: '{"emoji":"🎉","nl":"a\\nb"}', timestamp: '1795255200002', headers: { a: 'x', b: 'y' } },
      { partition: 0, key: '', value: '', timestamp: '1795255200003' },
    ]);
    const out = await runCli(['tail', src, '--from', 'beginning', '-e', '-o', 'json']);
    expect(out.code).toBe(0);
    const prod = await runCli(['produce', dst, '--input', 'json'], { stdin: out.stdout.split(`"topic":"${src}"`).join(`"topic":"${dst}"`) });
    expect(prod.code).toBe(0);
    const back = await runCli(['tail', dst, '--from', 'beginning', '-e', '-o', 'json']);
    expect(back.code).toBe(0);
    const norm = (s: string) => lines(s).sort();
    expect(norm(back.stdout)).toEqual(norm(out.stdout.split(`"topic":"${src}"`).join(`"topic":"${dst}"`)));
    expect(lines(back.stdout)).toHaveLength(4);
  });
});

describe('integration: tail over SASL and TLS (direct reads keep the connection settings)', () => {
  const b = testBroker();
  const alice = TEST_USERS[1]!;
  let topic: string;
  beforeAll(async () => {
    topic = uniqueName('tail-sec');
    await createTopic(topic, 2);
    await send(topic, [{ partition: 0, value: 's0' }, { partition: 1, value: 's1' }]);
  });
  it.skipIf(!requireTool('sasl-listener'))('SASL SCRAM-SHA-512', async () => {
    const r = await runCli(['tail', topic, '-b', b.sasl!, '--sasl-mechanism', 'scram-sha-512', '--sasl-username', alice.username, '--from', 'beginning', '-e', '-o', 'value'], {
      env: { KAFKA_SASL_PASSWORD: alice.password },
    });
    expect(r.stderr).toBe('');
    expect(lines(r.stdout).sort()).toEqual(['s0', 's1']);
  });
  it.skipIf(!requireTool('ssl-listener'))('TLS', async () => {
    const r = await runCli(['tail', topic, '-b', b.ssl!, '--tls-ca', join(b.tlsDir!, 'test-ca.pem'), '--from', 'beginning', '-e', '-o', 'value']);
    expect(r.stderr).toBe('');
    expect(lines(r.stdout).sort()).toEqual(['s0', 's1']);
  });
  it.skipIf(!requireTool('sasl-listener'))('a wrong password: one line, exit 1', async () => {
    const r = await runCli(['tail', topic, '-b', b.sasl!, '--sasl-mechanism', 'plain', '--sasl-username', alice.username, '-e'], { env: { KAFKA_SASL_PASSWORD: 'nope' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^kafka-cli: authentication failed at .* for user 'alice'/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe.skipIf(!requireTool('kcat'))('integration: tail with a slow reader', () => {
  it('does not buffer the topic in memory while stdout is not read', async () => {
    const t = uniqueName('tail-slow');
    await createTopic(t, 3);
    // About 150 MB: far more than tail may hold at once.
    const line = 'y'.repeat(500);
    const input = Array.from({ length: 300_000 }, (_, i) => `${i}-${line}`).join('\n') + '\n';
    const p = spawnSync('kcat', ['-b', testBroker().bootstrap, '-P', '-t', t, '-X', 'linger.ms=20'], { input, maxBuffer: 1 << 20 });
    expect(p.status).toBe(0);
    const f = follow(['tail', t, '--from', 'beginning', '-e', '-o', 'value']);
    f.child.stdout.pause();
    await waitBehindPipe(f);
    // Blocked on the pipe from here on: its memory stays bounded however long the reader waits (sampled for 3 s).
    const rssKb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${f.child.pid}/status`, 'utf8'))![1]);
    const samples: number[] = [];
    for (const t0 = Date.now(); Date.now() - t0 < 3000; ) samples.push(await new Promise<number>((r) => setTimeout(() => r(rssKb()), 100)));
    expect(Math.max(...samples)).toBeLessThan(250_000);
    // It still reads everything once the reader catches up.
    let count = 0;
    let rest = '';
    f.child.stdout.removeAllListeners('data');
    f.child.stdout.on('data', (c: Buffer) => {
      const s = rest + c.toString('latin1');
      const parts = s.split('\n');
      rest = parts.pop()!;
      count += parts.length;
    });
    f.child.stdout.resume();
    const { code } = await f.exited;
    expect(code).toBe(0);
    expect(count).toBe(300_000);
  }, 90_000);
});

describe('integration: tail when retention deletes what it has not read yet', () => {
  it('warns once and continues at the new log start', async () => {
    const t = uniqueName('tail-racing');
    await createTopic(t, 1);
    await send(t, Array.from({ length: 30_000 }, (_, i) => ({ value: `${i}-${'r'.repeat(500)}` })));
    // Values of ~500 bytes: the output fills the pipe long before the end, so tail waits behind it.
    const f = follow(['tail', t, '--from', 'beginning', '-e', '-f', '%o %s\\n']);
    f.child.stdout.pause();
    await waitBehindPipe(f);
    await withAdmin(async (a) => {
      await a.fetchTopicMetadata({ topics: [t] });
      await a.deleteTopicRecords({ topic: t, partitions: [{ partition: 0, offset: '25000' }] });
    });
    let out = '';
    f.child.stdout.removeAllListeners('data');
    f.child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    f.child.stdout.resume();
    const { code } = await f.exited;
    expect(code).toBe(0);
    const offsets = lines(f.out() + out).map((l) => Number(l.split(' ')[0]));
    expect(offsets.at(-1)).toBe(29_999);
    expect(offsets.length).toBeLessThan(30_000);
    expect(f.err()).toMatch(/^kafka-cli: warning: partition 0: offset \d+ is no longer available \(log starts at 25000, ends at 30000\); continuing at 25000\n$/);
  }, 60_000);
});
