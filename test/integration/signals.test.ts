/**
 * SIGINT / SIGTERM and closed pipes on the real process (bin/kafka-cli.js from dist/: run `npx tsc` first),
 * against the shared test broker.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, baseEnv, runCli, startCli, uniqueName, type RunningCli } from '../helpers/cli.js';
import { createTopic, withAdmin } from '../helpers/kafka.js';

const start = (args: string[], timeoutMs = 60_000): RunningCli => startCli(args, { timeoutMs });

async function messagesIn(topic: string): Promise<number> {
  return withAdmin(async (a) => (await a.fetchTopicOffsets(topic)).reduce((s, p) => s + Number(p.high), 0));
}

/**
 * Consumer groups that are kafka-cli's doing: a member with kafka-cli's (unique) client id, or committed offsets
 * on the (unique) topic. kafka-cli must leave none behind (and, without --group, never create one).
 */
async function groupsOf(clientId: string, topic: string): Promise<string[]> {
  return withAdmin(async (a) => {
    const ids = (await a.listGroups()).groups.map((g) => g.groupId);
    if (ids.length === 0) return [];
    const described = (await a.describeGroups(ids)).groups;
    const found = described.filter((g) => g.members.some((m) => m.clientId === clientId)).map((g) => g.groupId);
    for (const id of ids) {
      const offsets = await a.fetchOffsets({ groupId: id, topics: [topic] }).catch(() => []);
      if (offsets.some((t) => t.partitions.some((p) => p.offset !== '-1'))) found.push(id);
    }
    return [...new Set(found)];
  });
}

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at /);

