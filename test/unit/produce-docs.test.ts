import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { unescapeSeparator } from '../../src/cli/input/produce-input.js';

/** A page of docs/ (the README's sections moved there, one page per area). */
function docsPage(name: string): string {
  return readFileSync(join(ROOT, 'docs', name), 'utf8');
}

const longFlags = (help: string) => [...new Set([...help.matchAll(/^\s+(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!))].filter((f) => f !== '--help');

describe('produce docs agree with the code', () => {
  it('every produce flag has a row in a table of docs/producing.md', async () => {
    for (const [command, page] of [['produce', 'producing.md']] as const) {
      const help = (await runCli([command, '--help'])).stdout;
      const flags = longFlags(help);
      expect(flags.length).toBeGreaterThan(10);
      const rows = docsPage(page)
        .split('\n')
        .filter((l) => l.startsWith('| `'))
        .map((l) => l.split(' | ')[0]!);
      expect(flags.filter((f) => !rows.some((r) => r.includes(`\`${f}`) || r.includes(`, ${f}`))), `${command} flags missing from docs/${page}`).toEqual([]);
    }
  });

  it('--delimiter escapes: help and docs/producing.md list the same ones, and each decodes to one byte', async () => {
    const help = (await runCli(['produce', '--help'])).stdout.replace(/\s+/g, ' ');
    const inHelp = /--delimiter .*?\(escapes: ([^);]*)/.exec(help)?.[1]?.trim().split(' ');
    const inReadme = /`--delimiter <str>` \|.*?escapes `([^`]*)`/.exec(docsPage('producing.md'))?.[1]?.split(' ');
    expect(inHelp).toBeDefined();
    expect(inReadme).toBeDefined();
    expect(inHelp).toEqual(inReadme);
    for (const e of inHelp!) expect(unescapeSeparator(e.replace('HH', '41')), e).toHaveLength(1);
    expect(inHelp!.sort()).toEqual(['\\0', '\\\\', '\\n', '\\r', '\\t', '\\xHH'].sort());
  });
});
