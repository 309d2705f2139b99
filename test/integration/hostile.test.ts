/**
 * Hostile and malformed input, table-driven, on the real process (bin/kafka-cli.js from dist/: run `npx tsc`
 * first) against the shared test broker. Every case: the documented exit code, one `kafka-cli: ` line on stderr
 * (produce adds its summary above it), no stack trace, and an end within a bounded time (a hang fails the case).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, uniqueName } from '../helpers/cli.js';
import { createTopic } from '../helpers/kafka.js';

const topic = uniqueName('hostile');
const dir = mkdtempSync(join(tmpdir(), 'hostile-'));

beforeAll(async () => {
  await createTopic(topic, 2);
});

interface Case {
  name: string;
  args: string[];
  stdin?: string | Buffer;
  code: number;
  /** The `kafka-cli: ` line. */
  error?: RegExp;
  /** produce prints its summary on stderr before the error line. */
  summary?: boolean;
  /** Exit 0 cases: what stderr says (default: nothing). */
  stderr?: RegExp;
}

const T = () => topic;
const env1 = (o: object) => JSON.stringify(o) + '\n';

function cases(): Case[] {
  const t = T();
  return [
    // Unknown flags and commands (commander), with a suggestion on the same line.
    { name: 'unknown global flag', args: ['--no-such-flag'], code: 2, error: /^kafka-cli: unknown option '--no-such-flag'$/ },
    { name: 'unknown command flag, with a suggestion', args: ['tail', t, '--fro', 'beginning'], code: 2, error: /^kafka-cli: unknown option '--fro' \(Did you mean --from\?\)$/ },
    { name: 'unknown command', args: ['tial', t], code: 2, error: /^kafka-cli: unknown command 'tial'/ },
    { name: 'missing argument', args: ['tail'], code: 2, error: /^kafka-cli: missing topic: name one or more topics, or use --regex '<pattern>'$/ },
    { name: 'bad choice', args: ['--sasl-mechanism', 'kerberos', 'cluster'], code: 2, error: /^kafka-cli: option .*--sasl-mechanism.* argument 'kerberos' is invalid/ },
    { name: 'a newline typed in a flag stays on one line', args: ['tail', t, '--from', 'a\nb'], code: 2, error: /^kafka-cli: invalid --from 'a\\nb'/ },
    // Offset specs.
    { name: 'bad --from word', args: ['tail', t, '--from', 'yesterday'], code: 2, error: /^kafka-cli: invalid --from 'yesterday'/ },
    { name: '--from offset beyond int64', args: ['tail', t, '--from', '99999999999999999999999'], code: 2, error: /larger than int64/ },
    { name: '--from an impossible date (Feb 30)', args: ['tail', t, '--from', '2026-02-30', '-e'], code: 2, error: /^kafka-cli: invalid --from '2026-02-30'/ },
    { name: '--from hour 25', args: ['tail', t, '--from', '2026-11-20T25:00', '-e'], code: 2, error: /^kafka-cli: invalid --from/ },
    { name: '--from 1e5s', args: ['tail', t, '--from', '1e5s'], code: 2, error: /^kafka-cli: invalid --from '1e5s'/ },
    { name: '--until a relative spec', args: ['tail', t, '--until', 'beginning'], code: 2, error: /^kafka-cli: invalid --until 'beginning'/ },
    { name: '--from and -n together', args: ['tail', t, '--from', 'beginning', '-n', '3'], code: 2, error: /either --from or -n/ },
    { name: 'negative -n', args: ['tail', t, '-n', '-5'], code: 2, error: /^kafka-cli: invalid --last '-5'/ },
    { name: '-c 0', args: ['tail', t, '-c', '0'], code: 2, error: /^kafka-cli: invalid --max-messages '0'/ },
    // Durations.
    { name: 'bad --watch duration', args: ['lag', 'g', '--watch', '5 parsecs'], code: 2, error: /^kafka-cli: invalid --watch '5 parsecs'/ },
    { name: '--watch longer than a timer can wait', args: ['lag', 'g', '--watch', '99999999999999999999d'], code: 2, error: /^kafka-cli: invalid --watch '99999999999999999999d': longer than 24 days$/ },
    { name: 'bad --timeout', args: ['--timeout', 'soon', 'cluster'], code: 2, error: /^kafka-cli: invalid --timeout 'soon'/ },
    { name: '--timeout 0', args: ['--timeout', '0', 'cluster'], code: 2, error: /^kafka-cli: invalid --timeout/ },
    { name: 'negative --delivery-timeout', args: ['produce', t, '--delivery-timeout', '-1s', '--value', 'x'], code: 2, error: /^kafka-cli: invalid --delivery-timeout '-1s'/ },
    { name: 'bad --transaction-timeout', args: ['produce', t, '--transaction-timeout', 'x', '--value', 'x'], code: 2, error: /^kafka-cli: invalid --transaction-timeout 'x'/ },
    // key=value pairs.
    { name: '-H without =', args: ['produce', t, '-H', 'novalue', '--value', 'x'], code: 2, error: /^kafka-cli: invalid --header 'novalue': expected key=value$/ },
    { name: '--header with an empty key', args: ['tail', t, '--header', '=v'], code: 2, error: /^kafka-cli: invalid --header '=v'/ },
    { name: '--config without =', args: ['topic', 'create', uniqueName('x'), '--config', 'noequals'], code: 2, error: /^kafka-cli: invalid --config 'noequals'/ },
    // Topic names.
    { name: 'topic name with a space and !', args: ['produce', 'bad topic!', '--value', 'x'], code: 2, error: /^kafka-cli: invalid topic name 'bad topic!'/ },
    { name: "topic name '..'", args: ['tail', '..'], code: 2, error: /^kafka-cli: invalid topic name '\.\.'/ },
    { name: 'empty topic name', args: ['topic', 'describe', ''], code: 2, error: /^kafka-cli: invalid topic name: it is empty$/ },
    { name: '250-character topic name', args: ['topic', 'create', 'a'.repeat(250)], code: 2, error: /longer than 249 characters$/ },
    { name: 'a 100 KB argument', args: ['tail', 'x'.repeat(100 * 1024)], code: 2, error: /^kafka-cli: invalid topic name 'x{40}\.\.\.': longer than 249 characters$/ },
    { name: 'a lone surrogate in an argument (arrives as U+FFFD)', args: ['tail', 'a\uD800b'], code: 2, error: /^kafka-cli: invalid topic name/ },
    // Partitions.
    { name: 'tail: a partition the topic does not have', args: ['tail', t, '-p', '99', '-e'], code: 2, error: /^kafka-cli: partition 99 does not exist in topic '.*' \(it has 2 partitions: 0-1\)$/ },
    { name: 'tail: negative partition', args: ['tail', t, '-p', '-1'], code: 2, error: /^kafka-cli: invalid --partition '-1'/ },
    { name: 'tail: backwards range', args: ['tail', t, '-p', '3-1'], code: 2, error: /range 3-1 is backwards$/ },
    { name: 'tail: a huge range does not hang', args: ['tail', t, '-p', '0-99999999999'], code: 2, error: /^kafka-cli: invalid --partition '0-99999999999': range .* is larger than any topic/ },
    { name: 'produce: a partition the topic does not have', args: ['produce', t, '-p', '99', '--value', 'x'], code: 2, error: /^kafka-cli: partition 99 does not exist in topic '.*' \(it has 2 partitions: 0-1\)$/ },
    { name: 'produce: envelope partition out of range', args: ['produce', t, '--input', 'json'], stdin: env1({ value: 'a', partition: 7 }), code: 2, error: /^kafka-cli: line 1: partition 7 does not exist/ },
    // Other flag values.
    { name: 'bad -o', args: ['tail', t, '-o', 'yaml'], code: 2, error: /^kafka-cli: invalid --output 'yaml'/ },
    { name: 'unknown format token', args: ['tail', t, '-f', '%z'], code: 2, error: /^kafka-cli: invalid --format '%z': unknown token %z/ },
    { name: 'bad --grep regex', args: ['tail', t, '--grep', '('], code: 2, error: /^kafka-cli: invalid --grep '\('/ },
    { name: 'bad --max-lag', args: ['lag', 'g', '--max-lag', 'abc'], code: 2, error: /^kafka-cli: invalid --max-lag 'abc'/ },
    { name: '--partitions 0', args: ['topic', 'create', uniqueName('x'), '--partitions', '0'], code: 2, error: /^kafka-cli: invalid --partitions '0'/ },
    { name: 'bad broker address', args: ['-b', 'not a host', 'cluster'], code: 2, error: /^kafka-cli: invalid broker address 'not a host'/ },
    { name: 'broker port out of range', args: ['-b', '127.0.0.1:99999', 'cluster'], code: 2, error: /^kafka-cli: invalid broker address/ },
    { name: 'produce --rate 0', args: ['produce', t, '--rate', '0', '--value', 'x'], code: 2, error: /^kafka-cli: invalid --rate '0'/ },
    { name: 'produce -z brotli', args: ['produce', t, '-z', 'brotli', '--value', 'x'], code: 2, error: /^kafka-cli: invalid --compression 'brotli'/ },
    { name: 'produce --file that does not exist', args: ['produce', t, '--file', join(dir, 'nope')], code: 2, error: /^kafka-cli: cannot read --file .*: no such file$/ },
    { name: 'produce --failed in a missing folder', args: ['produce', t, '--failed', join(dir, 'no', 'f'), '--value', 'x'], code: 2, error: /^kafka-cli: cannot write --failed / },
    // Malformed JSON envelopes and invalid base64.
    { name: 'truncated JSON', args: ['produce', t, '--input', 'json'], stdin: '{"value": \n', code: 2, error: /^kafka-cli: line 1: invalid JSON/ },
    { name: 'a JSON array', args: ['produce', t, '--input', 'json'], stdin: '[1,2]\n', code: 2, error: /^kafka-cli: line 1: expected a JSON object/ },
    { name: 'a number as value', args: ['produce', t, '--input', 'json'], stdin: env1({ value: 5 }), code: 2, error: /^kafka-cli: line 1: "value" must be a string or null, an object or an array/ },
    { name: 'headers not a list', args: ['produce', t, '--input', 'json'], stdin: env1({ value: 'a', headers: 7 }), code: 2, error: /^kafka-cli: line 1: "headers" must be a list/ },
    { name: 'unknown encoding', args: ['produce', t, '--input', 'json'], stdin: env1({ value: 'a', valueEncoding: 'hex' }), code: 2, error: /unknown encoding "hex"/ },
    { name: 'invalid base64', args: ['produce', t, '--input', 'json'], stdin: env1({ value: '!!!', valueEncoding: 'base64' }), code: 2, error: /^kafka-cli: line 1: "value" is not valid base64/ },
    { name: 'base64 without padding', args: ['produce', t, '--input', 'json'], stdin: env1({ key: 'aGk', keyEncoding: 'base64', value: 'x' }), code: 2, error: /^kafka-cli: line 1: "key" is not valid base64/ },
    { name: 'timestamp beyond int64', args: ['produce', t, '--input', 'json'], stdin: env1({ value: 'a', timestamp: '99999999999999999999999' }), code: 2, error: /^kafka-cli: line 1: "timestamp" must be/ },
    { name: 'the second line bad: the first is sent, the error names line 2', args: ['produce', t, '--input', 'json'], stdin: env1({ value: 'ok' }) + '{oops}\n', code: 2, summary: true, error: /^kafka-cli: line 2: invalid JSON .*; 1 message before it delivered/ },
    { name: 'JSON that is not valid UTF-8', args: ['produce', t, '--input', 'json'], stdin: Buffer.concat([Buffer.from('{"value":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}\n')]), code: 2, error: /^kafka-cli: line 1: not valid UTF-8/ },
    { name: 'binary on stdin in JSON mode', args: ['produce', t, '--input', 'json'], stdin: Buffer.from([0x00, 0x01, 0x7b, 0xfe, 0x0a]), code: 2, error: /^kafka-cli: line 1: (not valid UTF-8|invalid JSON)/ },
    { name: 'a line without the -K separator', args: ['produce', t, '-K:'], stdin: 'nosep\n', code: 2, error: /^kafka-cli: line 1: no key separator ":"/ },
    // Sizes and empty input.
    { name: 'a 10 MB line (over max.message.bytes)', args: ['produce', t], stdin: 'x'.repeat(10 * 1024 * 1024) + '\n', code: 2, error: /^kafka-cli: line 1: message of 10485760 bytes is larger than topic '.*' accepts \(max\.message\.bytes=\d+\)/ },
    { name: 'empty input (line mode): nothing to send, exit 0', args: ['produce', t], stdin: '', code: 0, stderr: /^Delivered 0 messages to '.*' in [^\n]*\n$/ },
    { name: 'empty input (JSON mode), blank lines only: exit 0', args: ['produce', t, '--input', 'json'], stdin: '\n  \n\n', code: 0, stderr: /^Delivered 0 messages to '.*' in [^\n]*\n$/ },
    { name: 'binary on stdin in line mode is sent as is: exit 0', args: ['produce', t], stdin: Buffer.from([0xff, 0x00, 0xfe, 0x0a, 0x1b, 0x5b, 0x32, 0x4a, 0x0a, 0xc3]), code: 0, stderr: /^Delivered 3 messages/ },
    // Missing things on the broker: exit 1, one line.
    { name: 'tail a missing topic', args: ['tail', uniqueName('missing'), '-e'], code: 1, error: /^kafka-cli: topic '.*' does not exist$/ },
    { name: 'produce to a missing topic', args: ['produce', uniqueName('missing'), '--value', 'x'], code: 1, error: /^kafka-cli: topic '.*' does not exist$/ },
    { name: 'lag of a missing group', args: ['lag', uniqueName('missing-g')], code: 1, error: /^kafka-cli: group '.*' not found$/ },
    { name: 'describe a missing topic', args: ['topic', 'describe', uniqueName('missing')], code: 1, error: /^kafka-cli: topic '.*' does not exist$/ },
  ];
}

