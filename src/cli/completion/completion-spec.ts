/**
 * What shell completion knows, read from the commander tree itself (so it cannot drift from --help): each
 * command path's subcommands, flags, which flags take a value, fixed value choices, and where live names
 * (topics, groups, profiles) go. The generated scripts embed this, so a TAB runs no Node at all.
 */
import type { Command, Option } from 'commander';

import type { CommandSpec, LiveKind } from '../../core/command-spec.js';

export type { CommandSpec, LiveKind } from '../../core/command-spec.js';

/** Live names a command's positional arguments take, by command path. */
const POSITIONAL: Record<string, LiveKind> = {
  tail: 'topics',
  consume: 'topics',
  produce: 'topics',
  copy: 'topics',
  'topic describe': 'topics',
  'topic delete': 'topics',
  'topic config': 'topics',
  'topic add-partitions': 'topics',
  lag: 'groups',
  'group describe': 'groups',
  'group lag': 'groups',
  'group delete': 'groups',
  'group reset-offsets': 'groups',
  'group delete-offsets': 'groups',
  'profile use': 'profiles',
  'profile show': 'profiles',
  'profile remove': 'profiles',
};

const LIVE_FLAGS: Record<string, LiveKind> = {
  '--topic': 'topics',
  '--group': 'groups',
  '--profile': 'profiles',
  '--to-profile': 'profiles',
};

/** Values of flags whose choices are not declared to commander. */
const FIXED: Record<string, string[]> = {
  '--acks': ['all', '1', '0'],
  '--compression': ['none', 'gzip', 'snappy', 'lz4', 'zstd'],
  '--input': ['line', 'json'],
  '--on-invalid': ['stop', 'skip'],
  '--from': ['beginning', 'end'],
  // local start --nodes runs a controller (node 0) and at most five brokers.
  '--node': ['0', '1', '2', '3', '4', '5'],
};

function spellings(o: Option): string[] {
  return [o.long, o.short].filter((s): s is string => typeof s === 'string');
}

function visible(c: Command): boolean {
  return !c.name().startsWith('__') && c.name() !== 'help' && !(c as unknown as { _hidden?: boolean })._hidden;
}

function optionSpec(options: readonly Option[]): Pick<CommandSpec, 'flags' | 'valueFlags' | 'choices' | 'live'> {
  const out: Pick<CommandSpec, 'flags' | 'valueFlags' | 'choices' | 'live'> = { flags: [], valueFlags: [], choices: {}, live: {} };
  for (const o of options) {
    if (o.hidden) continue;
    const names = spellings(o);
    out.flags.push(...names);
    if (!(o.required || o.optional)) continue;
    out.valueFlags.push(...names);
    const values = o.argChoices ?? FIXED[o.long ?? ''];
    const live = LIVE_FLAGS[o.long ?? ''];
    for (const n of names) {
      if (values?.length) out.choices[n] = [...values];
      if (live) out.live[n] = live;
    }
  }
  return out;
}

export function buildCompletionSpec(program: Command, shells: string[]): CommandSpec[] {
  const global = optionSpec(program.options);
  const out: CommandSpec[] = [];
  const walk = (cmd: Command, path: string) => {
    const own = path === '' ? { flags: [], valueFlags: [], choices: {}, live: {} } : optionSpec(cmd.options);
    const subs = cmd.commands.filter(visible);
    const names = subs.flatMap((s) => [s.name(), ...s.aliases()]);
    const spec: CommandSpec = {
      path,
      subcommands: names,
      flags: [...own.flags, ...global.flags, '--help'],
      valueFlags: [...own.valueFlags, ...global.valueFlags],
      choices: { ...global.choices, ...own.choices },
      live: { ...global.live, ...own.live },
      positional: path === 'completion' ? shells : POSITIONAL[path],
    };
    out.push(spec);
    for (const s of subs) {
      const p = path ? `${path} ${s.name()}` : s.name();
      walk(s, p);
      // An alias completes as its command does.
      for (const a of s.aliases()) {
        const aliasPath = path ? `${path} ${a}` : a;
        for (const x of out.filter((y) => y.path === p || y.path.startsWith(p + ' '))) out.push({ ...x, path: aliasPath + x.path.slice(p.length), positional: x.positional ?? POSITIONAL[aliasPath] });
      }
    }
  };
  walk(program, '');
  return out;
}
