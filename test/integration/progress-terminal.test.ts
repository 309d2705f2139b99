/**
 * Progress lines on a real terminal: the real binary under a pseudo-terminal (`script`) shows produce's line, with
 * the percent of --file and an ETA; piped stderr and -q/--quiet show none. Needs `npm run build` first.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, BIN, spawnCli, uniqueName } from '../helpers/cli.js';
import { createTopic } from '../helpers/kafka.js';

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs the binary with stdin, stdout and stderr on a pseudo-terminal; returns all it drew and its exit code. */
function onTerminal(args: string[]): { code: number; screen: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-progress-'));
  const rcFile = join(dir, 'rc');
  const env = baseEnv({ NO_COLOR: '1' });
  const assigns = ['PATH', 'HOME', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'KAFKA_BROKERS', 'NO_COLOR'].map((k) => `${k}=${q(env[k] ?? '')}`).join(' ');
  const cmd = `env -i ${assigns} ${q(process.execPath)} ${q(BIN)} ${args.map(q).join(' ')} </dev/null; echo $? > ${q(rcFile)}`;
  const screen = execFileSync('script', ['-qfc', cmd, '/dev/null'], { encoding: 'utf8', timeout: 60_000 });
  return { code: Number(execFileSync('cat', [rcFile], { encoding: 'utf8' }).trim()), screen };
}

// `script` is util-linux's, on every Linux this suite runs on.
describe('integration: progress lines on a terminal', () => {
  it('produce --file on a TTY draws sent/msg/s with the percent of the file and an ETA; -q and a pipe draw none', async () => {
    const t = uniqueName('progress');
    await createTopic(t, 1);
    const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-progress-in-'));
    const file = join(dir, 'in.txt');
    writeFileSync(file, Array.from({ length: 20 }, (_, i) => `m${i}\n`).join(''));
    // --rate 10: two seconds of sending, several 250 ms redraws.
    const tty = onTerminal(['produce', t, '--file', file, '--rate', '10']);
    expect(tty.code).toBe(0);
    expect(tty.screen).toMatch(/\r\x1b\[Ksent \d+ messages? \(\d+ msg\/s\) · \d+% of file · ETA (\d+s|\?)/);
    expect(tty.screen).toContain("Delivered 20 messages to '");

    const quiet = onTerminal(['produce', t, '--file', file, '--rate', '10', '--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.screen).not.toMatch(/sent \d+ messages? \(/);
    expect(quiet.screen).toContain("Delivered 20 messages to '");

    const piped = await spawnCli(['produce', t, '--file', file, '--rate', '10']);
    expect(piped.code).toBe(0);
    expect(piped.stderr).not.toContain('\r');
    expect(piped.stderr).toContain("Delivered 20 messages to '");
  }, 60_000);

  it('copy on a TTY draws the percent of the records its end offsets hold; --quiet draws none', async () => {
    const src = uniqueName('progress-src');
    const dst = uniqueName('progress-dst');
    await createTopic(src, 1);
    await createTopic(dst, 1);
    const fill = await spawnCli(['produce', src], { stdin: Array.from({ length: 20 }, (_, i) => `c${i}\n`).join('') });
    expect(fill.code).toBe(0);
    const tty = onTerminal(['copy', src, dst, '--rate', '10']);
    expect(tty.code).toBe(0);
    expect(tty.screen).toMatch(/\r\x1b\[Ksent \d+ messages? \(\d+ msg\/s\) · \d+% of 20 records · ETA (\d+s|\?)/);
    const quiet = onTerminal(['copy', src, dst, '--rate', '10', '-q']);
    expect(quiet.code).toBe(0);
    expect(quiet.screen).not.toMatch(/sent \d+ messages? \(/);
  }, 60_000);

  it('group reset-offsets --execute and topic delete-records --execute draw a partitions line on a TTY; -q and a pipe draw none', async () => {
    const t = uniqueName('progress-parts');
    await createTopic(t, 3);
    const fill = await spawnCli(['produce', t], { stdin: Array.from({ length: 30 }, (_, i) => `p${i}\n`).join('') });
    expect(fill.code).toBe(0);
    const group = uniqueName('progress-group');
    const reset = onTerminal(['group', 'reset-offsets', group, '--topic', t, '--to-latest', '--execute']);
    expect(reset.code).toBe(0);
    expect(reset.screen).toMatch(/\r\x1b\[2Kreset-offsets: \d\/3 partitions/);
    const resetQuiet = onTerminal(['group', 'reset-offsets', group, '--topic', t, '--to-earliest', '--execute', '-q']);
    expect(resetQuiet.code).toBe(0);
    expect(resetQuiet.screen).not.toContain('partitions (');
    const resetPiped = await spawnCli(['group', 'reset-offsets', group, '--topic', t, '--to-latest', '--execute']);
    expect(resetPiped.code).toBe(0);
    expect(resetPiped.stderr).not.toContain('\r');

    const del = onTerminal(['topic', 'delete-records', t, '--before', '2', '--execute']);
    expect(del.code).toBe(0);
    expect(del.screen).toMatch(/\r\x1b\[2Kdelete-records: \d\/[1-3] partitions/);
    const delQuiet = onTerminal(['topic', 'delete-records', t, '--before', '4', '--execute', '--quiet']);
    expect(delQuiet.code).toBe(0);
    expect(delQuiet.screen).not.toContain('partitions (');
    const delPiped = await spawnCli(['topic', 'delete-records', t, '--before', '6', '--execute']);
    expect(delPiped.code).toBe(0);
    expect(delPiped.stderr).not.toContain('\r');
  }, 60_000);
});
