/** The one -o flag: every command declares it with outputOption(), so it parses, validates and reads the same everywhere. */
import { describe, expect, it } from 'vitest';
import { Command, type Option } from 'commander';
import { docsProgram } from '../helpers/docs.js';
import { UsageError } from '../../src/core/errors.js';
import { LAG_FORMATS, outputOption, parseOutput, TABLE_JSON, TAIL_FORMATS } from '../../src/cli/output-option.js';

const program = docsProgram;

function* walk(c: Command, path: string[] = []): Generator<[string, Command]> {
  yield [path.join(' '), c];
  for (const sub of c.commands) yield* walk(sub, [...path, sub.name()]);
}

describe('parseOutput', () => {
  it('takes any case and names the formats in one usage line', () => {
    expect(parseOutput('JSON', TABLE_JSON)).toBe('json');
    expect(parseOutput('prometheus', LAG_FORMATS)).toBe('prometheus');
    expect(() => parseOutput('yaml', TABLE_JSON)).toThrow(new UsageError("invalid --output 'yaml': expected table or json"));
    expect(() => parseOutput('xml', LAG_FORMATS)).toThrow("invalid --output 'xml': expected table, json or prometheus");
    expect(() => parseOutput('table', TAIL_FORMATS)).toThrow("invalid --output 'table': expected text, value or json");
  });
});

describe('outputOption', () => {
  it('parses -o on a command: default, any case, and a usage error for an unknown format', async () => {
    const run = async (argv: string[]) => {
      let got: unknown;
      const c = new Command().exitOverride().addOption(outputOption(TABLE_JSON, 'table')).action((o: { output: unknown }) => void (got = o.output));
      await c.parseAsync(argv, { from: 'user' });
      return got;
    };
    expect(await run([])).toBe('table');
    expect(await run(['-o', 'JSON'])).toBe('json');
    expect(await run(['--output=json'])).toBe('json');
    await expect(run(['-o', 'yaml'])).rejects.toThrow(new UsageError("invalid --output 'yaml': expected table or json"));
  });

  it('every command that has -o declares it with outputOption (one help line, choices and default)', () => {
    const seen: string[] = [];
    for (const [path, cmd] of walk(program())) {
      const o = cmd.options.find((x: Option) => x.long === '--output');
      if (!o) continue;
      seen.push(path);
      expect(o.flags, path).toBe('-o, --output <format>');
      expect(o.description, path).toMatch(/^output format(, .+)?$/);
      expect(o.argChoices?.length, path).toBeGreaterThan(1);
      expect(o.argChoices, path).toContain(o.defaultValue);
      expect(cmd.createHelp().optionDescription(o), path).toMatch(/\(choices: "[a-z]+"(, "[a-z]+")+, default: "[a-z]+"\)$/);
      // The parser is outputOption's (case-insensitive, UsageError), not commander's choices() check.
      expect(o.parseArg?.('JSON', undefined), path).toBe('json');
    }
    expect(seen.length).toBeGreaterThanOrEqual(36);
    expect(seen).toEqual(expect.arrayContaining(['topic list', 'lag', 'tail', 'produce', 'copy', 'cluster elect-leaders']));
  });
});
