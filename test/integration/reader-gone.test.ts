/**
 * A reader of stdout that goes away (`| head -1`) is not "the user is done" for a command that delivers input:
 * produce and copy keep delivering every record (counted exactly in the topic) and exit 0 only then.
 * The real process (bin/kafka-cli.js from dist/: `npm run build` first), in sh pipelines.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, baseEnv, runCli, spawnCli, uniqueName } from '../helpers/cli.js';
import { createTopic, withAdmin } from '../helpers/kafka.js';

const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

/** `<before> kafka-cli <args> | <reader>` in sh: kafka-cli's exit code (from a file: sh has no PIPESTATUS), stdout of the reader, kafka-cli's stderr. */
function pipeline(before: string, args: string[], reader: string): { code: number; out: string; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-reader-'));
  const code = join(dir, 'code');
  const cli = [process.execPath, BIN, ...args].map(quote).join(' ');
  const script = `${before} { ${cli}; echo $? > ${quote(code)}; } | ${reader}`;
  const r = spawnSync('sh', ['-c', script], { env: baseEnv(), encoding: 'utf8', timeout: 120_000 });
  return { code: Number(readFileSync(code, 'utf8').trim()), out: r.stdout, stderr: r.stderr };
}

async function endOffsetsSum(topic: string): Promise<number> {
  return withAdmin(async (a) => (await a.fetchTopicOffsets(topic)).reduce((s, p) => s + Number(p.high), 0));
}

/** Every value of the topic, read back with kafka-cli tail --exit. */
async function valuesIn(topic: string): Promise<string[]> {
  const r = await spawnCli(['tail', topic, '--from', 'beginning', '--exit', '-o', 'value'], { timeoutMs: 120_000 });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.split('\n').filter(Boolean);
}

const numbers = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));
const sortedNumerically = (xs: string[]) => [...xs].sort((a, b) => Number(a) - Number(b));

describe('integration: a reader of stdout that goes away', () => {
  it('seq N | produce -o json | head -1: reports stop (said once), every line is delivered exactly once, exit 0', async () => {
    const topic = uniqueName('gone-produce');
    await createTopic(topic, 3);
    const n = 60_000;
    // Small batches and a rate: most reports come long after head has exited (the old code stopped there).
    const r = pipeline(`seq 1 ${n} |`, ['produce', topic, '-o', 'json', '--batch-size', '500', '--rate', '30000'], 'head -1');
    expect(JSON.parse(r.out)).toMatchObject({ status: 'delivered' });
    expect(r.stderr.match(/stdout closed; delivery reports stopped, still delivering the input/g)).toHaveLength(1);
    expect(r.stderr).toContain(`Delivered ${n.toLocaleString("en-US")} messages`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code, r.stderr).toBe(0);
    expect(await endOffsetsSum(topic)).toBe(n);
    expect(sortedNumerically(await valuesIn(topic))).toEqual(numbers(n));
  });

  it('produce -o json into a reader that is gone before the first report: still delivers all, exit 0', async () => {
    const topic = uniqueName('gone-produce-early');
    await createTopic(topic, 1);
    const n = 20_000;
    const r = pipeline(`seq 1 ${n} |`, ['produce', topic, '-o', 'json', '--batch-size', '200', '--rate', '20000'], ':');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/stdout closed/g)).toHaveLength(1);
    expect(await endOffsetsSum(topic)).toBe(n);
    expect(await valuesIn(topic)).toEqual(numbers(n));
  });

  it('copy -o json into a reader that is gone: every record is copied exactly once, exit 0', async () => {
    const source = uniqueName('gone-copy-src');
    const dest = uniqueName('gone-copy-dst');
    await createTopic(source, 2);
    await createTopic(dest, 2);
    const n = 30_000;
    expect((await runCli(['produce', source], { stdin: numbers(n).join('\n') + '\n' })).code).toBe(0);
    // --rate keeps the copy going for over a second: the reader is certainly gone while it runs.
    const r = pipeline('', ['copy', source, dest, '-o', 'json', '--batch-size', '500', '--rate', '20000'], ':');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code, r.stderr).toBe(0);
    expect(await endOffsetsSum(dest)).toBe(n);
    expect(sortedNumerically(await valuesIn(dest))).toEqual(numbers(n));
  });
});
