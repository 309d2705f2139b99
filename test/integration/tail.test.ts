import { beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { ROOT, runCli, spawnCli, startInProcess, uniqueName } from '../helpers/cli.js';
import { createTopic } from '../helpers/kafka.js';
import { follow, lines, parseJsonLines, send } from './tail-helpers.js';

const T0 = Date.parse('2026-01-10T10:00:00Z');

/** Offsets printed as "partition:offset", sorted. */
async function offsets(args: string[]): Promise<string[]> {
  const r = await runCli(['tail', ...args, '-e', '-f', '%p:%o\\n']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return lines(r.stdout).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

const range = (p: number, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${p}:${from + i}`);

describe('integration: tail --from', () => {
  const topic = uniqueName('tail-from');
  beforeAll(async () => {
    await createTopic(topic, 3);
    // Partition 0: offsets 0-9, one second apart; partition 1: 0-4, two seconds apart; partition 2: empty.
    await send(topic, Array.from({ length: 10 }, (_, i) => ({ partition: 0, key: `a${i}`, value: `p0-${i}`, timestamp: String(T0 + i * 1000) })));
    await send(topic, Array.from({ length: 5 }, (_, i) => ({ partition: 1, key: `b${i}`, value: `p1-${i}`, timestamp: String(T0 + i * 2000) })));
  });

  it('beginning reads everything, empty partition included, and exits', async () => {
    expect(await offsets([topic, '--from', 'beginning'])).toEqual([...range(0, 0, 9), ...range(1, 0, 4)]);
  });

  it('end (the default) prints nothing with --exit, at once', async () => {
    const t0 = Date.now();
    expect(await offsets([topic])).toEqual([]);
    expect(await offsets([topic, '--from', 'end'])).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('an exact offset applies to each partition (clamped to its end, with a warning naming the high watermarks)', async () => {
    const r = await runCli(['tail', topic, '--from', '7', '-e', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout).map((l) => { const e = JSON.parse(l); return `${e.partition}:${e.offset}`; })).toEqual(range(0, 7, 9));
    expect(r.stderr).toBe(`kafka-cli: warning: --from 7 is beyond the end of partitions 1, 2 of '${topic}' (high watermarks 1:5, 2:0): they start at the end\n`);
    const three = await runCli(['tail', topic, '--from', '3', '-e', '-o', 'json']);
    expect(lines(three.stdout).map((l) => { const e = JSON.parse(l); return `${e.partition}:${e.offset}`; }).sort()).toEqual([...range(0, 3, 9), ...range(1, 3, 4)].sort());
    expect(three.stderr).toBe(`kafka-cli: warning: --from 3 is beyond the end of partition 2 of '${topic}' (high watermark 2:0): it starts at the end\n`);
  });

  it('-N and -n N read the last N of each partition', async () => {
    const want = [...range(0, 7, 9), ...range(1, 2, 4)];
    expect(await offsets([topic, '--from', '-3'])).toEqual(want);
    expect(await offsets([topic, '-n', '3'])).toEqual(want);
    expect(await offsets([topic, '--last', '3'])).toEqual(want);
  });

  it('+N skips N from the beginning', async () => {
    expect(await offsets([topic, '--from', '+8'])).toEqual(range(0, 8, 9));
    expect(await offsets([topic, '--from', '+3'])).toEqual([...range(0, 3, 9), ...range(1, 3, 4)]);
  });

  it('an ISO time starts at the first message at or after it', async () => {
    expect(await offsets([topic, '--from', '2026-01-10T10:00:05Z'])).toEqual([...range(0, 5, 9), ...range(1, 3, 4)]);
    expect(await offsets([topic, '--from', '2026-01-10T11:00:05+01:00'])).toEqual([...range(0, 5, 9), ...range(1, 3, 4)]);
    expect(await offsets([topic, '--from', '2030-01-01T00:00:00Z'])).toEqual([]);
  });

  it('a time ago (15m, 2h, 1d) counts back from now', async () => {
    const t = uniqueName('tail-ago');
    await createTopic(t, 1);
    const now = Date.now();
    await send(t, [
      { value: 'two days ago', timestamp: String(now - 2 * 86_400_000) },
      { value: 'three hours ago', timestamp: String(now - 3 * 3_600_000) },
      { value: 'ninety minutes ago', timestamp: String(now - 90 * 60_000) },
      { value: 'five minutes ago', timestamp: String(now - 5 * 60_000) },
    ]);
    const values = async (from: string) => lines((await runCli(['tail', t, '--from', from, '-e', '-o', 'value'])).stdout);
    expect(await values('15m')).toEqual(['five minutes ago']);
    expect(await values('2h')).toEqual(['ninety minutes ago', 'five minutes ago']);
    expect(await values('1d')).toEqual(['three hours ago', 'ninety minutes ago', 'five minutes ago']);
  });

  it('-p selects partitions', async () => {
    expect(await offsets([topic, '--from', 'beginning', '-p', '1'])).toEqual(range(1, 0, 4));
    expect(await offsets([topic, '--from', 'beginning', '-p', '1,2'])).toEqual(range(1, 0, 4));
  });

  it('--until an offset or a time stops each partition before it', async () => {
    expect(await offsets([topic, '--from', 'beginning', '--until', '2'])).toEqual([...range(0, 0, 1), ...range(1, 0, 1)]);
    expect(await offsets([topic, '--from', 'beginning', '--until', '2026-01-10T10:00:04Z'])).toEqual([...range(0, 0, 3), ...range(1, 0, 1)]);
    // --until alone (no --exit) also ends once every partition passed it: p2 is empty, so it needs --exit or -p.
    const r = await runCli(['tail', topic, '--from', 'beginning', '-p', '0', '--until', '3', '-o', 'value']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual(['p0-0', 'p0-1', 'p0-2']);
  });

  it('-c stops after n printed messages', async () => {
    const r = await runCli(['tail', topic, '--from', 'beginning', '-p', '0', '-c', '4', '-o', 'value']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual(['p0-0', 'p0-1', 'p0-2', 'p0-3']);
    // Without --exit too: -c ends the follow.
    const f = await runCli(['tail', topic, '--from', '-1', '-c', '2', '-o', 'value']);
    expect(f.code).toBe(0);
    expect(lines(f.stdout).sort()).toEqual(['p0-9', 'p1-4']);
  });
});

describe('integration: tail output', () => {
  const topic = uniqueName('tail-out');
  const ts = Date.parse('2026-11-20T10:00:00.250Z');
  beforeAll(async () => {
    await createTopic(topic, 1);
    await send(topic, [
      { key: 'k1', value: '{"n":1}', timestamp: String(ts), headers: { source: 'web' } },
      { key: null, value: null, timestamp: String(ts + 1) },
      { key: Buffer.from([0xff, 0x00]), value: Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0xc3, 0x28, 0x0a]), timestamp: String(ts + 2) },
      { key: 'multi', value: 'line1\nline2', timestamp: String(ts + 3), headers: { a: ['1', '2'], b: 'x' } },
    ]);
  });

  it('text: one line per message with time, partition/offset, key, value; no color when not a TTY', async () => {
    const r = await runCli(['tail', topic, '--from', 'beginning', '-e']);
    expect(r.code).toBe(0);
    const ls = lines(r.stdout);
    expect(ls).toHaveLength(4);
    expect(ls[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:00\.250[+-]\d\d:\d\d  0\/0  k1  \{"n":1\}$/);
    expect(ls[1]).toMatch(/  0\/1  \(null\)  \(null\)$/);
    expect(ls[2]).toMatch(/  0\/2  \\xff\\x00  \\x1b\[2J\\xc3\(\\n$/);
    expect(ls[3]).toMatch(/  0\/3  multi  line1\\nline2$/);
    expect(r.stdout).not.toContain('\x1b');
  });

  it('text on a TTY is colored but binary stays escaped; --headers adds headers', async () => {
    const r = await runCli(['tail', topic, '--from', 'beginning', '-e', '--headers'], { tty: true, env: { FORCE_COLOR: '1' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\x1b[');
    // The only ESC bytes are chalk's own color codes: the value's ESC [2J is escaped.
    expect(r.stdout).not.toContain('\x1b[2J');
    expect(r.stdout).toContain('\\x1b[2J');
    const plain = r.stdout.replace(/\x1b\[\d+m/g, '');
    expect(lines(plain)[0]).toMatch(/k1  \{"n":1\}  \[source=web\]$/);
    expect(lines(plain)[3]).toMatch(/\[a=1 a=2 b=x\]$/);
  });

  it('-o value: raw bytes, one per line; null is an empty line', async () => {
    const r = await runCli(['tail', topic, '--from', 'beginning', '-e', '-o', 'value']);
    expect(r.code).toBe(0);
    expect(r.stdoutBytes).toEqual(Buffer.concat([Buffer.from('{"n":1}\n\n'), Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0xc3, 0x28, 0x0a, 0x0a]), Buffer.from('line1\nline2\n')]));
  });

  it('-o value on a terminal escapes what would disturb it', async () => {
    const r = await runCli(['tail', topic, '--from', '2', '-e', '-o', 'value'], { tty: true });
    expect(r.stdout).toBe('\\x1b[2J\\xc3(\n\nline1\nline2\n');
  });

  it('-o json: one envelope per line, base64 for non-UTF-8, null kept', async () => {
    const r = await runCli(['tail', topic, '--from', 'beginning', '-e', '-o', 'json']);
    expect(r.code).toBe(0);
    const [a, b, c, d] = parseJsonLines(r.stdout);
    expect(a).toEqual({ topic, partition: 0, offset: '0', timestamp: ts, timestampIso: '2026-11-20T10:00:00.250Z', key: 'k1', keyEncoding: 'utf8', value: '{"n":1}', valueEncoding: 'utf8', headers: [{ key: 'source', value: 'web', encoding: 'utf8' }] });
    expect(b).toMatchObject({ offset: '1', key: null, value: null, headers: [] });
    expect(c).toMatchObject({ key: Buffer.from([0xff, 0x00]).toString('base64'), keyEncoding: 'base64', value: Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0xc3, 0x28, 0x0a]).toString('base64'), valueEncoding: 'base64' });
    expect(d).toMatchObject({ value: 'line1\nline2', headers: [{ key: 'a', value: '1', encoding: 'utf8' }, { key: 'a', value: '2', encoding: 'utf8' }, { key: 'b', value: 'x', encoding: 'utf8' }] });
  });

  it('-f templates with tokens and escapes', async () => {
    const r = await runCli(['tail', topic, '--from', 'beginning', '-e', '-c', '1', '-f', 'topic=%t p=%p o=%o k=%k v=%s T=%T I=%I h=%h K=%K S=%S\\t|\\n']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`topic=${topic} p=0 o=0 k=k1 v={"n":1} T=${ts} I=2026-11-20T10:00:00.250Z h=source=web K=2 S=7\t|\n`);
  });

  it('tail --help and a usage error do not load kafkajs', async () => {
    const trace = ['--import', join(ROOT, 'test', 'fixtures', 'trace-imports.mjs')];
    const help = await spawnCli(['tail', '--help'], { nodeArgs: trace });
    expect(help.code).toBe(0);
    expect(help.stderr).not.toContain('TRACE-IMPORT');
    const bad = await spawnCli(['tail', 'x', '--from', 'nope'], { nodeArgs: trace });
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toContain('TRACE-IMPORT');
  });

  it('--help documents the format tokens and --from forms', async () => {
    const r = await runCli(['tail', '--help']);
    expect(r.code).toBe(0);
    for (const s of ['%t topic', '%o offset', '%k key', '%s value', '%T timestamp', '%I timestamp', '%h headers', '\\n newline', '--from', '-N', 'Examples:']) expect(r.stdout).toContain(s);
  });
});

describe('integration: tail filters', () => {
  const topic = uniqueName('tail-filter');
  beforeAll(async () => {
    await createTopic(topic, 2);
    await send(topic, [
      { key: 'order-1', value: '{"status":"ok"}', headers: { region: 'eu' } },
      { key: 'order-2', value: '{"status":"failed"}', headers: { region: 'us' } },
      { key: 'order-1', value: '{"status":"failed"}', headers: { region: 'eu', retry: 'yes' } },
      { key: 'order-3', value: null, headers: { region: 'eu' } },
    ]);
  });
  const values = async (...args: string[]) => {
    const r = await runCli(['tail', topic, '--from', 'beginning', '-e', '-f', '%k %s\\n', ...args]);
    expect(r.code).toBe(0);
    return lines(r.stdout).sort();
  };

  it('--grep keeps values that match the regex', async () => {
    expect(await values('--grep', '"status":"fail')).toEqual(['order-1 {"status":"failed"}', 'order-2 {"status":"failed"}']);
    expect(await values('--grep', '^\\{"status":"ok')).toEqual(['order-1 {"status":"ok"}']);
  });
  it('--key keeps one key', async () => {
    expect(await values('--key', 'order-1')).toEqual(['order-1 {"status":"failed"}', 'order-1 {"status":"ok"}']);
  });
  it('--header key=value keeps messages with that header; repeated means all', async () => {
    expect(await values('--header', 'region=eu')).toEqual(['order-1 {"status":"failed"}', 'order-1 {"status":"ok"}', 'order-3 ']);
    expect(await values('--header', 'region=eu', '--header', 'retry=yes')).toEqual(['order-1 {"status":"failed"}']);
  });
  it('filters combine, and -c counts printed messages only', async () => {
    expect(await values('--key', 'order-1', '--grep', 'failed')).toEqual(['order-1 {"status":"failed"}']);
    expect(await values('--header', 'region=eu', '-c', '1')).toHaveLength(1);
  });
  it('a bad regex is a usage error', async () => {
    const r = await runCli(['tail', topic, '--grep', '(']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kafka-cli: invalid --grep '\(': /);
  });
});

describe('integration: tail bad input', () => {
  it('an unknown topic: one line, exit 1, and the topic is not created', async () => {
    const t = uniqueName('tail-missing');
    const r = await runCli(['tail', t, '-e']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`kafka-cli: topic '${t}' does not exist\n`);
    const again = await runCli(['tail', t, '-e']);
    expect(again.code).toBe(1);
  });
  it('a partition out of range: one line, exit 2', async () => {
    const t = uniqueName('tail-range');
    await createTopic(t, 2);
    const r = await runCli(['tail', t, '-p', '0,5', '-e']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kafka-cli: partition 5 does not exist in topic '${t}' (it has 2 partitions: 0-1)\n`);
  });
  it.each([
    [['--from', 'yesterday'], /^kafka-cli: invalid --from 'yesterday': expected beginning, end/],
    [['--until', 'soon'], /^kafka-cli: invalid --until 'soon'/],
    [['-n', 'x'], /^kafka-cli: invalid --last 'x'/],
    [['--from', '1', '-n', '2'], /^kafka-cli: use either --from or -n\/--last, not both/],
    [['-o', 'yaml'], /^kafka-cli: invalid --output 'yaml': expected text, value or json/],
    [['-f', '%z'], /^kafka-cli: invalid --format '%z': unknown token %z/],
    [['-c', '0'], /^kafka-cli: invalid --max-messages '0'/],
    [['-p', 'a'], /^kafka-cli: invalid --partition 'a'/],
    [['--group', 'g', '-p', '0'], /^kafka-cli: --partition cannot be used with --group/],
    [['--header', 'novalue'], /^kafka-cli: invalid --header 'novalue': expected key=value/],
  ])('%j is a usage error (exit 2, one line)', async (args, msg) => {
    const r = await runCli(['tail', 'some-topic', ...(args as string[])]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg as RegExp);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
  it('an invalid topic name is a usage error', async () => {
    const r = await runCli(['tail', 'bad name!']);
    expect(r.code).toBe(2);
  });
});

describe('integration: tail follow and signals', () => {
  it('follows new messages until Ctrl-C, then exits 0 quietly', async () => {
    const t = uniqueName('tail-follow');
    await createTopic(t, 2);
    await send(t, [{ value: 'old' }]);
    const f = follow(['tail', t, '-o', 'value']);
    // Default --from end: only new messages. Once a probe sent now shows, tail has its start offsets and follows.
    await expect.poll(async () => (await send(t, [{ value: 'ready' }]), lines(f.out()).includes('ready')), { timeout: 30_000, interval: 500 }).toBe(true);
    await send(t, [{ value: 'new-1' }, { value: 'new-2' }]);
    await vi.waitFor(() => expect(lines(f.out()).filter((l) => l !== 'ready').sort()).toEqual(['new-1', 'new-2']), { timeout: 15_000, interval: 25 });
    f.child.kill('SIGINT');
    const { code } = await f.exited;
    expect(code).toBe(0);
    expect(f.err()).toBe('');
    expect(lines(f.out()).filter((l) => l !== 'ready').sort()).toEqual(['new-1', 'new-2']);
    expect(f.out()).not.toContain('old');
  });

  it('--exit interrupted before the end exits 130', async () => {
    const t = uniqueName('tail-int');
    await createTopic(t, 1);
    await send(t, Array.from({ length: 50_000 }, (_, i) => ({ value: `m${i}-${'x'.repeat(200)}` })));
    // A reader that does not read: the writer blocks on backpressure, so the read cannot finish before SIGINT.
    const f = follow(['tail', t, '--from', 'beginning', '-e', '-o', 'value']);
    f.child.stdout.pause();
    // Interrupt once its output fills what this side buffers: tail is reading, and waits behind the pipe.
    await expect.poll(() => f.child.stdout.readableLength >= f.child.stdout.readableHighWaterMark, { timeout: 30_000, interval: 25 }).toBe(true);
    f.child.kill('SIGINT');
    f.child.stdout.resume();
    const { code } = await f.exited;
    expect(code).toBe(130);
    expect(f.err()).not.toMatch(/at .*\.js/);
  });

  it('in-process: an aborted follow ends with exit 0', async () => {
    const t = uniqueName('tail-abort');
    await createTopic(t, 1);
    await send(t, [{ value: 'a' }]);
    const live = startInProcess(['tail', t, '--from', 'beginning', '-o', 'value']);
    await vi.waitFor(() => expect(live.stdout()).toBe('a\n'), { timeout: 15_000, interval: 25 });
    live.interrupt();
    expect(await live.done).toBe(0);
    expect(live.stdout()).toBe('a\n');
    expect(live.stderr()).toBe('');
  });
});
