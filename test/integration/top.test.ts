/**
 * `kafka-cli top` against the test broker: without a terminal it refuses (exit 2, pointing to lag --watch -o json);
 * in a real terminal (tmux) the real binary shows a known topic and group, opens the group, goes back, quits on q
 * with exit 0 and the screen restored (primary screen, cursor shown).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { baseEnv, BIN, runCli, spawnCli, uniqueName } from '../helpers/cli.js';
import { createTopic } from '../helpers/kafka.js';
import { requireTool } from '../helpers/require-tool.js';
import { commitOffsets, topicWithMessages } from './group-helpers.js';
import { shortBytes } from '../../src/format/top/model.js';

describe('integration: top without a terminal', () => {
  it('refuses with exit 2 and points to lag --watch -o json (spawned: stdin and stdout are pipes)', async () => {
    const r = await spawnCli(['top'], { timeoutMs: 20_000 });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('kafka-cli: top needs a terminal (stdin and stdout); for reports to a pipe or a file use `kafka-cli lag --all-groups --watch -o json`\n');
  });

  it('in process: no TTY is refused the same way; a bad --interval or --regex is a usage error first', async () => {
    expect((await runCli(['top', '--group', 'g'])).code).toBe(2);
    const bad = await runCli(['top', '--regex', '(']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^kafka-cli: invalid --regex '\(': /);
    expect((await runCli(['top', '--interval', '10ms'])).stderr).toBe('kafka-cli: invalid --interval: at least 250ms\n');
  });
});

const hasTmux = requireTool('tmux');

describe.skipIf(!hasTmux)('integration: top in tmux', () => {
  const socket = `kafka-cli-top-${process.pid}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  afterAll(() => {
    try {
      tmux('kill-server');
    } catch {
      // Already gone.
    }
  });

  it('shows the topic and the group, opens the group, quits on q with exit 0 and the screen restored', async () => {
    const prefix = uniqueName('toptmux');
    const topic = `${prefix}-orders`;
    const group = `${prefix}-billing`;
    await createTopic(topic, 2);
    await topicWithMessages(topic, [5, 3]);
    await commitOffsets(group, topic, { 0: 1, 1: 3 });

    const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-top-'));
    const rcFile = join(dir, 'rc');
    const env = baseEnv({ NO_COLOR: '1' });
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const assigns = ['PATH', 'HOME', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'KAFKA_BROKERS', 'NO_COLOR'].map((k) => `${k}=${q(env[k] ?? '')}`).join(' ');
    const cmd = `env ${assigns} ${q(process.execPath)} ${q(BIN)} top --regex ${q(`^${prefix}`)} --interval 1s; echo $? > ${q(rcFile)}; sleep 60`;
    tmux('new-session', '-d', '-s', 'top', '-x', '140', '-y', '30', cmd);
    const screen = () => tmux('capture-pane', '-p', '-t', 'top');

    await vi.waitFor(() => {
      const s = screen();
      expect(s).toContain(topic);
      expect(s).toContain(group);
      expect(s).toMatch(/IN\/S/);
    }, { timeout: 30_000, interval: 250 });
    expect(tmux('display', '-p', '-t', 'top', '#{alternate_on} #{cursor_flag}').trim()).toBe('1 0');
    // SIZE: the leader replicas' bytes, as broker log-dirs reads them.
    const dirs = JSON.parse((await runCli(['broker', 'log-dirs', '--topic', topic, '-o', 'json'])).stdout) as { brokers: Array<{ logDirs: Array<{ partitions: Array<{ size: number }> }> }> };
    const bytes = dirs.brokers.flatMap((b) => b.logDirs.flatMap((d) => d.partitions)).reduce((n, p) => n + p.size, 0);
    expect(bytes).toBeGreaterThan(0);
    await vi.waitFor(() => expect(screen()).toMatch(new RegExp(`${topic}\\s+2\\s+\\S+\\s+0\\s+0\\s+${shortBytes(BigInt(bytes)).replace('.', '\\.')}\\s`)), { timeout: 10_000, interval: 250 });
    // Our group is the only one that matches: selected; its lag is 4 (5 - 1).
    expect(screen()).toMatch(new RegExp(`> ${group}\\s+classic\\s+Empty\\s+0\\s+4 `));

    tmux('send-keys', '-t', 'top', 'Enter');
    await vi.waitFor(() => expect(screen()).toContain(`GROUP ${group} ·`), { timeout: 10_000, interval: 200 });
    expect(screen()).toMatch(new RegExp(`${topic}\\s+0\\s+1\\s+5\\s+4`));
    tmux('send-keys', '-t', 'top', 'Escape');
    await vi.waitFor(() => expect(screen()).toContain('TOPIC (1)'), { timeout: 10_000, interval: 200 });

    tmux('send-keys', '-t', 'top', 'q');
    await vi.waitFor(() => expect(existsSync(rcFile) && readFileSync(rcFile, 'utf8').trim()).toBe('0'), { timeout: 10_000, interval: 200 });
    expect(tmux('display', '-p', '-t', 'top', '#{alternate_on} #{cursor_flag}').trim()).toBe('0 1');
    expect(screen()).not.toContain('kafka-cli top ·');
  });

  /** Starts top in a new tmux session; returns the rc file (written when it ends) and the screen. */
  function startTop(name: string, prefix: string): { rcFile: string; screen: () => string } {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-top-'));
    const rcFile = join(dir, 'rc');
    const env = baseEnv({ NO_COLOR: '1' });
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const assigns = ['PATH', 'HOME', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME', 'KAFKA_BROKERS', 'NO_COLOR'].map((k) => `${k}=${q(env[k] ?? '')}`).join(' ');
    tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '24', `env ${assigns} ${q(process.execPath)} ${q(BIN)} top --regex ${q(`^${prefix}`)} --interval 1s; echo $? > ${q(rcFile)}; sleep 60`);
    return { rcFile, screen: () => tmux('capture-pane', '-p', '-t', name) };
  }

  it('Ctrl-C restores the screen and exits 130', async () => {
    const prefix = uniqueName('topctrlc');
    await createTopic(`${prefix}-t`, 1);
    const { rcFile, screen } = startTop('ctrlc', prefix);
    await vi.waitFor(() => expect(screen()).toContain(`${prefix}-t`), { timeout: 30_000, interval: 250 });
    expect(tmux('display', '-p', '-t', 'ctrlc', '#{alternate_on}').trim()).toBe('1');
    tmux('send-keys', '-t', 'ctrlc', 'C-c');
    await vi.waitFor(() => expect(existsSync(rcFile) && readFileSync(rcFile, 'utf8').trim()).toBe('130'), { timeout: 10_000, interval: 200 });
    expect(tmux('display', '-p', '-t', 'ctrlc', '#{alternate_on} #{cursor_flag}').trim()).toBe('0 1');
    expect(screen()).not.toContain('kafka-cli top ·');
  });

  it('a closed terminal (kill-pane: SIGHUP) ends the process', async () => {
    const prefix = uniqueName('tophup');
    await createTopic(`${prefix}-t`, 1);
    const { screen } = startTop('hup', prefix);
    await vi.waitFor(() => expect(screen()).toContain(`${prefix}-t`), { timeout: 30_000, interval: 250 });
    const shell = tmux('display', '-p', '-t', 'hup', '#{pane_pid}').trim();
    const node = execFileSync('ps', ['-o', 'pid=', '--ppid', shell], { encoding: 'utf8' }).trim().split(/\s+/)[0]!;
    expect(node).toMatch(/^\d+$/);
    const alive = () => {
      try {
        process.kill(Number(node), 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    tmux('kill-pane', '-t', 'hup');
    await vi.waitFor(() => expect(alive()).toBe(false), { timeout: 10_000, interval: 200 });
  });
});
