import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UsageError } from '../../src/core/errors.js';
import { parseInput, parseLine, splitLines, unescapeSeparator, LineTooLong, type InputItem, type InputOptions } from '../../src/cli/input/produce-input.js';

async function* chunks(parts: Array<Buffer | string>): AsyncGenerator<Buffer | string> {
  for (const p of parts) yield p;
}

async function lines(parts: Array<Buffer | string>, delim = '\n'): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of splitLines(chunks(parts), Buffer.from(delim))) for (const l of batch) out.push(l.toString('utf8'));
  return out;
}

async function items(text: string | Array<string | Buffer>, opts: Partial<InputOptions> = {}): Promise<InputItem[]> {
  const o: InputOptions = { mode: 'line', delimiter: Buffer.from('\n'), ...opts };
  const out: InputItem[] = [];
  for await (const batch of parseInput(chunks(Array.isArray(text) ? text : [text]), o)) out.push(...batch);
  return out;
}

const str = (b: Buffer | null | undefined) => (b === null || b === undefined ? b : b.toString('utf8'));

describe('splitLines', () => {
  it('splits at the delimiter; a trailing delimiter adds no empty line, inner empty lines stay', async () => {
    expect(await lines(['a\nb\n'])).toEqual(['a', 'b']);
    expect(await lines(['a\n\nb'])).toEqual(['a', '', 'b']);
    expect(await lines(['', 'x'])).toEqual(['x']);
    expect(await lines([])).toEqual([]);
  });

  it('joins lines across chunks, also for delimiters that straddle a chunk boundary', async () => {
    expect(await lines(['ab', 'c\nd', 'e'])).toEqual(['abc', 'de']);
    expect(await lines(['a|', '|b||', 'c|', '|'], '||')).toEqual(['a', 'b', 'c']);
    expect(await lines(['a', '|', '|', 'b'], '||')).toEqual(['a', 'b']);
  });

  it('equals a plain split for any chunking (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', 'b', '|', '\n', 'é'), { maxLength: 60 }).map((a) => a.join('')),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }),
        fc.constantFrom('\n', '||', '|\n|'),
        async (text, cuts, delim) => {
          const bytes = Buffer.from(text);
          const parts: Buffer[] = [];
          let i = 0;
          for (let k = 0; i < bytes.length; k++) {
            const n = cuts[k % cuts.length]!;
            parts.push(bytes.subarray(i, i + n));
            i += n;
          }
          const expected = text.split(delim);
          if (expected[expected.length - 1] === '') expected.pop();
          expect(await lines(parts, delim)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a line longer than the limit instead of holding it', async () => {
    const gen = splitLines(chunks(['x'.repeat(10), 'y'.repeat(10)]), Buffer.from('\n'), 15);
    await expect(async () => {
      for await (const _ of gen) void _;
    }).rejects.toThrow(LineTooLong);
  });
});

describe('parseInput: line mode', () => {
  it('one message per line with null keys and 1-based line numbers', async () => {
    const r = await items('a\nb\n');
    expect(r.map((i) => [i.line, str(i.record!.key), str(i.record!.value)])).toEqual([
      [1, null, 'a'],
      [2, null, 'b'],
    ]);
  });

  it('-K splits at the first separator; a line without it is an error naming the line', async () => {
    const r = await items('k1:v:1\nnokey\nk3:\n', { keySeparator: Buffer.from(':') });
    expect(str(r[0]!.record!.key)).toBe('k1');
    expect(str(r[0]!.record!.value)).toBe('v:1');
    expect(r[1]!.record).toBeNull();
    expect(r[1]!.error).toMatch(/^line 2: no key separator ":"/);
    expect(str(r[2]!.record!.key)).toBe('k3');
    expect(str(r[2]!.record!.value)).toBe('');
  });

  it('--allow-missing-key sends such lines with a null key', async () => {
    const r = await items('nokey\n', { keySeparator: Buffer.from(':'), allowMissingKey: true });
    expect(r[0]!.record!.key).toBeNull();
    expect(str(r[0]!.record!.value)).toBe('nokey');
  });

  it('fixed key, headers and partition apply to every line', async () => {
    const headers = [{ key: 'h', value: Buffer.from('v') }];
    const r = await items('a\nb', { fixedKey: Buffer.from('K'), headers, partition: 3 });
    for (const i of r) {
      expect(str(i.record!.key)).toBe('K');
      expect(i.record!.headers).toEqual(headers);
      expect(i.record!.partition).toBe(3);
    }
  });

  it('custom delimiter', async () => {
    const r = await items('a\0b\0', { delimiter: Buffer.from([0]) });
    expect(r.map((i) => str(i.record!.value))).toEqual(['a', 'b']);
  });
});

