import { apacheTool } from '../helpers/apache.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli, uniqueName } from '../helpers/cli.js';
import { createTopic, testKafka, withAdmin } from '../helpers/kafka.js';
import { testBroker } from '../helpers/broker-info.js';
import { registerCodecs } from '../../src/kafka/client/codecs.js';
import { partitionForKey } from '../../src/kafka/produce/murmur2.js';
import { requireTool } from '../helpers/require-tool.js';

registerCodecs();


interface Read {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, unknown>;
}

/** Reads until `n` messages arrived (or `timeoutMs`), with a throwaway group. */
async function readTopic(topic: string, n: number, opts: { committed?: boolean; timeoutMs?: number } = {}): Promise<Read[]> {
  const consumer = testKafka().consumer({ groupId: uniqueName('g'), readUncommitted: !opts.committed, allowAutoTopicCreation: false });
  await consumer.connect();
  const out: Read[] = [];
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, opts.timeoutMs ?? 15_000);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          out.push({ partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers ?? {} });
          if (out.length >= n) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}

async function offsets(topic: string): Promise<number[]> {
  return withAdmin(async (a) => (await a.fetchTopicOffsets(topic)).sort((x, y) => x.partition - y.partition).map((p) => Number(p.high)));
}

function kcat(args: string[], input?: string): string {
  const r = spawnSync('kcat', ['-b', testBroker().bootstrap, ...args], { input, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`kcat failed: ${r.stderr}`);
  return r.stdout;
}

const vals = (rs: Read[]) => rs.map((r) => r.value?.toString()).sort();

describe('integration: produce (line mode)', () => {
  it('sends one message per stdin line and summarises on stderr', async () => {
    const topic = uniqueName('prod');
    await createTopic(topic, 3);
    const r = await runCli(['produce', topic], { stdin: 'one\ntwo\nthree\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    // A handful of messages: one summary line, the partitions inline.
    expect(r.stderr).toMatch(new RegExp(`^Delivered 3 messages to '${topic}' \\(partitions? [0-9:, ]+\\) in [0-9.]+ s\n$`));
    const got = await readTopic(topic, 3);
    expect(vals(got)).toEqual(['one', 'three', 'two']);
    expect(got.every((m) => m.key === null)).toBe(true);
  });

  it('-K splits key and value; keyed messages land where murmur2 puts them; -o json reports line, partition, offset', async () => {
    const topic = uniqueName('prod');
    await createTopic(topic, 6);
    const input = Array.from({ length: 50 }, (_, i) => `key-${i}:value:${i}`).join('\n');
    const r = await runCli(['produce', topic, '-K', ':', '-o', 'json'], { stdin: input });
    expect(r.code).toBe(0);
    const reports = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(reports).toHaveLength(50);
    expect(reports.map((x) => x.line).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    for (const rep of reports) {
      expect(rep.status).toBe('delivered');
      expect(rep.partition).toBe(partitionForKey(Buffer.from(`key-${rep.line - 1}`), 6));
      expect(rep.offset).toMatch(/^\d+$/);
    }
    const got = await readTopic(topic, 50);
    for (const m of got) {
      const i = Number(m.key!.toString().slice(4));
      expect(m.value!.toString()).toBe(`value:${i}`);
      const rep = reports.find((x) => x.line === i + 1);
      expect([m.partition, m.offset]).toEqual([rep.partition, rep.offset]);
    }
  });

  it('a line without the separator is an error naming the line (stop), or a null key with --allow-missing-key', async () => {
    const topic = uniqueName('prod');
    await createTopic(topic, 1);
    const bad = await runCli(['produce', topic, '-K:'], { stdin: 'a:1\nno-separator\nc:3\n' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/kafka-cli: line 2: no key separator ":".*1 message before it delivered; nothing from line 2 on was sent/);
    expect(await offsets(topic)).toEqual([1]);
    const ok = await runCli(['produce', topic, '-K:', '--allow-missing-key'], { stdin: 'no-separator\n' });
    expect(ok.code).toBe(0);
    const got = await readTopic(topic, 2);
    expect(got.find((m) => m.value?.toString() === 'no-separator')!.key).toBeNull();
  });

  it('-k sets one key, -H adds (repeatable) headers, -p forces the partition, --delimiter splits differently', async () => {
    const topic = uniqueName('prod');
    await createTopic(topic, 4);
    const r = await runCli(['produce', topic, '-k', 'same', '-H', 'h=1', '-H', 'h=2', '-H', 'src=cli=x', '--delimiter', '|'], { stdin: 'a|b|c' });
    expect(r.code).toBe(0);
    const p = partitionForKey(Buffer.from('same'), 4);
    const high = await offsets(topic);
    expect(high[p]).toBe(3);
    expect(high.reduce((a, b) => a + b)).toBe(3);
    const got = await readTopic(topic, 3);
    expect(vals(got)).toEqual(['a', 'b', 'c']);
    for (const m of got) {
      expect(m.key!.toString()).toBe('same');
      expect((m.headers.h as Buffer[]).map(String)).toEqual(['1', '2']);
      expect(String(m.headers.src)).toBe('cli=x');
    }
    const forced = await runCli(['produce', topic, '-p', '3', '-k', 'same'], { stdin: 'x\ny\n' });
    expect(forced.code).toBe(0);
    expect((await offsets(topic))[3]).toBe(p === 3 ? 5 : 2);
  });

  it('--value/--key sends one message; --file reads a file', async () => {
    const topic = uniqueName('prod');
    await createTopic(topic, 1);
    expect((await runCli(['produce', topic, '--value', 'v1', '--key', 'k1'])).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'produce-'));
    writeFileSync(join(dir, 'in.txt'), 'f1\nf2\n');
    const r = await runCli(['produce', topic, '--file', 'in.txt'], { cwd: dir });
    expect(r.code).toBe(0);
    const got = await readTopic(topic, 3);
    expect(got.map((m) => [m.key?.toString() ?? null, m.value!.toString()])).toEqual([
      ['k1', 'v1'],
      [null, 'f1'],
      [null, 'f2'],
    ]);
    const missing = await runCli(['produce', topic, '--file', 'nope.txt'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('kafka-cli: cannot read --file nope.txt: no such file\n');
  });

  it('on a terminal, says how to end the input', async () => {
    const topic = uniqueName('prod');
    await createTopic(topic, 1);
    const r = await runCli(['produce', topic], { stdin: 'typed\n', tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Type messages for '${topic}', one per line; Ctrl-D sends the rest and ends.`);
  });

  it('--rate throttles', async () => {
    const topic = uniqueName('prod');
    await createTopic(topic, 1);
    const t0 = Date.now();
    const r = await runCli(['produce', topic, '--rate', '20'], { stdin: Array.from({ length: 10 }, (_, i) => `m${i}`).join('\n') });
    expect(r.code).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    expect(await offsets(topic)).toEqual([10]);
  });
});

describe('integration: produce (errors)', () => {
  it('a missing topic is a clear error and is never created', async () => {
    const topic = uniqueName('missing');
    const r = await runCli(['produce', topic], { stdin: 'x\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`kafka-cli: topic '${topic}' does not exist\n`);
    expect(await withAdmin((a) => a.listTopics())).not.toContain(topic);
  });

  it('malformed JSON and bad base64: stop names the line and sends nothing after it; skip sends every valid line', async () => {
    const topic = uniqueName('prod');
    await createTopic(topic, 1);
    const input = ['{"value":"a"}', '{"value":', '{"value":"c"}', '{"value":"!!","valueEncoding":"base64"}', '{"value":"e"}'].join('\n');
    const stop = await runCli(['produce', topic, '--input', 'json'], { stdin: input });
    expect(stop.code).toBe(2);
    expect(stop.stderr).toMatch(/kafka-cli: line 2: invalid JSON/);
    expect(await offsets(topic)).toEqual([1]);
    const skip = await runCli(['produce', topic, '--input', 'json', '--on-invalid', 'skip', '-o', 'json'], { stdin: input });
    expect(skip.code).toBe(2);
    expect(skip.stderr).toMatch(/kafka-cli: 2 invalid input lines skipped \(lines 2, 4\); first: line 2: invalid JSON/);
    const reports = skip.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(reports.filter((x) => x.status === 'invalid').map((x) => x.line)).toEqual([2, 4]);
    expect(reports.filter((x) => x.status === 'delivered').map((x) => x.line).sort()).toEqual([1, 3, 5]);
    expect(await offsets(topic)).toEqual([4]);
  });

  it('a partition out of range and a message larger than the topic accepts are errors naming the line', async () => {
    const topic = uniqueName('prod');
    await createTopic(topic, 2, [{ name: 'max.message.bytes', value: '2000' }]);
    const part = await runCli(['produce', topic, '--input', 'json'], { stdin: '{"value":"a","partition":1}\n{"value":"b","partition":5}\n' });
    expect(part.code).toBe(2);
    expect(part.stderr).toMatch(/line 2: partition 5 does not exist \(topic '.*' has partitions 0-1\)/);
    const big = await runCli(['produce', topic, '--on-invalid', 'skip'], { stdin: `small\n${'x'.repeat(3000)}\nsmall2\n` });
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/line 2: message of 3000 bytes is larger than topic '.*' accepts \(max.message.bytes=2000\)/);
    expect((await offsets(topic)).reduce((a, b) => a + b)).toBe(3);
  });

  it('an invalid line: the summary says what was sent, the one kafka-cli: line (last) says why, once', async () => {
    const topic = uniqueName('prod');
    await createTopic(topic, 1);
    for (const extra of [[], ['--on-invalid', 'skip']]) {
      const r = await runCli(['produce', topic, '-K:', ...extra], { stdin: 'k:a\nnosep\n' });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^Delivered 1 message to /);
      expect(r.stderr.split('no key separator').length - 1, r.stderr).toBe(1);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines[lines.length - 1]).toMatch(/^kafka-cli: .*line 2: no key separator/);
      expect(lines.filter((l) => l.startsWith('kafka-cli:'))).toHaveLength(1);
    }
  });

  it('-p with a partition the topic does not have: one error line, exit 2, before any input is read', async () => {
    const topic = uniqueName('prod');
    await createTopic(topic, 2);
    const one = await runCli(['produce', topic, '--value', 'x', '-p', '7']);
    expect(one.code).toBe(2);
    expect(one.stderr).toBe(`kafka-cli: partition 7 does not exist in topic '${topic}' (it has 2 partitions: 0-1)\n`);
    // stdin that never ends: the flag is checked without waiting for input.
    const stdin = new PassThrough();
    const r = await Promise.race([runCli(['produce', topic, '-p', '2'], { stdin }), new Promise<null>((res) => setTimeout(() => res(null), 10_000))]);
    stdin.end();
    expect(r?.code).toBe(2);
    expect(r?.stderr).toMatch(/^kafka-cli: partition 2 does not exist in topic '.*' \(it has 2 partitions: 0-1\)\n$/);
    expect(await offsets(topic)).toEqual([0, 0]);
  });

  it('--value beside a real pipe: refused when the pipe has input, sent when it ends empty', async () => {
    const topic = uniqueName('prod');
    await createTopic(topic, 1);
    const piped = await spawnCli(['produce', topic, '--value', 'b'], { stdin: 'a\n' });
    expect(piped.code, piped.stderr).toBe(2);
    expect(piped.stderr).toBe('kafka-cli: --value sends one message and reads no stdin, yet stdin has input: drop --value to send the lines on stdin, or send --value without piping into kafka-cli\n');
    expect(await offsets(topic)).toEqual([0]);
    // An empty pipe (`true | kafka-cli produce ... --value`), several times: the message goes, once each.
    for (let i = 0; i < 3; i++) {
      const empty = await spawnCli(['produce', topic, '--value', `v${i}`], { stdin: '' });
      expect(empty.code, empty.stderr).toBe(0);
    }
    expect(await offsets(topic)).toEqual([3]);
  });

  it('usage errors: conflicting flags, bad values', async () => {
    const t = uniqueName('prod');
    expect((await runCli(['produce', t, '-k', 'a', '-K', ':'])).stderr).toMatch(/cannot be combined/);
    expect((await runCli(['produce', t, '--input', 'json', '-K', ':'])).code).toBe(2);
    expect((await runCli(['produce', t, '--acks', '2'])).stderr).toMatch(/invalid --acks '2'/);
    expect((await runCli(['produce', t, '-z', 'brotli'])).stderr).toMatch(/invalid --compression 'brotli'/);
    expect((await runCli(['produce', t, '--failed', 'x', '--file', 'x'])).stderr).toMatch(/--failed must not be the --file/);
    // Taken literally or dropped, these would send something else than meant: exit 2 before connecting.
    expect((await runCli(['produce', t, '--delimiter', '\\xZZ'], { stdin: 'a\n' })).stderr).toMatch(/^kafka-cli: invalid --delimiter '\\xZZ': \\xZZ is not \\x and two hex digits/);
    expect((await runCli(['produce', t, '-K', '\\q'], { stdin: 'a\n' })).stderr).toMatch(/^kafka-cli: invalid -K\/--key-separator '\\q': unknown escape/);
    const both = await runCli(['produce', t, '--value', 'b'], { stdin: 'a\n' });
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('kafka-cli: --value sends one message and reads no stdin, yet stdin has input: drop --value to send the lines on stdin, or send --value without piping into kafka-cli\n');
    // A transaction is idempotent: refused before connecting (was kafkajs's "Not requiring ack for all messages ..." after
    // "Transaction aborted", exit 1), and --delivery-timeout does not apply to it.
    for (const [args, msg] of [
      [['--acks', '0'], /^kafka-cli: --transactional-id needs --acks all \(a transaction is idempotent\), not --acks 0\n$/],
      [['--acks', '1'], /needs --acks all/],
      [['--no-idempotence'], /--no-idempotence cannot be combined with --transactional-id/],
      [['--delivery-timeout', '10s'], /--delivery-timeout does not apply with --transactional-id/],
    ] as const) {
      const r = await runCli(['produce', t, '--transactional-id', 'tx1', ...args], { stdin: 'a\n' });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
  });

  it('failed sends: exit 1 naming exactly the failed lines; --failed holds them as envelopes that retry exactly those', async () => {
    const topic = uniqueName('prod');
    // The broker refuses records older than an hour (INVALID_TIMESTAMP): lines 2 and 4 fail, the rest is delivered.
    await createTopic(topic, 1, [{ name: 'message.timestamp.before.max.ms', value: '3600000' }]);
    const now = Date.now();
    const input = [now, 1000, now, 2000, now].map((ts, i) => JSON.stringify({ key: `k${i + 1}`, value: `v${i + 1}`, timestamp: ts, headers: [{ key: 'h', value: null }] })).join('\n');
    const dir = mkdtempSync(join(tmpdir(), 'produce-failed-'));
    const r = await runCli(['produce', topic, '--input', 'json', '--batch-size', '1', '--failed', 'failed.jsonl', '-o', 'json'], { stdin: input, cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/kafka-cli: 2 messages not delivered \(input lines 2, 4\): .*; written to failed\.jsonl/);
    const reports = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(reports.filter((x) => x.status === 'failed').map((x) => x.line).sort()).toEqual([2, 4]);
    expect(await offsets(topic)).toEqual([3]);
    const failed = readFileSync(join(dir, 'failed.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(failed.map((f) => [f.line, f.key, f.value, f.timestamp, f.headers])).toEqual([
      [2, 'k2', 'v2', 1000, [{ key: 'h', value: null, encoding: 'utf8' }]],
      [4, 'k4', 'v4', 2000, [{ key: 'h', value: null, encoding: 'utf8' }]],
    ]);
    // The retry sends exactly those two (and fails the same way: these timestamps stay too old).
    const retry = await runCli(['produce', topic, '--input', 'json', '--file', 'failed.jsonl', '-o', 'json'], { cwd: dir });
    expect(retry.code).toBe(1);
    expect(retry.stdout.trim().split('\n')).toHaveLength(2);
    expect(retry.stderr).toMatch(/2 messages not delivered \(input lines 1-2\)/);
    // One send of all five: the whole send fails, and exactly its messages are reported.
    const all = await runCli(['produce', topic, '--input', 'json', '--batch-size', '10'], { stdin: input });
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(/5 messages not delivered \(input lines 1-5\)/);
  });

  it('Ctrl-C: stops reading, settles what was read, prints the summary, exit 130', async () => {
    const topic = uniqueName('prod');
    await createTopic(topic, 1);
    const stdin = new PassThrough();
    stdin.write('a\nb\n');
    const ac = new AbortController();
    const run = runCli(['produce', topic], { stdin, signal: ac.signal });
    await expect.poll(async () => (await offsets(topic))[0], { timeout: 15_000, interval: 100 }).toBe(2);
    ac.abort();
    const r = await run;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/Delivered 2 messages/);
    expect(r.stderr).toMatch(/Interrupted/);
  });
});


describe('integration: produce (JSON envelope)', () => {
  it('binary keys and values, null key/value (tombstone) and repeated headers survive byte for byte', async () => {
    const topic = uniqueName('prod');
    await createTopic(topic, 1);
    const input = [
      { key: '/wAB', keyEncoding: 'base64', value: 'gICA', valueEncoding: 'base64', headers: [{ key: 'a', value: '1' }, { key: 'b', value: null }, { key: 'a', value: '/w==', encoding: 'base64' }] },
      { key: 'tomb', value: null },
      { key: null, value: 'no key', timestamp: 1700000000000 },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n');
    const r = await runCli(['produce', topic, '--input', 'json'], { stdin: input });
    expect(r.code).toBe(0);
    const got = await readTopic(topic, 3);
    expect(got[0]!.key).toEqual(Buffer.from([0xff, 0x00, 0x01]));
    expect(got[0]!.value).toEqual(Buffer.from([0x80, 0x80, 0x80]));
    expect(got[1]!.value).toBeNull();
    expect(got[2]!.key).toBeNull();
    expect(got[2]!.value!.toString()).toBe('no key');
  });

  it.skipIf(!requireTool('kcat'))('header order, null header values and timestamps are exact on the wire (kcat -J)', async () => {
    const topic = uniqueName('prod');
    await createTopic(topic, 1);
    const input = JSON.stringify({ key: 'k', value: 'v', timestamp: 1700000000123, headers: [{ key: 'a', value: '1' }, { key: 'b', value: null }, { key: 'a', value: '2' }] });
    expect((await runCli(['produce', topic, '--input', 'json'], { stdin: input })).code).toBe(0);
    const j = JSON.parse(kcat(['-C', '-t', topic, '-e', '-q', '-J']).trim());
    expect(j.headers).toEqual(['a', '1', 'b', null, 'a', '2']);
    expect(j.ts).toBe(1700000000123);
    expect([j.key, j.payload]).toEqual(['k', 'v']);
  });
});

describe('integration: produce (compression)', () => {
  for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
    it(`${codec}: kafka-cli writes it and kafkajs (tail) reads it back`, async () => {
      const topic = uniqueName(`prod-${codec}`);
      await createTopic(topic, 2);
      const input = Array.from({ length: 200 }, (_, i) => `k${i}:${'payload '.repeat(10)}${i}`).join('\n');
      const r = await runCli(['produce', topic, '-K:', '-z', codec], { stdin: input });
      expect(r.code).toBe(0);
      const got = await readTopic(topic, 200);
      expect(got).toHaveLength(200);
      expect(got.find((m) => m.key!.toString() === 'k7')!.value!.toString()).toBe(`${'payload '.repeat(10)}7`);
    });
  }

  it.skipIf(!requireTool('kcat'))('all four codecs interoperate with kcat (librdkafka) both ways', async () => {
    for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
      const ours = uniqueName(`prod-${codec}`);
      await createTopic(ours, 1);
      expect((await runCli(['produce', ours, '-K:', '-z', codec], { stdin: 'a:1\nb:2\nc:3\n' })).code).toBe(0);
      expect(kcat(['-C', '-t', ours, '-e', '-q', '-f', '%k=%s\n'])).toBe('a=1\nb=2\nc=3\n');
      const theirs = uniqueName(`kcat-${codec}`);
      await createTopic(theirs, 1);
      kcat(['-P', '-t', theirs, '-z', codec, '-K:'], 'x:1\ny:2\n');
      const got = await readTopic(theirs, 2);
      expect(got.map((m) => `${m.key}=${m.value}`)).toEqual(['x=1', 'y=2']);
    }
  });

  it.skipIf(!requireTool('java-tools'))("Java's ConsoleConsumer reads all four codecs written by kafka-cli", async () => {
    const prefix = uniqueName('prod-java');
    for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
      await createTopic(`${prefix}-${codec}`, 1);
      expect((await runCli(['produce', `${prefix}-${codec}`, '-z', codec], { stdin: `${codec}-1\n${codec}-2\n` })).code).toBe(0);
    }
    const r = await apacheTool('org.apache.kafka.tools.consumer.ConsoleConsumer', ['--bootstrap-server', testBroker().bootstrap, '--include', `${prefix}-.*`, '--from-beginning', '--max-messages', '8', '--timeout-ms', '20000'], { timeoutMs: 60_000 });
    expect(r.stdout.trim().split('\n').sort()).toEqual(['gzip-1', 'gzip-2', 'lz4-1', 'lz4-2', 'snappy-1', 'snappy-2', 'zstd-1', 'zstd-2']);
  }, 90_000);
});

describe.skipIf(!requireTool('kcat'))('integration: produce (partitioning vs kcat)', () => {
  it('keyed messages land on the same partitions as kcat -X partitioner=murmur2_random (the Java default)', async () => {
    const ours = uniqueName('prod-p');
    const theirs = uniqueName('kcat-p');
    await createTopic(ours, 6);
    await createTopic(theirs, 6);
    const input = Array.from({ length: 300 }, (_, i) => `user-${i * 7919}:v`).join('\n') + '\n';
    expect((await runCli(['produce', ours, '-K:'], { stdin: input })).code).toBe(0);
    kcat(['-P', '-t', theirs, '-K:', '-X', 'partitioner=murmur2_random'], input);
    const place = (t: string) =>
      new Map(
        kcat(['-C', '-t', t, '-e', '-q', '-f', '%k %p\n'])
          .trim()
          .split('\n')
          .map((l) => l.split(' ') as [string, string]),
      );
    const a = place(ours);
    const b = place(theirs);
    expect(a.size).toBe(300);
    expect([...a].filter(([k, p]) => b.get(k) !== p)).toEqual([]);
    expect(new Set(a.values()).size).toBe(6);
  });
});

describe('integration: produce (transactions)', () => {
  it('committed messages are visible to a read_committed reader', async () => {
    const topic = uniqueName('prod-tx');
    await createTopic(topic, 2);
    const r = await runCli(['produce', topic, '-K:', '--transactional-id', uniqueName('tx')], { stdin: 'a:1\nb:2\nc:3\n' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Committed 3 messages/);
    expect(vals(await readTopic(topic, 3, { committed: true }))).toEqual(['1', '2', '3']);
  });

  it('Ctrl-C aborts: the messages were written but a read_committed reader never sees them; --failed keeps them all', async () => {
    const topic = uniqueName('prod-tx');
    await createTopic(topic, 1);
    const dir = mkdtempSync(join(tmpdir(), 'produce-tx-'));
    const stdin = new PassThrough();
    stdin.write('aborted-1\naborted-2\n');
    const ac = new AbortController();
    const run = runCli(['produce', topic, '--transactional-id', uniqueName('tx'), '--failed', 'f.jsonl'], { stdin, signal: ac.signal, cwd: dir });
    // Written but not committed yet: only a read_uncommitted reader sees them now.
    expect(await readTopic(topic, 2)).toHaveLength(2);
    ac.abort();
    const r = await run;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/Transaction aborted: nothing was committed; 2 messages were written/);
    expect(readFileSync(join(dir, 'f.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).value)).toEqual(['aborted-1', 'aborted-2']);
    expect((await runCli(['produce', topic, '--transactional-id', uniqueName('tx')], { stdin: 'committed\n' })).code).toBe(0);
    const committed = await readTopic(topic, 1, { committed: true });
    expect(committed.map((m) => m.value!.toString())).toEqual(['committed']);
    const all = await readTopic(topic, 3);
    expect(vals(all)).toEqual(['aborted-1', 'aborted-2', 'committed']);
  });

  it('an invalid line aborts the whole transaction (--on-invalid stop)', async () => {
    const topic = uniqueName('prod-tx');
    await createTopic(topic, 1);
    const r = await runCli(['produce', topic, '--input', 'json', '--transactional-id', uniqueName('tx')], { stdin: '{"value":"a"}\n{oops\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 2: invalid JSON.*transaction aborted, nothing committed/);
    expect((await runCli(['produce', topic, '--transactional-id', uniqueName('tx')], { stdin: 'ok\n' })).code).toBe(0);
    expect((await readTopic(topic, 1, { committed: true })).map((m) => m.value!.toString())).toEqual(['ok']);
  });
});

describe('integration: produce (acks)', () => {
  it('idempotent by default (no warning); --no-idempotence says in one line that a re-send may write twice', async () => {
    const topic = uniqueName('prod-idem');
    await createTopic(topic, 3);
    const input = Array.from({ length: 3000 }, (_, i) => `k${i % 7}:v${i}`).join('\n') + '\n';
    const idem = await runCli(['produce', topic, '-K', ':', '--batch-size', '100'], { stdin: input });
    expect(idem.code, idem.stderr).toBe(0);
    expect(idem.stderr).not.toMatch(/warning/);
    const plain = await runCli(['produce', topic, '-K', ':', '--no-idempotence'], { stdin: input });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr.split('\n').filter((l) => l.startsWith('kafka-cli: warning:'))).toEqual(['kafka-cli: warning: --no-idempotence: a request sent again may write its messages twice (the summary counts them)']);
    expect((await offsets(topic)).reduce((a, b) => a + b, 0)).toBe(6000);
  });

  it('--acks 1 reports offsets; --acks 0 sends without acknowledgements (no offsets)', async () => {
    const topic = uniqueName('prod-acks');
    await createTopic(topic, 1);
    const one = await runCli(['produce', topic, '--acks', '1', '-o', 'json'], { stdin: 'a\nb\n' });
    expect(one.code).toBe(0);
    expect(one.stdout.trim().split('\n').map((l) => JSON.parse(l).offset)).toEqual(['0', '1']);
    // Not idempotent without --acks all: one line says so.
    expect(one.stderr.split('\n').filter((l) => l.startsWith('kafka-cli: warning:'))).toEqual(['kafka-cli: warning: --acks 1: not idempotent (that needs --acks all): a request sent again may write its messages twice (the summary counts them)']);
    const zero = await runCli(['produce', topic, '--acks', '0', '-o', 'json'], { stdin: 'c\n' });
    expect(zero.code).toBe(0);
    expect(JSON.parse(zero.stdout)).toEqual({ line: 1, status: 'delivered', partition: 0, offset: null });
    expect(zero.stderr).toMatch(/^kafka-cli: warning: --acks 0: not idempotent .*\nSent \(acks=0, not acknowledged\) 1 message/);
    await expect.poll(async () => (await offsets(topic))[0], { timeout: 15_000, interval: 100 }).toBe(3);
  });
});

describe('integration: produce (streaming)', () => {
  it('stdin redirected from a file (< file, read in large chunks): every line, lines cut by chunk ends, the last without a newline', async () => {
    const topic = uniqueName('prod-stdin-file');
    await createTopic(topic, 1);
    const dir = mkdtempSync(join(tmpdir(), 'kcli-stdin-'));
    const file = join(dir, 'in.txt');
    const lines = Array.from({ length: 30_000 }, (_, i) => `k${i}:${'v'.repeat(i % 37)}${i}`);
    writeFileSync(file, lines.join('\n'));
    const { openSync, closeSync } = await import('node:fs');
    const { spawn } = await import('node:child_process');
    const { BIN, baseEnv } = await import('../helpers/cli.js');
    const fd = openSync(file, 'r');
    const child = spawn(process.execPath, [BIN, 'produce', topic, '-K:', '-o', 'json'], { env: baseEnv(), stdio: [fd, 'pipe', 'pipe'] });
    closeSync(fd);
    let out = '';
    let err = '';
    child.stdout!.on('data', (c) => (out += c));
    child.stderr!.on('data', (c) => (err += c));
    const code = await new Promise((r) => child.on('close', r));
    expect(err).toMatch(/^Delivered 30,000 messages/);
    expect(code).toBe(0);
    const reports = out.trim().split('\n').map((l) => JSON.parse(l) as { line: number; offset: string });
    expect(reports.map((r) => [r.line, r.offset])).toEqual(lines.map((_, i) => [i + 1, String(i)]));
    const back = await readTopic(topic, 30_000);
    expect(back.map((m) => `${m.key}:${m.value}`)).toEqual(lines);
  }, 90_000);

  it('--failed naming the file on stdin (< x --failed x) is refused before anything is written or sent', async () => {
    const topic = uniqueName('prod-failed-stdin');
    await createTopic(topic, 1);
    const dir = mkdtempSync(join(tmpdir(), 'kcli-failed-stdin-'));
    const file = join(dir, 'in.txt');
    writeFileSync(file, 'a:1\nb:2\n');
    const { openSync, closeSync } = await import('node:fs');
    const { spawn } = await import('node:child_process');
    const { BIN, baseEnv } = await import('../helpers/cli.js');
    const fd = openSync(file, 'r');
    const child = spawn(process.execPath, [BIN, 'produce', topic, '-K:', '--failed', file], { env: baseEnv(), stdio: [fd, 'ignore', 'pipe'] });
    closeSync(fd);
    let err = '';
    child.stderr!.on('data', (c) => (err += c));
    const code = await new Promise((r) => child.on('close', r));
    expect(err).toBe('kafka-cli: --failed must not be the file on stdin: writing it would empty the input\n');
    expect(code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('a:1\nb:2\n');
    expect(await offsets(topic)).toEqual([0]);
  });

  it('memory stays flat: 400,000 messages (~45 MB) through a 40 MB heap (needs dist/: npx tsc)', async () => {
    const topic = uniqueName('prod-big');
    await createTopic(topic, 3);
    const line = (i: number) => `k${i % 1000}:${'x'.repeat(100)}${i}\n`;
    const input = Buffer.from(Array.from({ length: 400_000 }, (_, i) => line(i)).join(''));
    const r = await spawnCli(['produce', topic, '-K:'], { stdin: input, nodeArgs: ['--max-old-space-size=40'], timeoutMs: 60_000 });
    expect(r.stderr).toMatch(/^Delivered 400,000 messages/);
    expect(r.code).toBe(0);
    expect((await offsets(topic)).reduce((a, b) => a + b)).toBe(400_000);
  }, 90_000);
});