describe('integration: signals', () => {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`${sig} during produce: exit 130, a summary of what was sent, --failed empty, no stack trace`, async () => {
      const topic = uniqueName('sig-produce');
      await createTopic(topic, 2);
      const clientId = uniqueName('cid');
      const failed = join(mkdtempSync(join(tmpdir(), 'sig-produce-')), 'failed.jsonl');
      const p = start(['--client-id', clientId, 'produce', topic, '-K:', '-o', 'json', '--failed', failed]);
      // stdin stays open: kafka-cli is waiting for more input when the signal comes.
      p.child.stdin.write(Array.from({ length: 500 }, (_, i) => `k${i}:v${i}`).join('\n') + '\n');
      await expect.poll(() => messagesIn(topic), { timeout: 20_000, interval: 50 }).toBe(500);
      expect(await groupsOf(clientId, topic)).toEqual([]);
      p.child.kill(sig);
      const res = await p.done;
      expect(res.code).toBe(130);
      const err = p.stderr();
      noStack(err);
      expect(err).toMatch(/^Delivered 500 messages to '.*' in /);
      expect(err).toMatch(/Interrupted: stopped reading and sending; requests already sent were awaited, as reported above/);
      expect(err).not.toMatch(/read but not sent/);
      // The delivery reports account for every line read: all 500 delivered.
      const reports = p.stdout().trim().split('\n').map((l) => JSON.parse(l) as { line: number; status: string });
      expect(reports).toHaveLength(500);
      expect(reports.every((r) => r.status === 'delivered')).toBe(true);
      expect(readFileSync(failed, 'utf8')).toBe('');
      expect(await groupsOf(clientId, topic)).toEqual([]);
    });

    it(`${sig} during tail (following): exit 0, no stack trace, no consumer group created or left`, async () => {
      const topic = uniqueName('sig-tail');
      await createTopic(topic, 3);
      await runCli(['produce', topic], { stdin: 'a\nb\nc\n' });
      const clientId = uniqueName('cid');
      const t = start(['--client-id', clientId, 'tail', topic, '--from', 'beginning', '-o', 'value']);
      await expect.poll(() => t.stdout().split('\n').length, { timeout: 20_000, interval: 50 }).toBeGreaterThan(3);
      expect(await groupsOf(clientId, topic)).toEqual([]);
      t.child.kill(sig);
      const res = await t.done;
      expect(res.code).toBe(0);
      expect(t.stderr()).toBe('');
      expect(t.stdout().split('\n').filter(Boolean).sort()).toEqual(['a', 'b', 'c']);
      expect(await groupsOf(clientId, topic)).toEqual([]);
    });

    it(`${sig} during lag --watch: exit 0, no stack trace, no consumer group left`, async () => {
      const topic = uniqueName('sig-lag');
      const group = uniqueName('sig-lag-g');
      await createTopic(topic, 1);
      await runCli(['produce', topic], { stdin: 'a\nb\nc\n' });
      // On a fresh broker the first group's coordinator may not be ready yet: commit until it is.
      await expect.poll(async () => (await runCli(['tail', topic, '--group', group, '--from', 'beginning', '-e', '-c', '2'])).code, { timeout: 30_000 }).toBe(0);
      const clientId = uniqueName('cid');
      const w = start(['--client-id', clientId, 'lag', group, '--watch', '300ms']);
      // Two reports: it is really watching when the signal comes.
      await expect.poll(() => (w.stdout().match(/total lag 1/g) ?? []).length, { timeout: 20_000, interval: 50 }).toBeGreaterThanOrEqual(2);
      w.child.kill(sig);
      const res = await w.done;
      expect(res.code).toBe(0);
      noStack(w.stderr());
      expect(w.stderr()).not.toMatch(/kafka-cli: /);
      // Only the group we made on purpose (committed offsets, no member) is there; nothing from lag itself.
      expect(await groupsOf(clientId, topic)).toEqual([group]);
      const g = await withAdmin((a) => a.describeGroups([group]));
      expect(g.groups[0]!.members).toEqual([]);
    });
  }

  it('SIGINT during tail --group: exit 0, the member leaves the group (no member left behind), its offsets are committed', async () => {
    const topic = uniqueName('sig-tailg');
    const group = uniqueName('sig-tailg-g');
    await createTopic(topic, 2);
    await runCli(['produce', topic], { stdin: 'a\nb\nc\n' });
    const t = start(['tail', topic, '--group', group, '--from', 'beginning', '-o', 'value']);
    await expect.poll(() => t.stdout().split('\n').length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(3);
    t.child.kill('SIGINT');
    const res = await t.done;
    expect(res.code).toBe(0);
    noStack(t.stderr());
    const g = await withAdmin((a) => a.describeGroups([group]));
    expect(g.groups[0]!.members).toEqual([]);
    const offsets = await withAdmin((a) => a.fetchOffsets({ groupId: group, topics: [topic] }));
    expect(offsets[0]!.partitions.reduce((s, p) => s + Number(p.offset === '-1' ? 0 : p.offset), 0)).toBe(3);
  });

  it('a second Ctrl-C while produce is settling ends it at once with 130', async () => {
    const topic = uniqueName('sig-twice');
    await createTopic(topic, 1);
    const p = start(['produce', topic]);
    p.child.stdin.write('x\n');
    await expect.poll(() => messagesIn(topic), { timeout: 20_000, interval: 50 }).toBe(1);
    p.child.kill('SIGINT');
    p.child.kill('SIGINT');
    const res = await p.done;
    expect(res.code).toBe(130);
    noStack(p.stderr());
  });
});

/** Runs `kafka-cli <args> | <reader>` in bash and returns kafka-cli's own exit code and stderr. */
function pipeline(args: string[], reader: string): { code: number; stderr: string; out: string } {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('bash', ['-c', `${quoted} | ${reader}; echo "exit=\${PIPESTATUS[0]}" >&2`], {
    env: baseEnv(),
    encoding: 'utf8',
    timeout: 30_000,
  });
  const m = /exit=(\d+)\n?$/.exec(r.stderr);
  return { code: m ? Number(m[1]) : -1, stderr: r.stderr.replace(/exit=\d+\n?$/, ''), out: r.stdout };
}

