import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { buildProgram } from '../../src/program.js';
import { createContext } from '../../src/cli/context.js';
import { buildCompletionSpec, type CommandSpec } from '../../src/cli/completion/completion-spec.js';
import { renderBashCompletion, renderFishCompletion, renderZshCompletion } from '../../src/format/completion.js';
import type { IO } from '../../src/core/io.js';

function specs(): CommandSpec[] {
  const out = { write: () => true, isTTY: false };
  const io = { stdout: out, stderr: out, stdin: new PassThrough(), env: {}, cwd: '/' } as unknown as IO;
  let program: ReturnType<typeof buildProgram> | undefined;
  const ctx = createContext(io, new AbortController().signal, () => program!);
  program = buildProgram(ctx);
  return buildCompletionSpec(program, ['bash', 'zsh', 'fish']);
}

const byPath = (path: string) => specs().find((s) => s.path === path)!;

describe('completion spec (read from the commander tree)', () => {
  it('has every command and subcommand, aliases included, no hidden ones', () => {
    expect(byPath('').subcommands).toEqual(expect.arrayContaining(['topic', 'produce', 'tail', 'copy', 'lag', 'group', 'completion', 'profile']));
    expect(byPath('').subcommands).not.toContain('__complete-refresh');
    expect(byPath('topic').subcommands).toEqual(expect.arrayContaining(['create', 'list', 'ls', 'describe', 'diff']));
    expect(byPath('topic ls').flags).toEqual(byPath('topic list').flags);
  });
  it('knows flags with values, fixed choices and live names', () => {
    const tail = byPath('tail');
    expect(tail.flags).toEqual(expect.arrayContaining(['--from', '-n', '--json-values', '--regex', '--brokers', '-b', '--help']));
    expect(tail.valueFlags).toContain('--from');
    expect(tail.valueFlags).not.toContain('--json-values');
    expect(tail.choices['-o']).toEqual(['text', 'value', 'json']);
    expect(tail.choices['--from']).toEqual(['beginning', 'end']);
    expect(tail.choices['--sasl-mechanism']).toEqual(expect.arrayContaining(['plain', 'scram-sha-256']));
    expect(tail.live['--group']).toBe('groups');
    expect(tail.live['--profile']).toBe('profiles');
    expect(tail.positional).toBe('topics');
    expect(byPath('lag').choices['--output']).toEqual(['table', 'json', 'prometheus']);
    expect(byPath('lag').positional).toBe('groups');
    expect(byPath('copy').live['--to-profile']).toBe('profiles');
    expect(byPath('completion').positional).toEqual(['bash', 'zsh', 'fish']);
    expect(byPath('produce').choices['--acks']).toEqual(['all', '1', '0']);
  });
  it('top and broker log-dirs: their flags, live topic and group names', () => {
    expect(byPath('').subcommands).toContain('top');
    const top = byPath('top');
    expect(top.flags).toEqual(expect.arrayContaining(['--group', '-g', '--topic', '-t', '--regex', '--internal', '--interval', '-i']));
    expect(top.valueFlags).toEqual(expect.arrayContaining(['--group', '--topic', '--regex', '--interval']));
    expect(top.valueFlags).not.toContain('--internal');
    expect(top.live['--topic']).toBe('topics');
    expect(top.live['--group']).toBe('groups');
    expect(top.live['-t']).toBe('topics');
    expect(byPath('broker').subcommands).toEqual(expect.arrayContaining(['config', 'log-dirs']));
    expect(byPath('broker log-dirs').live['--topic']).toBe('topics');
    expect(byPath('broker log-dirs').choices['-o']).toEqual(['table', 'json']);
  });
  it('renders scripts that register the completion for each shell', () => {
    const s = specs();
    expect(renderBashCompletion(s)).toMatch(/\ncomplete -F _kafka_cli kafka-cli\n$/);
    expect(renderZshCompletion(s)).toMatch(/^#compdef kafka-cli\n/);
    expect(renderFishCompletion(s)).toContain(`complete -c kafka-cli -f -n "__kafka_cli_path_is 'topic'" -a 'describe'`);
  });
});
