/**
 * Shell completion driven in the real shells: the generated script is sourced, COMP_WORDS/COMP_CWORD set as bash
 * sets them (host:port split at the colon), and the completion function called. Live names come from the test
 * broker through the background refresh.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, uniqueName } from '../helpers/cli.js';
import { createTopic, withAdmin } from '../helpers/kafka.js';
import { testBroker } from '../helpers/broker-info.js';
import { commitOffsets } from './group-helpers.js';
import { requireTool } from '../helpers/require-tool.js';

let home: string;
let scripts: Record<'bash' | 'zsh' | 'fish', string>;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'kafka-cli-completion-'));
  mkdirSync(join(home, 'bin'));
  // The scripts call `kafka-cli` from PATH, as an installed one would be.
  const wrapper = join(home, 'bin', 'kafka-cli');
  writeFileSync(wrapper, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  scripts = { bash: '', zsh: '', fish: '' };
  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    const r = await runCli(['completion', shell]);
    expect(r.code).toBe(0);
    scripts[shell] = join(home, `completion.${shell}`);
    writeFileSync(scripts[shell], r.stdout);
  }
});

function env(): NodeJS.ProcessEnv {
  return { PATH: `${join(home, 'bin')}:${process.env.PATH}`, HOME: home, XDG_CACHE_HOME: join(home, 'cache'), XDG_CONFIG_HOME: join(home, 'config') };
}

/** COMP_WORDS as bash splits them: a host:port becomes three words. */
function bashWords(line: string[]): string[] {
  return line.flatMap((w) => (/^[^:]+:\d+$/.test(w) ? [w.split(':')[0]!, ':', w.split(':')[1]!] : [w]));
}

