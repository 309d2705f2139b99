/** printView: the one way commands print a view in the -o format asked for. */
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import type { IO } from '../../src/core/io.js';
import { asJson, note, printView } from '../../src/cli/view.js';

function fakeIO(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const stream = (into: string[]) => ({ write: (s: string) => (into.push(s), true), isTTY: false });
  const io = { stdout: stream(out), stderr: stream(err), stdin: new PassThrough(), env, cwd: '/' } as unknown as IO;
  return { io, out, err };
}

const VIEW = {
  json: asJson((rows: number[]) => ({ rows, big: 2n ** 64n })),
  table: (rows: number[], c: import('chalk').ChalkInstance) => (rows.length ? c.bold(rows.join(' ')) + '\n' : note('no rows\n')),
};

describe('printView', () => {
  it('json: the document through renderJson (2-space indent, exact bigints, newline) on stdout', async () => {
    const { io, out, err } = fakeIO();
    await printView(io, 'json', [1, 2], VIEW);
    expect(out).toEqual(['{\n  "rows": [\n    1,\n    2\n  ],\n  "big": 18446744073709551616\n}\n']);
    expect(err).toEqual([]);
  });

  it('table: colours for stdout (none on a pipe, some with FORCE_COLOR)', async () => {
    const plain = fakeIO();
    await printView(plain.io, 'table', [1, 2], VIEW);
    expect(plain.out).toEqual(['1 2\n']);
    const forced = fakeIO({ FORCE_COLOR: '1' });
    await printView(forced.io, 'table', [1, 2], VIEW);
    expect(forced.out).toEqual(['\u001b[1m1 2\u001b[22m\n']);
  });

  it('a note goes to stderr in place of the view; an empty text writes nothing', async () => {
    const { io, out, err } = fakeIO();
    await printView(io, 'table', [], VIEW);
    expect([out, err]).toEqual([[], ['no rows\n']]);
    await printView(io, 'table', [], { table: () => '' });
    expect([out, err]).toEqual([[], ['no rows\n']]);
  });

  it('an async renderer (a lazily imported format) is awaited', async () => {
    const { io, out } = fakeIO();
    await printView(io, 'prometheus', 'x', { prometheus: async (d: string) => `metric ${d}\n` });
    expect(out).toEqual(['metric x\n']);
  });
});