async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

describe('integration: hostile and malformed input', () => {
  it('every bad invocation: the documented exit code, one error line, no stack trace, no hang', async () => {
    const all = cases();
    const results = await pool(all, 4, (c) => spawnCli(c.args, { stdin: c.stdin, timeoutMs: 40_000 }));
    const failures: string[] = [];
    all.forEach((c, i) => {
      const r = results[i]!;
      const show = `${c.name}: exit ${r.code}${r.signal ? ` (killed: ${r.signal}, a hang)` : ''}, stderr ${JSON.stringify(r.stderr.slice(0, 400))}`;
      try {
        expect(r.signal).toBeNull();
        expect(r.code).toBe(c.code);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        if (c.code === 0) {
          expect(r.stderr).toMatch(c.stderr ?? /^$/);
          return;
        }
        expect(r.stdout).toBe('');
        expect(r.stderr.endsWith('\n')).toBe(true);
        const lines = r.stderr.slice(0, -1).split('\n');
        const errors = lines.filter((l) => l.startsWith('kafka-cli: '));
        expect(errors).toHaveLength(1);
        // The error is the last line; only produce has anything (its summary) above it.
        expect(lines[lines.length - 1]).toBe(errors[0]);
        if (!c.summary) expect(lines).toHaveLength(1);
        else expect(lines[0]).toMatch(/^Delivered /);
        expect(errors[0]).toMatch(c.error!);
      } catch (e) {
        failures.push(`${show}\n    ${(e as Error).message.split('\n')[0]}`);
      }
    });
    expect(failures, failures.join('\n')).toEqual([]);
  }, 300_000);

  it('--failed next to an unreadable --file, and a directory as --file: one line, exit 2', async () => {
    writeFileSync(join(dir, 'in.txt'), 'a\n');
    const r = await spawnCli(['produce', T(), '--file', dir], { timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kafka-cli: cannot read --file ${dir}: it is a directory\n`);
    const same = await spawnCli(['produce', T(), '--file', join(dir, 'in.txt'), '--failed', join(dir, 'in.txt')], { timeoutMs: 20_000 });
    expect(same.code).toBe(2);
    expect(same.stderr).toBe('kafka-cli: --failed must not be the --file being read\n');
  });
});