/** Completes the last word of `line` in a real bash; returns the candidates and how long the TAB took. */
function bashComplete(line: string[]): { words: string[]; ms: number; stderr: string } {
  const words = bashWords(line);
  const script = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=()
t0=$EPOCHREALTIME; _kafka_cli; t1=$EPOCHREALTIME
printf '%s\\n' "\${COMPREPLY[@]}"; echo "@ms $(( (\${t1/./} - \${t0/./}) / 1000 ))"`;
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script, 'bash', scripts.bash, ...words], { env: env(), encoding: 'utf8' });
  const out = r.stdout.split('\n').filter(Boolean);
  const ms = Number(out.pop()!.replace('@ms ', ''));
  return { words: out, ms, stderr: r.stderr };
}

const cacheDir = () => join(home, 'cache', 'kafka-cli', 'completion', `brokers-${testBroker().bootstrap.replace(/[^A-Za-z0-9._-]/g, '_')}`);

describe.skipIf(!requireTool('bash'))('integration: completion in bash', () => {
  it('completes commands, subcommands, flags and fixed values with no broker involved', () => {
    expect(bashComplete(['kafka-cli', 'ta']).words).toEqual(['tail']);
    expect(bashComplete(['kafka-cli', 'topic', 'd']).words).toEqual(['describe', 'delete', 'delete-records', 'diff']);
    expect(bashComplete(['kafka-cli', 'tail', '--json']).words).toEqual(['--json-values']);
    expect(bashComplete(['kafka-cli', 'lag', '-o', '']).words).toEqual(['table', 'json', 'prometheus']);
    expect(bashComplete(['kafka-cli', 'tail', 'x', '--from', 'b']).words).toEqual(['beginning']);
    expect(bashComplete(['kafka-cli', '--sasl-mechanism', 'scram']).words).toEqual(['scram-sha-256', 'scram-sha-512']);
    expect(bashComplete(['kafka-cli', 'completion', '']).words).toEqual(['bash', 'zsh', 'fish']);
    expect(bashComplete(['kafka-cli', 'local', 'kill', '--node', '']).words).toEqual(['0', '1', '2', '3', '4', '5']);
  });

  it('live topics and groups: cold within the wait limit, warm well under 100 ms, and new or deleted topics after a refresh', async () => {
    const b = testBroker().bootstrap;
    const prefix = uniqueName('compl');
    const first = `${prefix}-one`;
    await createTopic(first, 1);
    await commitOffsets(`${prefix}-group`, first, { 0: 0 });

    // Cold: no cache. The TAB starts the refresh and waits for it at most 1 s; it never prints anything.
    const cold = bashComplete(['kafka-cli', '-b', b, 'tail', prefix]);
    expect(cold.stderr).toBe('');
    expect(cold.ms).toBeLessThan(1500);
    await expect.poll(() => bashComplete(['kafka-cli', '-b', b, 'tail', prefix]).words, { timeout: 20_000, interval: 200 }).toEqual([first]);

    const warm = Array.from({ length: 5 }, () => bashComplete(['kafka-cli', '-b', b, 'tail', prefix]));
    const warmMs = warm.map((w) => w.ms).sort((x, y) => x - y);
    process.stderr.write(`[completion] bash TAB: cold ${cold.ms} ms (refresh in the background), warm median ${warmMs[2]} ms (${warmMs.join(', ')})\n`);
    expect(warmMs[2]).toBeLessThan(100);
    expect(bashComplete(['kafka-cli', '-b', b, 'lag', `${prefix}-g`]).words).toEqual([`${prefix}-group`]);
    expect(bashComplete(['kafka-cli', '-b', b, 'tail', 'x', '--group', `${prefix}-g`]).words).toEqual([`${prefix}-group`]);

    // A topic created and one deleted show after the next refresh (here: the cache made stale by hand).
    const second = `${prefix}-two`;
    await createTopic(second, 1);
    await withAdmin((a) => a.deleteTopics({ topics: [first] }));
    expect(bashComplete(['kafka-cli', '-b', b, 'tail', prefix]).words).toEqual([first]);
    writeFileSync(join(cacheDir(), 'stamp'), '0\n');
    writeFileSync(join(cacheDir(), 'refreshing'), '0\n');
    await expect.poll(() => bashComplete(['kafka-cli', '-b', b, 'tail', prefix]).words, { timeout: 20_000, interval: 200 }).toEqual([second]);
    expect(readFileSync(join(cacheDir(), 'topics'), 'utf8')).not.toContain('__consumer_offsets');
  });

  it('an unreachable cluster completes nothing, quietly, and does not wait again on the next TAB', async () => {
    const down = bashComplete(['kafka-cli', '-b', '127.0.0.1:1', 'tail', '']);
    expect(down.words).toEqual([]);
    expect(down.stderr).toBe('');
    const dir = join(home, 'cache', 'kafka-cli', 'completion', 'brokers-127.0.0.1_1');
    await expect.poll(() => spawnSync('test', ['-e', join(dir, 'topics')]).status, { timeout: 20_000 }).toBe(0);
    const again = bashComplete(['kafka-cli', '-b', '127.0.0.1:1', 'tail', '']);
    expect(again.words).toEqual([]);
    expect(again.ms).toBeLessThan(100);
  });
});

describe.skipIf(!requireTool('zsh'))('integration: completion in zsh (bash function through bashcompinit)', () => {
  it('completes subcommands and fixed values', () => {
    const script = `source "$1"; shift; t() { emulate -L sh; setopt kshglob noshglob braceexpand; COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _kafka_cli; print -rl -- "\${COMPREPLY[@]}"; }; t "$@"`;
    const run = (...w: string[]) => spawnSync('zsh', ['-f', '-c', script, 'zsh', scripts.zsh, ...w], { env: env(), encoding: 'utf8' });
    const r = run('kafka-cli', 'lag', '-o', '');
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['table', 'json', 'prometheus']);
    expect(run('kafka-cli', 'topic', '').stdout).toContain('describe');
  });
});

describe.skipIf(!requireTool('fish'))('integration: completion in fish', () => {
  it('completes subcommands, fixed values and live topics', async () => {
    const b = testBroker().bootstrap;
    const t = uniqueName('compl-fish');
    await createTopic(t, 1);
    // Whatever an earlier test cached for this broker is made stale, so the next TAB refreshes it.
    mkdirSync(cacheDir(), { recursive: true });
    writeFileSync(join(cacheDir(), 'stamp'), '0\n');
    writeFileSync(join(cacheDir(), 'refreshing'), '0\n');
    const run = (line: string) => spawnSync('fish', ['-N', '-c', `source "${scripts.fish}"; complete -C '${line}'`], { env: env(), encoding: 'utf8' });
    expect(run('kafka-cli topic d').stdout.split('\n').filter(Boolean)).toEqual(['delete', 'delete-records', 'describe', 'diff']);
    expect(run('kafka-cli lag -o ').stdout.split('\n').filter(Boolean)).toEqual(['json', 'prometheus', 'table']);
    await expect.poll(() => run(`kafka-cli -b ${b} tail ${t}`).stdout.trim(), { timeout: 20_000, interval: 300 }).toBe(t);
  });
});