/** `kafka-cli <args> | head -1` in bash: kafka-cli's exit code and stderr, and how long it went on after head had exited (ms). */
function pipelineIntoHead(args: string[]): { code: number; stderr: string; out: string; afterReaderMs: number } {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `${quoted} | { head -1; echo "head-done=$(date +%s%3N)" >&2; }; echo "exit=\${PIPESTATUS[0]} end=$(date +%s%3N)" >&2`;
  const r = spawnSync('bash', ['-c', script], { env: baseEnv(), encoding: 'utf8', timeout: 30_000 });
  const done = Number(/head-done=(\d+)/.exec(r.stderr)?.[1]);
  const m = /exit=(\d+) end=(\d+)/.exec(r.stderr);
  return { code: m ? Number(m[1]) : -1, out: r.stdout, stderr: r.stderr.replace(/head-done=\d+\n|exit=\d+ end=\d+\n/g, ''), afterReaderMs: Number(m?.[2]) - done };
}

describe('integration: broken pipe', () => {
  it('tail on a quiet topic | head -1: all output fit in the pipe, yet kafka-cli exits 0 within about a second of head', async () => {
    const topic = uniqueName('pipe-quiet');
    await createTopic(topic, 1);
    expect((await runCli(['produce', topic], { stdin: 'first\nsecond\nthird\n' })).code).toBe(0);
    const r = pipelineIntoHead(['tail', topic, '--from', 'beginning', '-o', 'value']);
    expect(r.out).toBe('first\n');
    expect(r.stderr).toBe('');
    expect(r.code, r.stderr).toBe(0);
    expect(r.afterReaderMs).toBeLessThan(1500);
  });

  it('lag --watch with a long interval | head -1: exits 0 within about a second of head, not at the next report', async () => {
    const topic = uniqueName('pipe-lag');
    const group = uniqueName('pipe-lag-g');
    await createTopic(topic, 1);
    expect((await runCli(['produce', topic], { stdin: 'a\nb\nc\n' })).code).toBe(0);
    // On a fresh broker the first group's coordinator may not be ready yet: commit until it is.
    await expect.poll(async () => (await runCli(['tail', topic, '--group', group, '--from', 'beginning', '-e', '-c', '2'])).code, { timeout: 30_000 }).toBe(0);
    const r = pipelineIntoHead(['lag', group, '--watch', '1m']);
    expect(r.out).not.toBe('');
    expect(r.stderr).toBe('');
    expect(r.code, r.stderr).toBe(0);
    expect(r.afterReaderMs).toBeLessThan(1500);
  });

  it('kafka-cli tail ... | head -1 (following, more data than a pipe holds): exit 0 quietly', async () => {
    const topic = uniqueName('pipe-tail');
    await createTopic(topic, 1);
    const lines = Array.from({ length: 20_000 }, (_, i) => `message-${i}-${'x'.repeat(40)}`).join('\n') + '\n';
    expect((await runCli(['produce', topic], { stdin: lines })).code).toBe(0);
    const r = pipeline(['tail', topic, '--from', 'beginning', '-o', 'value'], 'head -1');
    expect(r.out).toBe(`message-0-${'x'.repeat(40)}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('kafka-cli topic list -o json | head -c 10, and into a reader that is gone before the first write: exit 0 quietly', async () => {
    // --match keeps the listing small: a full list of the shared test broker's thousand topics takes seconds.
    const name = uniqueName('pipe-list');
    await createTopic(name, 1);
    const r = pipeline(['topic', 'list', '-o', 'json', '--match', `^${name}$`], 'head -c 10');
    expect(r.out).toHaveLength(10);
    expect(r.out.startsWith('[')).toBe(true);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // ':' exits at once, so kafka-cli's write certainly meets a closed pipe (EPIPE).
    for (const args of [['topic', 'list', '--match', `^${name}$`], ['topic', 'describe', name, '-o', 'json'], ['cluster', '-o', 'json']]) {
      const gone = pipeline(args, ':');
      expect(gone.stderr, args.join(' ')).toBe('');
      expect(gone.code, args.join(' ')).toBe(0);
    }
  });
});
