/**
 * copy and topic diff between two real brokers: the shared test broker (plaintext, and SASL on its SASL
 * listener) and a second broker started here from the same jars.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startBroker, stopBroker } from '../../src/local/broker.js';
import { runCli, uniqueName } from '../helpers/cli.js';
import { createTopic, waitForLeaders } from '../helpers/kafka.js';
import { testBroker, TEST_USERS } from '../helpers/broker-info.js';
import { requireTool } from '../helpers/require-tool.js';
import { send } from './tail-helpers.js';

const alice = TEST_USERS[1]!;

let dir: string;
let second: string;
let secondKafka: Kafka;
let passFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kafka-cli-second-broker-'));
  const ports = { plaintext: await freePort(), controller: await freePort() };
  const state = await startBroker({ dir, ports, version: process.env.KAFKA_TEST_VERSION || undefined, initialRebalanceDelayMs: 0, heap: '512m' });
  second = state.bootstrap;
  secondKafka = new kafkajs.Kafka({ clientId: 'kafka-cli-tests-2', brokers: [second], logLevel: kafkajs.logLevel.NOTHING });
  passFile = join(dir, 'alice.pass');
  writeFileSync(passFile, alice.password + '\n');
}, 120_000);

afterAll(async () => {
  if (dir) {
    await stopBroker(dir);
    rmSync(dir, { recursive: true, force: true });
  }
});

async function createOnSecond(topic: string, partitions: number, configEntries: Array<{ name: string; value: string }> = []): Promise<void> {
  const admin = secondKafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions, replicationFactor: 1, configEntries }], waitForLeaders: false });
    await waitForLeaders(admin, topic, partitions);
  } finally {
    await admin.disconnect();
  }
}

/** Every record as kcat prints it (key, value, headers, timestamp, byte for byte; with `partitions`, keyed records' partitions too). */
function kcatDump(brokers: string, topic: string, partitions = false): string[] {
  const fmt = partitions ? '%K|%p|%k\x1e' : '%T|%K|%k|%S|%s|%h\x1e';
  const r = spawnSync('kcat', ['-b', brokers, '-C', '-t', topic, '-e', '-q', '-f', fmt], { encoding: 'latin1', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`kcat failed: ${r.stderr}`);
  return r.stdout.split('\x1e').filter((s) => s !== '').sort();
}

const saslTo = ['--to-brokers', '', '--to-sasl-mechanism', 'scram-sha-256', '--to-sasl-username', alice.username, '--to-sasl-password-file', ''];
function toSasl(): string[] {
  const a = [...saslTo];
  a[1] = testBroker().sasl!;
  a[7] = passFile;
  return a;
}

/** 53 records (headers, binary, null key and value, 50 keyed) copied from a 3-partition topic to another. */
async function copyWithinCluster() {
  const src = uniqueName('copy-src');
  const dst = uniqueName('copy-dst');
  await createTopic(src, 3);
  await createTopic(dst, 3);
  await send(src, [
    { key: 'k1', value: 'v1', headers: { h: 'x' }, timestamp: '1700000000000' },
    { key: 'k2', value: Buffer.from([0xff, 0x00, 0xfe]), timestamp: '1700000000001' },
    { key: null, value: null, timestamp: '1700000000002' },
    ...Array.from({ length: 50 }, (_, i) => ({ key: `key-${i}`, value: `value-${i}`, timestamp: String(1700000001000 + i) })),
  ]);
  const r = await runCli(['copy', src, dst]);
  return { src, dst, r };
}

describe('integration: copy', () => {
  it('copies within a cluster and reports per partition', async () => {
    const { dst, r } = await copyWithinCluster();
    expect(r.stderr).toMatch(new RegExp(`^Delivered 53 messages to '${dst}'`));
    expect(r.stderr).toMatch(/PARTITION\s+MESSAGES/);
    expect(r.code).toBe(0);
    const got = await runCli(['tail', dst, '--from', 'beginning', '-e', '-o', 'json']);
    expect(got.code).toBe(0);
    expect(got.stdout.split('\n').filter(Boolean)).toHaveLength(53);
  });

  it.skipIf(!requireTool('kcat'))('the copy holds the same keys, values, headers and timestamps byte for byte, keyed records on the same partitions (kcat)', async () => {
    const { src, dst, r } = await copyWithinCluster();
    expect(r.code).toBe(0);
    const b = testBroker().bootstrap;
    expect(kcatDump(b, dst)).toEqual(kcatDump(b, src));
    expect(kcatDump(b, src)).toHaveLength(53);
    // Keyed records land where murmur2 puts them, on both sides (null keys are spread, so not compared).
    const keyed = (t: string) => kcatDump(b, t, true).filter((l) => !l.startsWith('-1|'));
    expect(keyed(dst)).toEqual(keyed(src));
  });

  it('--keep-partitions keeps partition numbers, and is refused when the destination has fewer', async () => {
    const src = uniqueName('copy-kp');
    const dst = uniqueName('copy-kp');
    const small = uniqueName('copy-kp');
    await createTopic(src, 3);
    await createTopic(dst, 4);
    await createTopic(small, 2);
    // No key: the records' partitions say nothing about a key hash, only --keep-partitions keeps them.
    await send(src, [0, 1, 2].flatMap((p) => [{ value: `p${p}-a`, partition: p }, { value: `p${p}-b`, partition: p }]));
    const r = await runCli(['copy', src, dst, '--keep-partitions']);
    expect(r.code).toBe(0);
    const got = await runCli(['tail', dst, '--from', 'beginning', '-e', '-f', '%p %s\\n']);
    expect(got.stdout.split('\n').filter(Boolean).sort()).toEqual(['0 p0-a', '0 p0-b', '1 p1-a', '1 p1-b', '2 p2-a', '2 p2-b']);
    const refused = await runCli(['copy', src, small, '--keep-partitions']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`kafka-cli: --keep-partitions: '${small}' has 2 partitions, fewer than the 3 of '${src}' (add partitions, or copy without --keep-partitions)\n`);
  });

  it('copies to another cluster over SASL (--to-brokers with its own SASL flags), filters like tail', async () => {
    const topic = uniqueName('copy-x');
    await createOnSecond(topic, 2);
    await createTopic(topic, 1);
    const p = secondKafka.producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
    await p.connect();
    await p.send({ topic, messages: Array.from({ length: 20 }, (_, i) => ({ key: i % 2 ? 'odd' : 'even', value: `m${i}`, headers: { n: String(i) } })) });
    await p.disconnect();
    const r = await runCli(['-b', second, 'copy', topic, topic, '--key', 'odd', ...toSasl()]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Delivered 10 messages/);
    expect(r.stderr).not.toContain(alice.password);
    const got = await runCli(['tail', topic, '--from', 'beginning', '-e', '-o', 'value']);
    expect(got.stdout.split('\n').filter(Boolean).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `m${2 * i + 1}`).sort());
  });

  it('a wrong destination password is one line, exit 1; the source environment does not leak into the destination', async () => {
    const topic = uniqueName('copy-bad');
    await createOnSecond(topic, 1);
    const f = join(dir, 'wrong.pass');
    writeFileSync(f, 'wrong-password\n');
    const args = toSasl();
    args[7] = f;
    const r = await runCli(['-b', second, 'copy', topic, topic, ...args]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^kafka-cli: /);
    // KAFKA_SASL_* of the source would break a plaintext destination if they leaked.
    const dst = uniqueName('copy-env');
    await createTopic(dst, 1);
    const ok = await runCli(['copy', topic, dst, '--to-brokers', testBroker().bootstrap], { env: { KAFKA_BROKERS: second } });
    expect(ok.code).toBe(0);
  });

  it('redrive: a dry run by default, then --execute sends each record to the topic in its header, without --remove-header headers', async () => {
    const dlq = uniqueName('dlq');
    const a = uniqueName('orders');
    const b = uniqueName('payments');
    for (const t of [dlq, a, b]) await createTopic(t, 1);
    await send(dlq, [
      { key: '1', value: 'to-a-1', headers: { 'dlq.topic': a, 'dlq.error': 'boom' } },
      { key: '2', value: 'to-b-1', headers: { 'dlq.topic': b, 'dlq.error': 'bang' } },
      { key: '3', value: 'to-a-2', headers: { 'dlq.topic': a, keep: 'me' } },
      { key: '4', value: 'nowhere' },
    ]);
    const dry = await runCli(['copy', dlq, '--to-topic-from-header', 'dlq.topic', '--remove-header', 'dlq.error', '-o', 'json']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual({ dryRun: true, header: 'dlq.topic', topics: [{ topic: a, records: 2 }, { topic: b, records: 1 }].sort((x, y) => (x.topic < y.topic ? -1 : 1)), withoutHeader: 1 });
    expect(dry.stderr).toBe('Dry run: nothing was sent; add --execute to send these 3 records.\n');
    expect((await runCli(['tail', a, '--from', 'beginning', '-e'])).stdout).toBe('');

    const run = await runCli(['copy', dlq, '--to-topic-from-header', 'dlq.topic', '--remove-header', 'dlq.error', '--execute']);
    expect(run.code).toBe(0);
    const got = await runCli(['tail', a, '--from', 'beginning', '-e', '-o', 'json']);
    const envs = got.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { value: string; headers: Array<{ key: string }> });
    expect(envs.map((e) => e.value)).toEqual(['to-a-1', 'to-a-2']);
    expect(envs.map((e) => e.headers.map((h) => h.key))).toEqual([['dlq.topic'], ['dlq.topic', 'keep']]);
    expect((await runCli(['tail', b, '--from', 'beginning', '-e', '-o', 'value'])).stdout).toBe('to-b-1\n');
  });

  it('redrive to a topic that does not exist sends nothing (exit 2); usage errors are one line', async () => {
    const dlq = uniqueName('dlq');
    const a = uniqueName('real');
    await createTopic(dlq, 1);
    await createTopic(a, 1);
    await send(dlq, [{ value: 'x', headers: { t: a } }, { value: 'y', headers: { t: 'no-such-topic-here' } }]);
    const r = await runCli(['copy', dlq, '--to-topic-from-header', 't', '--execute']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("kafka-cli: redrive: destination topic 'no-such-topic-here' does not exist; nothing was sent\n");
    expect((await runCli(['tail', a, '--from', 'beginning', '-e'])).stdout).toBe('');
    for (const [args, msg] of [
      [['copy', 'a'], 'kafka-cli: missing destination: copy <source-topic> <dest-topic>, or --to-topic-from-header <name>\n'],
      [['copy', 'a', 'a'], "kafka-cli: 'a' is both source and destination on the same cluster\n"],
      [['copy', 'a', 'b', '--execute'], 'kafka-cli: --execute goes with --to-topic-from-header (a plain copy always sends)\n'],
      [['copy', 'a', '--to-topic-from-header', 'h', '--follow'], 'kafka-cli: --to-topic-from-header reads to the end and cannot --follow\n'],
    ] as const) {
      const u = await runCli([...args]);
      expect(u.code, args.join(' ')).toBe(2);
      expect(u.stderr).toBe(msg);
    }
  });
});

describe('integration: topic diff', () => {
  it('lists topics on one side and differences in partitions and configs; exit 3, and 0 when the same', async () => {
    const prefix = uniqueName('diff');
    const same = `${prefix}-same`;
    const parts = `${prefix}-parts`;
    const cfg = `${prefix}-cfg`;
    const onlyHere = `${prefix}-here`;
    const onlyThere = `${prefix}-there`;
    await createTopic(same, 2);
    await createOnSecond(same, 2);
    await createTopic(parts, 3);
    await createOnSecond(parts, 1);
    await createTopic(cfg, 1, [{ name: 'retention.ms', value: '3600000' }]);
    await createOnSecond(cfg, 1);
    await createTopic(onlyHere, 1);
    await createOnSecond(onlyThere, 1);

    const r = await runCli(['topic', 'diff', '--to-brokers', second, `^${prefix}-`, '-o', 'json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('kafka-cli: the clusters differ: 1 topic only in source, 1 topic only in target, 2 topics different, 1 topic the same\n');
    const d = JSON.parse(r.stdout);
    expect(d.onlyInSource).toEqual([onlyHere]);
    expect(d.onlyInTarget).toEqual([onlyThere]);
    expect(d.identical).toBe(false);
    expect(d.different).toEqual([
      { topic: cfg, partitions: null, replicationFactor: null, configs: [{ name: 'retention.ms', source: { value: '3600000', default: false }, target: { value: '604800000', default: true } }] },
      { topic: parts, partitions: { source: 3, target: 1 }, replicationFactor: null, configs: [] },
    ]);

    const table = await runCli(['topic', 'diff', '--to-brokers', second, `^${prefix}-`]);
    expect(table.code).toBe(3);
    expect(table.stdout).toMatch(new RegExp(`${parts}\\s+partitions\\s+3\\s+1`));

    const ok = await runCli(['topic', 'diff', '--to-brokers', second, `^${same}$`]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('');
    expect(ok.stderr).toBe('no difference: 0 topics only in source, 0 topics only in target, 0 topics different, 1 topic the same\n');
  });

  it('the other side over SASL, named by its own flags; without one it is a usage error', async () => {
    const t = uniqueName('diff-sasl');
    await createTopic(t, 1);
    const r = await runCli(['topic', 'diff', ...toSasl(), `^${t}$`]);
    expect(r.stderr).toContain('no difference');
    expect(r.code).toBe(0);
    const none = await runCli(['topic', 'diff']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('kafka-cli: the other cluster needs --to-profile <name> or --to-brokers <host:port,...>\n');
    expect(readFileSync(passFile, 'utf8')).toContain(alice.password); // the file is what was used, never echoed
    expect(r.stdout + r.stderr).not.toContain(alice.password);
  });
});
