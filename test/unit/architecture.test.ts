/**
 * The rooms of ARCHITECTURE.md and CONTRIBUTING.md, checked on the import statements of src/**\/*.ts (a plain
 * regex, no parser): no import cycles, no import that runs up a floor (FLOORS), only src/kafka/protocol touches
 * kafkajs's private modules, and no folder holds more than 15 files. And no function is longer than 80 lines
 * (read with the TypeScript parser).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const SRC = join(ROOT, 'src');

interface Import {
  /** What the file wrote: './topics.js', 'kafkajs', 'kafkajs/src/protocol/error'. */
  specifier: string;
  /** The src file it names (relative to src/, .ts), for relative specifiers. */
  target?: string;
  line: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

// import x from '...', import type {...} from '...', export {...} from '...', import '...', import('...'), require('...'), require.resolve(`...`)
const IMPORT = /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?|\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s+from\s+|\bimport\s*\(\s*|\brequire(?:\.resolve)?\s*\(\s*)(['"`])([^'"`$]+)/g;

/** Every import of one file's text; `file` relative to src/. */
export function importsOf(file: string, text: string): Import[] {
  // Comments may quote paths (kafkajs/src/... in an explanation): blank them, keeping line numbers.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/[^\n]*/g, '$1');
  const out: Import[] = [];
  for (const m of code.matchAll(IMPORT)) {
    const specifier = m[2]!;
    const line = code.slice(0, m.index).split('\n').length;
    const target = specifier.startsWith('.') ? relative(SRC, resolve(dirname(join(SRC, file)), specifier)).replace(/\.js$/, '.ts') : undefined;
    out.push({ specifier, target, line });
  }
  return out;
}

export function loadGraph(files: Record<string, string>): Map<string, Import[]> {
  return new Map(Object.entries(files).map(([f, text]) => [f, importsOf(f, text)]));
}

/** The import cycles of the graph, each as the files around it (first file repeated at the end). */
export function cycles(graph: Map<string, Import[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const { target } of graph.get(f) ?? []) {
      if (!target || !graph.has(target)) continue;
      if (state.get(target) === 'open') found.push([...stack.slice(stack.indexOf(target)), target]);
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of [...graph.keys()].sort()) if (!state.has(f)) visit(f);
  return found;
}

/**
 * The floors of src/, bottom first. A file imports only its own room or rooms on lower floors: src/core (errors
 * with exit codes, IO, parsers, shared types) imports nothing of the project; nothing below src/cli imports the
 * command line; only src/program.ts and src/main.ts see every command.
 */
export const FLOORS: readonly string[][] = [
  ['core'],
  ['kafka/protocol'],
  ['kafka/client'],
  ['kafka/produce', 'kafka/consume', 'kafka/groups', 'kafka/admin'],
  ['schema', 'local'],
  ['config'],
  ['format'],
  ['cli'],
  ['commands'],
  ['program.ts'],
  ['main.ts'],
];

/** The room of a src file: its folder under src/ (two levels for src/kafka), or the file itself at the top. */
export function roomOf(file: string): string {
  const parts = file.split('/');
  if (parts.length === 1) return file;
  return parts[0] === 'kafka' && parts.length > 2 ? `kafka/${parts[1]}` : parts[0]!;
}

function floorOf(room: string): number {
  const i = FLOORS.findIndex((rooms) => rooms.includes(room));
  return i < 0 ? Number.POSITIVE_INFINITY : i;
}

/** Imports that break the rooms: one that runs up a floor, kafkajs internals outside the protocol room. */
export function violations(graph: Map<string, Import[]>): string[] {
  const out: string[] = [];
  for (const [f, imports] of graph) {
    const from = roomOf(f);
    if (!Number.isFinite(floorOf(from))) out.push(`src/${f}: room '${from}' is on no floor (add it to FLOORS)`);
    for (const i of imports) {
      const where = `src/${f}:${i.line} imports '${i.specifier}'`;
      if (i.target) {
        const to = roomOf(i.target);
        if (to !== from && floorOf(to) > floorOf(from)) out.push(`${where}: ${from} may not import ${to} (a floor up)`);
      }
      if (/^kafkajs\/src(\/|$)/.test(i.specifier) && !f.startsWith('kafka/protocol/')) out.push(`${where}: only src/kafka/protocol touches kafkajs internals`);
    }
  }
  return out;
}

/** Folders of src/ with more than `max` files: one job per folder, and a name that says it. */
export function crowdedFolders(files: string[], max = 15): string[] {
  const count = new Map<string, number>();
  for (const f of files) count.set(dirname(f), (count.get(dirname(f)) ?? 0) + 1);
  return [...count].filter(([, n]) => n > max).map(([d, n]) => `src/${d}: ${n} files (at most ${max})`);
}

export interface FunctionLength {
  /** `src/...ts:line name`; an unnamed function is named after where it is given (`(callback of action)`). */
  where: string;
  file: string;
  name: string;
  /** Its lines, less those wholly inside the text of a template string (a generated shell script is data). */
  lines: number;
  /** The names of the functions it sits in, outermost first. */
  within: string[];
}

function functionName(n: ts.SignatureDeclaration, sf: ts.SourceFile): string {
  if (n.name) return n.name.getText(sf);
  const p = n.parent;
  if ((ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) && p.name) return p.name.getText(sf);
  if (ts.isBinaryExpression(p)) return p.left.getText(sf).split('.').pop()!;
  if (ts.isCallExpression(p)) return `(callback of ${p.expression.getText(sf).split('.').pop()})`;
  return '(anonymous)';
}

/** Every function (declaration, method, arrow, function expression) of one file's text, with its length. */
export function functionLengths(file: string, text: string): FunctionLength[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const line = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line;
  // Lines wholly inside a template string's text: between the first and last line of one of its pieces.
  const dataLines = new Set<number>();
  const out: FunctionLength[] = [];
  const visit = (n: ts.Node, within: string[]) => {
    if (ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      for (let l = line(n.getStart(sf)) + 1; l < line(n.end); l++) dataLines.add(l);
    }
    let inner = within;
    if (ts.isFunctionLike(n) && 'body' in n && n.body) {
      const name = functionName(n, sf);
      const from = line(n.getStart(sf));
      out.push({ where: `src/${file}:${from + 1} ${name}`, file, name, lines: line(n.end) - from + 1, within });
      inner = [...within, name];
    }
    ts.forEachChild(n, (c) => visit(c, inner));
  };
  visit(sf, []);
  // Template pieces are visited inside their function, so count the data lines once every piece is known.
  for (const f of out) {
    const from = Number(f.where.split(':')[1]!.split(' ')[0]) - 1;
    let data = 0;
    for (let l = from; l < from + f.lines; l++) if (dataLines.has(l)) data++;
    f.lines -= data;
  }
  return out;
}

/**
 * Functions that may be longer than 80 lines, as `file name` (src/ relative); a function inside one of these is
 * covered by it. Empty since every long function was split: split a long function, never add it here.
 */
export const LONG_FUNCTIONS_ALLOWED: readonly string[] = [];

/** Functions longer than `max` lines that neither are nor sit in an allowed one, longest first. */
export function longFunctions(fns: FunctionLength[], max = 80, allowed: readonly string[] = LONG_FUNCTIONS_ALLOWED): string[] {
  const ok = (f: FunctionLength) => [f.name, ...f.within].some((n) => allowed.includes(`${f.file} ${n}`));
  return fns
    .filter((f) => f.lines > max && !ok(f))
    .sort((a, b) => b.lines - a.lines)
    .map((f) => `${f.where}: ${f.lines} lines (at most ${max})`);
}

function srcGraph(): Map<string, Import[]> {
  return loadGraph(Object.fromEntries(sourceFiles(SRC).map((p) => [relative(SRC, p), readFileSync(p, 'utf8')])));
}

describe('architecture: the rooms of src/', () => {
  const graph = srcGraph();

  it('reads the imports of every source file', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('main.ts')!.length).toBeGreaterThan(2);
    // Static, type-only, dynamic and require'd imports are all seen.
    const specs = (f: string) => graph.get(f)!.map((i) => i.target ?? i.specifier);
    expect(specs('kafka/consume/consume.ts')).toContain('kafka/consume/consume-group.ts');
    expect(specs('kafka/admin/topics.ts')).toContain('kafka/admin/configs.ts');
    expect(specs('kafka/protocol/kafkajs.ts')).toContain('kafkajs/src/protocol/error');
  });

  it('has no import cycle', () => {
    expect(cycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('no import runs up a floor, and only the protocol room touches kafkajs internals', () => {
    expect(violations(graph)).toEqual([]);
  });

  it('no folder holds more than 15 files', () => {
    expect(crowdedFolders([...graph.keys()])).toEqual([]);
  });

  it('no function in src is longer than 80 lines', () => {
    const fns = sourceFiles(SRC).flatMap((p) => functionLengths(relative(SRC, p), readFileSync(p, 'utf8')));
    expect(fns.length).toBeGreaterThan(500);
    expect(longFunctions(fns)).toEqual([]);
    // Every allowed entry still names a long function: once it is split, take it off the list.
    for (const entry of LONG_FUNCTIONS_ALLOWED) {
      expect(fns.some((f) => `${f.file} ${f.name}` === entry && f.lines > 80), `${entry} is no longer long: remove it from LONG_FUNCTIONS_ALLOWED`).toBe(true);
    }
  });
});

describe('architecture checks catch what they are for', () => {
  it('a cycle through a dynamic import, and a type-only one', () => {
    const g = loadGraph({
      'kafka/a.ts': "import { b } from './b.js';",
      'kafka/b.ts': "export async function b() { return import('./c.js'); }",
      'kafka/c.ts': "import type { A } from './a.js';",
      'kafka/d.ts': "import { a } from './a.js';",
    });
    expect(cycles(g)).toEqual([['kafka/a.ts', 'kafka/b.ts', 'kafka/c.ts', 'kafka/a.ts']]);
  });

  it('imports that run up a floor, rooms on no floor, and kafkajs internals outside src/kafka/protocol', () => {
    const g = loadGraph({
      'kafka/admin/topics.ts': "import { UsageError } from '../../cli/errors.js';\nimport kafkajs from 'kafkajs';",
      'schema/serde.ts': "import type { X } from '../format/output.js';",
      'core/errors.ts': "import { x } from '../config/connection.js';",
      'kafka/client/client.ts': "import { produce } from '../produce/produce.js';",
      'kafka/produce/x.ts': "const e = require('kafkajs/src/protocol/error');\nimport { c } from '../client/client.js';",
      'kafka/protocol/y.ts': "const e = require('kafkajs/src/protocol/error'); // fine here",
      'commands/tail.ts': "import { renderTable } from '../format/output.js';",
      'cli/program2.ts': "import { r } from '../commands/index.js';",
      'kafka/z.ts': '/* kafkajs/src/... in a comment */ // require(\'kafkajs/src/x\')',
      'stray/a.ts': '',
    });
    expect(violations(g)).toEqual([
      "src/kafka/admin/topics.ts:1 imports '../../cli/errors.js': kafka/admin may not import cli (a floor up)",
      "src/schema/serde.ts:1 imports '../format/output.js': schema may not import format (a floor up)",
      "src/core/errors.ts:1 imports '../config/connection.js': core may not import config (a floor up)",
      "src/kafka/client/client.ts:1 imports '../produce/produce.js': kafka/client may not import kafka/produce (a floor up)",
      "src/kafka/produce/x.ts:1 imports 'kafkajs/src/protocol/error': only src/kafka/protocol touches kafkajs internals",
      "src/cli/program2.ts:1 imports '../commands/index.js': cli may not import commands (a floor up)",
      "src/kafka/z.ts: room 'kafka' is on no floor (add it to FLOORS)",
      "src/stray/a.ts: room 'stray' is on no floor (add it to FLOORS)",
    ]);
  });

  it('a folder of 16 files is crowded, 15 is not', () => {
    const files = [...Array.from({ length: 16 }, (_, i) => `kafka/admin/f${i}.ts`), ...Array.from({ length: 15 }, (_, i) => `format/f${i}.ts`)];
    expect(crowdedFolders(files)).toEqual(['src/kafka/admin: 16 files (at most 15)']);
  });

  it('a function of 81 lines is long, 80 is not; nested, method and arrow functions count; template text does not', () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `  x += ${i};`).join('\n');
    const text = [
      `export function long(): void {\n${body(79)}\n}`, // 81 lines
      `function fits(): void {\n${body(78)}\n}`, // 80 lines
      `const arrow = async (a: number): Promise<void> => {\n  const inner = () => {\n${body(80)}\n  };\n};`,
      `class C {\n  method(): string {\n    return \`\n${body(100)}\n\`;\n  }\n}`,
      `register('x', () => {\n${body(81)}\n});`,
    ].join('\n');
    const fns = functionLengths('kafka/x.ts', text);
    expect(longFunctions(fns, 80, [])).toEqual([
      'src/kafka/x.ts:162 arrow: 84 lines (at most 80)',
      'src/kafka/x.ts:352 (callback of register): 83 lines (at most 80)',
      'src/kafka/x.ts:163 inner: 82 lines (at most 80)',
      'src/kafka/x.ts:1 long: 81 lines (at most 80)',
    ]);
    // The method's 100 lines of template text are data: 4 lines of code.
    expect(fns.find((f) => f.name === 'method')!.lines).toBe(4);
    // An allowed function covers the functions inside it.
    expect(longFunctions(fns, 80, ['kafka/x.ts arrow', 'kafka/x.ts long'])).toEqual(['src/kafka/x.ts:352 (callback of register): 83 lines (at most 80)']);
  });
});