describe('parseInput: JSON mode', () => {
  it('reads envelopes, skips blank lines but counts them, reports bad lines by number', async () => {
    const text = ['{"key":"k","value":"/w==","valueEncoding":"base64","headers":[{"key":"a","value":"1"},{"key":"a","value":null}]}', '', '{bad', '{"value":"x","valueEncoding":"base64"}', '{"key":null,"value":null,"partition":2}'].join('\n');
    const r = await items(text, { mode: 'json', headers: [{ key: 'extra', value: Buffer.from('e') }] });
    expect(r.map((i) => i.line)).toEqual([1, 3, 4, 5]);
    expect(r[0]!.record!.value).toEqual(Buffer.from([0xff]));
    expect(r[0]!.record!.headers.map((h) => [h.key, str(h.value)])).toEqual([
      ['a', '1'],
      ['a', null],
      ['extra', 'e'],
    ]);
    expect(r[1]!.error).toMatch(/^line 3: invalid JSON/);
    expect(r[2]!.error).toMatch(/^line 4: "value" is not valid base64/);
    expect(r[3]!.record).toMatchObject({ key: null, value: null, partition: 2 });
  });

  it('-p overrides the envelope partition', async () => {
    const r = await items('{"value":"x","partition":2}', { mode: 'json', partition: 0 });
    expect(r[0]!.record!.partition).toBe(0);
  });
});

describe('unescapeSeparator', () => {
  it('understands \\n \\t \\0 \\xHH and keeps other text', () => {
    expect(unescapeSeparator('\\n')).toEqual(Buffer.from('\n'));
    expect(unescapeSeparator('\\t')).toEqual(Buffer.from('\t'));
    expect(unescapeSeparator('\\0')).toEqual(Buffer.from([0]));
    expect(unescapeSeparator('\\x1f')).toEqual(Buffer.from([0x1f]));
    expect(unescapeSeparator('::')).toEqual(Buffer.from('::'));
    expect(unescapeSeparator('\\\\')).toEqual(Buffer.from('\\'));
    expect(unescapeSeparator('a\\\\b')).toEqual(Buffer.from('a\\b'));
    expect(unescapeSeparator('→')).toEqual(Buffer.from('→'));
  });
  it('refuses what it does not understand (exit 2), naming the flag: never taken literally', () => {
    const refused = (text: string, flag?: string) => {
      try {
        unescapeSeparator(text, flag);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      throw new Error(`accepted ${text}`);
    };
    const escapes = '(escapes: \\n \\r \\t \\0 \\\\ \\xHH; a backslash itself is \\\\)';
    expect(refused('\\xZZ')).toBe(`invalid --delimiter '\\xZZ': \\xZZ is not \\x and two hex digits ${escapes}`);
    expect(refused('\\x1')).toBe(`invalid --delimiter '\\x1': \\x1 is not \\x and two hex digits ${escapes}`);
    expect(refused('\\q', '-K/--key-separator')).toBe(`invalid -K/--key-separator '\\q': unknown escape \\q ${escapes}`);
    expect(refused(':\\')).toBe(`invalid --delimiter ':\\': it ends in a lone backslash ${escapes}`);
  });
});

describe('parseInput: the one-pass line mode (one-byte delimiter and separator)', () => {
  /** The general path: split into lines, then parse each line. */
  async function reference(parts: Buffer[], o: InputOptions): Promise<InputItem[]> {
    const out: InputItem[] = [];
    let line = 0;
    for await (const batch of splitLines(chunks(parts), o.delimiter)) for (const l of batch) out.push(parseLine(l, ++line, o));
    return out;
  }
  const view = (r: InputItem[]) => r.map((i) => [i.line, i.error ?? null, i.record ? [str(i.record.key), str(i.record.value), i.record.partition] : null]);

  it('gives the same items as split + parse for any text, chunking and options (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', 'b', ':', '\n', 'é', '\t'), { maxLength: 80 }).map((a) => a.join('')),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 20 }),
        fc.constantFrom('\n', '\t'),
        fc.constantFrom(undefined, ':', 'é'.slice(0, 1)),
        fc.boolean(),
        fc.constantFrom(undefined, 3),
        async (text, cuts, delim, sep, allowMissingKey, partition) => {
          const bytes = Buffer.from(text);
          const parts: Buffer[] = [];
          for (let i = 0, k = 0; i < bytes.length; k++) {
            const n = cuts[k % cuts.length]!;
            parts.push(bytes.subarray(i, i + n));
            i += n;
          }
          const keySeparator = sep === undefined || sep === 'é' ? (sep === undefined ? undefined : Buffer.from([0xc3])) : Buffer.from(sep);
          const o: InputOptions = { mode: 'line', delimiter: Buffer.from(delim), keySeparator, allowMissingKey: keySeparator ? allowMissingKey : undefined, partition };
          const fast: InputItem[] = [];
          for await (const batch of parseInput(chunks(parts), o)) fast.push(...batch);
          expect(view(fast)).toEqual(view(await reference(parts, o)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses a line longer than the limit, also when it spans chunks', async () => {
    const o: InputOptions = { mode: 'line', delimiter: Buffer.from('\n'), keySeparator: Buffer.from(':'), maxLineBytes: 15 };
    await expect(async () => {
      for await (const _ of parseInput(chunks(['ok:1\n' + 'x'.repeat(10), 'y'.repeat(10)]), o)) void _;
    }).rejects.toThrow(/line 2: longer than 15 bytes/);
  });
});
