/**
 * The rooms of ARCHITECTURE.md, checked on the import statements of src/**\/*.ts (a plain regex, no parser):
 * no import cycles, core (src/kafka, src/schema) imports no command-line code, and only src/kafka/protocol
 * touches kafkajs's private modules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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

const CORE = ['kafka/', 'schema/'];
const NOT_FOR_CORE = ['cli/', 'format/', 'commands/'];

/** Imports that break the rooms: core importing the command line, kafkajs internals outside the protocol room. */
export function violations(graph: Map<string, Import[]>): string[] {
  const out: string[] = [];
  for (const [f, imports] of graph) {
    for (const i of imports) {
      const where = `src/${f}:${i.line} imports '${i.specifier}'`;
      if (CORE.some((c) => f.startsWith(c)) && i.target && NOT_FOR_CORE.some((n) => i.target!.startsWith(n))) out.push(`${where}: core does not import src/cli, src/format or src/commands`);
      if (/^kafkajs\/src(\/|$)/.test(i.specifier) && !f.startsWith('kafka/protocol/')) out.push(`${where}: only src/kafka/protocol touches kafkajs internals`);
    }
  }
  return out;
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
    expect(specs('kafka/consume.ts')).toContain('kafka/consume-group.ts');
    expect(specs('kafka/topics.ts')).toContain('kafka/configs.ts');
    expect(specs('kafka/protocol/kafkajs.ts')).toContain('kafkajs/src/protocol/error');
  });

  it('has no import cycle', () => {
    expect(cycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('core does not import the command line, and only the protocol room touches kafkajs internals', () => {
    expect(violations(graph)).toEqual([]);
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

  it('core importing src/cli or src/format, and kafkajs internals outside src/kafka/protocol', () => {
    const g = loadGraph({
      'kafka/topics.ts': "import { UsageError } from '../cli/errors.js';\nimport kafkajs from 'kafkajs';",
      'schema/serde.ts': "import type { X } from '../format/output.js';",
      'kafka/produce/x.ts': "const e = require('kafkajs/src/protocol/error');",
      'kafka/protocol/y.ts': "const e = require('kafkajs/src/protocol/error'); // fine here",
      'commands/tail.ts': "import { renderTable } from '../format/output.js';",
      'kafka/z.ts': '/* kafkajs/src/... in a comment */ // require(\'kafkajs/src/x\')',
    });
    expect(violations(g)).toEqual([
      "src/kafka/topics.ts:1 imports '../cli/errors.js': core does not import src/cli, src/format or src/commands",
      "src/schema/serde.ts:1 imports '../format/output.js': core does not import src/cli, src/format or src/commands",
      "src/kafka/produce/x.ts:1 imports 'kafkajs/src/protocol/error': only src/kafka/protocol touches kafkajs internals",
    ]);
  });
});
