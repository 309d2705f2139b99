/**
 * Property-based tests (fast-check) for the parsers that take user input: whatever the input, the only outcomes
 * are a value that makes sense or a typed usage error (exit 2) -- never another exception, a hang, or a silently
 * wrong value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { durationMs, parseDuration, parseInteger, parseIntArg, parseKeyValue, parsePartitionList, validateTopicName } from '../../src/core/parse.js';
import { parseStartSpec, parseStopSpec } from '../../src/cli/offset-spec.js';
import type { StartSpec, StopSpec } from '../../src/core/records.js';
import { envelopeLine } from '../../src/format/records/envelope.js';
import { fromEnvelopeLine } from '../../src/cli/input/envelope-input.js';
import { compileFormat } from '../../src/format/records/record-format.js';
import { convertConfigUnits } from '../../src/cli/config-values.js';
import { parseInput, splitLines, unescapeSeparator, type InputItem } from '../../src/cli/input/produce-input.js';
import type { ConsumedRecord } from '../../src/core/records.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const INT64_MAX = (1n << 63n) - 1n;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Runs `f`; a UsageError is an allowed outcome (returned as 'usage'), anything else thrown fails the property. */
function outcome<T>(f: () => T): T | 'usage' {
  try {
    return f();
  } catch (e) {
    if (e instanceof UsageError) {
      // Naming what was wrong (main prints it on one line, escaping any newline the user typed).
      expect(e.message.length).toBeGreaterThan(0);
      return 'usage';
    }
    throw e;
  }
}

/** Strings users might type: printable text, numbers with units, dates, signs, whitespace and garbage. */
const specLike = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.stringMatching(/^[+-]?\d{1,40}(\.\d{1,5})?(ms|s|m|h|d|w|x)?$/),
  fc.stringMatching(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/),
  fc.constantFrom('beginning', 'END', 'latest', 'oldest', ' 5 ', '-0', '+0', '1e5', '0x10', 'NaN', 'Infinity', '9'.repeat(400) + 'd'),
);

function checkStart(s: StartSpec): void {
  switch (s.kind) {
    case 'time':
      expect(Number.isFinite(s.ms)).toBe(true);
      expect(s.ms).toBeGreaterThanOrEqual(0);
      break;
    case 'offset':
      expect(s.offset >= 0n && s.offset <= INT64_MAX).toBe(true);
      break;
    case 'last':
    case 'afterBeginning':
      expect(s.count >= 0n && s.count <= INT64_MAX).toBe(true);
      break;
  }
}

function checkStop(s: StopSpec): void {
  if (s.kind === 'time') {
    expect(Number.isFinite(s.ms)).toBe(true);
    expect(s.ms).toBeGreaterThanOrEqual(0);
  } else expect(s.offset >= 0n && s.offset <= INT64_MAX).toBe(true);
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (y: number, m: number) => (m === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0) ? 29 : DAYS[m - 1]!);
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

describe('property: offset specs (--from, --until)', () => {
  it('any text is a sensible spec (finite times >= 0, offsets within int64) or a usage error', () => {
    fc.assert(
      fc.property(specLike, (text) => {
        const s = outcome(() => parseStartSpec(text, NOW));
        if (s !== 'usage') checkStart(s);
        const u = outcome(() => parseStopSpec(text, NOW));
        if (u !== 'usage') checkStop(u);
      }),
      { numRuns: 3000 },
    );
  });

  it('a decimal offset round-trips exactly (beyond 2^53), and +N / -N keep N', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: INT64_MAX }), (n) => {
        expect(parseStartSpec(String(n), NOW)).toEqual({ kind: 'offset', offset: n });
        expect(parseStartSpec(`-${n}`, NOW)).toEqual({ kind: 'last', count: n });
        expect(parseStartSpec(`+${n}`, NOW)).toEqual({ kind: 'afterBeginning', count: n });
        expect(parseStopSpec(String(n), NOW)).toEqual({ kind: 'offset', offset: n });
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: INT64_MAX + 1n, max: 1n << 200n }), (n) => {
        expect(outcome(() => parseStartSpec(String(n), NOW))).toBe('usage');
      }),
    );
  });

  it('a time ago is exactly that long before now', () => {
    const units = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.constantFrom(...(Object.keys(units) as Array<keyof typeof units>)), (n, unit) => {
        expect(parseStartSpec(`${n}${unit}`, NOW)).toEqual({ kind: 'time', ms: Math.max(0, NOW - n * units[unit]) });
      }),
    );
  });

  it('real calendar dates parse to that UTC instant; impossible ones (Feb 30, Apr 31, month 13) are usage errors', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1970, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (y, m, d, hh, mm) => {
        const text = `${pad(y, 4)}-${pad(m)}-${pad(d)}T${pad(hh)}:${pad(mm)}:00Z`;
        if (d <= daysIn(y, m)) expect(parseStartSpec(text, NOW)).toEqual({ kind: 'time', ms: Date.UTC(y, m - 1, d, hh, mm) });
        else expect(outcome(() => parseStartSpec(text, NOW))).toBe('usage');
      }),
      { numRuns: 2000 },
    );
    for (const bad of ['2026-02-30', '2026-02-29T10:00Z', '2026-04-31', '2026-13-01', '2026-00-10', '2026-11-00']) {
      expect(outcome(() => parseStartSpec(bad, NOW)), bad).toBe('usage');
      expect(outcome(() => parseStopSpec(bad, NOW)), bad).toBe('usage');
    }
    expect(parseStartSpec('2028-02-29', NOW)).toEqual({ kind: 'time', ms: Date.UTC(2028, 1, 29) });
  });

  it('a time before 1970 or absurdly long ago means "from the first message" (0), never a negative or infinite time', () => {
    expect(parseStartSpec('0001-01-01', NOW)).toEqual({ kind: 'time', ms: 0 });
    expect(parseStartSpec('99999999999w', NOW)).toEqual({ kind: 'time', ms: 0 });
    expect(parseStartSpec('9'.repeat(400) + 'd', NOW)).toEqual({ kind: 'time', ms: 0 });
    expect(parseStopSpec('9'.repeat(400) + 'd', NOW)).toEqual({ kind: 'time', ms: 0 });
  });
});

describe('property: durations (--timeout, --watch, --delivery-timeout, --transaction-timeout)', () => {
  it('any text is a whole number of ms a timer can wait (0 .. 2^31-1) or a usage error', () => {
    fc.assert(
      fc.property(specLike, (text) => {
        const ms = outcome(() => parseDuration(text, '--timeout'));
        if (ms !== 'usage') {
          expect(Number.isSafeInteger(ms)).toBe(true);
          expect(ms).toBeGreaterThanOrEqual(0);
          expect(ms).toBeLessThanOrEqual(MAX_TIMER_MS);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('n<unit> is n times the unit; too long for a timer is a usage error (not a timer that fires at once)', () => {
    const units = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(...(Object.keys(units) as Array<keyof typeof units>)), (n, unit) => {
        const want = n * units[unit];
        const got = outcome(() => parseDuration(`${n}${unit}`, '--watch'));
        expect(got).toBe(want <= MAX_TIMER_MS ? want : 'usage');
      }),
    );
    expect(outcome(() => parseDuration('99999999999999999999d', '--timeout'))).toBe('usage');
    expect(outcome(() => parseDuration('25d', '--watch'))).toBe('usage');
    expect(parseDuration('24d', '--watch')).toBe(24 * 86_400_000);
  });

  it('one grammar: a duration flag, a time ago in --from/--until and a *.ms config value read any text alike', () => {
    fc.assert(
      fc.property(fc.oneof(specLike, fc.stringMatching(/^ ?\d{1,12}(\.\d{1,3})? ?(ms|s|m|h|d|w|min|y)? ?$/)), (text) => {
        const ms = durationMs(text);
        const flag = outcome(() => parseDuration(text, '--timeout'));
        const from = outcome(() => parseStartSpec(text, NOW));
        const until = outcome(() => parseStopSpec(text, NOW));
        if (ms === undefined) {
          // Not a duration: a flag takes it only as a bare number of seconds, a spec only as something else.
          if (flag !== 'usage') expect(text.trim()).toMatch(/^\d+(\.\d+)?$/);
          if (from !== 'usage' && from.kind === 'time') expect(text.trim()).toMatch(/^(@\d+|\d{4}-\d{2}-\d{2}.*)$/);
          return;
        }
        expect(flag).toBe(Number.isFinite(ms) && Math.round(ms) <= MAX_TIMER_MS ? Math.round(ms) : 'usage');
        const ago = { kind: 'time', ms: Math.max(0, Math.round(NOW - ms)) };
        expect(from).toEqual(ago);
        expect(until).toEqual(ago);
        const config = outcome(() => convertConfigUnits('retention.ms', text));
        expect(config).toEqual(Number.isInteger(ms) ? { value: String(ms), typed: text } : 'usage');
      }),
      { numRuns: 3000 },
    );
  });
});

describe('property: other flag parsers', () => {
  it('integers: the exact value of the digits within the bounds, or a usage error naming the flag', () => {
    const intLike = fc.oneof(specLike, fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }).map(String), fc.integer().map((n) => ` ${n} `));
    fc.assert(
      fc.property(intLike, fc.bigInt({ min: -(1n << 64n), max: 1n << 64n }), fc.bigInt({ min: 0n, max: 1n << 64n }), (text, min, width) => {
        const max = min + width > INT64_MAX ? INT64_MAX : min + width;
        const got = outcome(() => parseInteger(text, '--n', { min, max }));
        const digits = /^\s*[+-]?\d+\s*$/.test(text) ? BigInt(text.trim()) : undefined;
        if (digits !== undefined && digits >= min && digits <= max) expect(got).toBe(digits);
        else expect(got).toBe('usage');
        if (min >= 0n && max <= BigInt(Number.MAX_SAFE_INTEGER)) {
          const n = outcome(() => parseIntArg(text, '--n', Number(min), Number(max)));
          expect(n).toBe(got === 'usage' ? 'usage' : Number(got));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('--partition lists: sorted, unique partition ids, or a usage error -- quickly, even for huge ranges', () => {
    const listLike = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.array(fc.oneof(fc.nat({ max: 3000 }).map(String), fc.tuple(fc.nat({ max: 3000 }), fc.nat({ max: 3000 })).map(([a, b]) => `${a}-${b}`), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 6 }).map((a) => a.join(',')),
      fc.tuple(fc.nat(), fc.bigInt({ min: 0n, max: 10n ** 15n })).map(([a, b]) => `${a}-${b}`),
    );
    fc.assert(
      fc.property(listLike, (text) => {
        const t0 = performance.now();
        const got = outcome(() => parsePartitionList(text));
        expect(performance.now() - t0).toBeLessThan(500);
        if (got !== 'usage') {
          expect(got.length).toBeGreaterThan(0);
          for (let i = 0; i < got.length; i++) {
            expect(Number.isInteger(got[i]) && got[i]! >= 0 && got[i]! <= 2 ** 31 - 1).toBe(true);
            if (i > 0) expect(got[i]!).toBeGreaterThan(got[i - 1]!);
          }
        }
      }),
      { numRuns: 1000 },
    );
    expect(parsePartitionList('3,0-2,2')).toEqual([0, 1, 2, 3]);
    expect(outcome(() => parsePartitionList('0-99999999999'))).toBe('usage');
    expect(outcome(() => parsePartitionList('0-2147483647'))).toBe('usage');
  });

  it('key=value: the key is non-empty and key=value gives back the text, or a usage error', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const kv = outcome(() => parseKeyValue(text, '--header'));
        if (kv !== 'usage') {
          expect(kv[0].length).toBeGreaterThan(0);
          expect(kv[0]).not.toContain('=');
          expect(`${kv[0]}=${kv[1]}`).toBe(text);
        } else expect(text.indexOf('=')).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('topic names: accepted exactly when Kafka would accept them', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.stringMatching(/^[a-zA-Z0-9._-]{0,260}$/)), (name) => {
        const ok = name.length >= 1 && name.length <= 249 && name !== '.' && name !== '..' && /^[a-zA-Z0-9._-]+$/.test(name);
        expect(outcome(() => validateTopicName(name))).toBe(ok ? name : 'usage');
      }),
    );
  });

  it('-K / --delimiter escapes: any text gives bytes or a usage error', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const b = outcome(() => unescapeSeparator(text));
        if (b !== 'usage') expect(Buffer.isBuffer(b)).toBe(true);
      }),
    );
  });
});

const bytes = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => new TextEncoder().encode(s)));
const nullableBytes = fc.option(bytes.map((u) => Buffer.from(u)), { nil: null, freq: 4 });
const record: fc.Arbitrary<ConsumedRecord> = fc.record({
  topic: fc.stringMatching(/^[a-zA-Z0-9._-]{1,20}$/),
  partition: fc.nat({ max: 1000 }),
  offset: fc.bigInt({ min: 0n, max: INT64_MAX }).map(String),
  timestamp: fc.integer({ min: 0, max: 8_640_000_000_000 }).map(String),
  key: nullableBytes,
  value: nullableBytes,
  headers: fc.array(fc.record({ key: fc.string({ unit: 'grapheme', maxLength: 10 }), value: nullableBytes }), { maxLength: 5 }),
});

describe('property: the JSON envelope (tail -o json -> produce --input json)', () => {
  it('round-trips any key, value and headers byte for byte (nulls, binary, repeated keys, order), plus partition and timestamp', () => {
    fc.assert(
      fc.property(record, (r) => {
        const line = envelopeLine(r);
        expect(line.endsWith('\n')).toBe(true);
        expect(line.slice(0, -1)).not.toContain('\n');
        const back = fromEnvelopeLine(line, 1);
        expect(back.key).toEqual(r.key);
        expect(back.value).toEqual(r.value);
        expect(back.headers).toEqual(r.headers);
        expect(back.timestamp).toBe(r.timestamp);
        expect(JSON.parse(line).offset).toBe(r.offset);
      }),
      { numRuns: 2000 },
    );
  });

  it('any line of text is a message or a usage error naming the line', () => {
    const jsonish = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record(
          {
            key: fc.oneof(fc.string(), fc.constant(null), fc.integer(), fc.base64String()),
            keyEncoding: fc.constantFrom('utf8', 'base64', 'hex', undefined, 7),
            value: fc.oneof(fc.string(), fc.constant(null), fc.base64String(), fc.boolean()),
            valueEncoding: fc.constantFrom('utf8', 'base64', undefined),
            headers: fc.oneof(fc.constant(undefined), fc.array(fc.record({ key: fc.oneof(fc.string(), fc.integer()), value: fc.oneof(fc.string(), fc.constant(null)), encoding: fc.constantFrom('utf8', 'base64', 'x') })), fc.dictionary(fc.string(), fc.string()), fc.integer()),
            partition: fc.oneof(fc.constant(undefined), fc.integer(), fc.double()),
            timestamp: fc.oneof(fc.constant(undefined), fc.integer(), fc.double(), fc.string(), fc.bigInt({ min: 0n, max: 1n << 80n }).map(String), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
          },
          { requiredKeys: [] },
        )
        .map((o) => JSON.stringify(o)),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        const r = outcome(() => fromEnvelopeLine(text, 7));
        if (r === 'usage') return;
        if (r.timestamp !== undefined) {
          // The record batch encoder takes int64 milliseconds: anything it would choke on must be refused here.
          expect(/^\d+$/.test(r.timestamp)).toBe(true);
          expect(Number(r.timestamp)).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
        }
        if (r.partition !== undefined) expect(Number.isInteger(r.partition) && r.partition >= 0).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(outcome(() => fromEnvelopeLine('{"value":"a","timestamp":"99999999999999999999999"}', 1))).toBe('usage');
    expect(outcome(() => fromEnvelopeLine('{"value":"a","timestamp":"9223372036854775807"}', 1))).toBe('usage');
  });
});

describe('property: produce input (line and JSON mode)', () => {
  const split = (content: Buffer, delim: Buffer): Buffer[] => {
    const out: Buffer[] = [];
    let start = 0;
    for (;;) {
      const i = content.indexOf(delim, start);
      if (i < 0) break;
      out.push(content.subarray(start, i));
      start = i + delim.length;
    }
    if (start < content.length) out.push(content.subarray(start));
    return out;
  };

  it('line mode: any bytes in any chunking split into exactly the delimiter-separated lines', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }).map((u) => Buffer.from(u)),
        fc.oneof(fc.constant(Buffer.from('\n')), fc.uint8Array({ minLength: 1, maxLength: 3 }).map((u) => Buffer.from(u))),
        fc.array(fc.nat({ max: 300 }), { maxLength: 8 }),
        async (content, delim, cuts) => {
          const points = [...new Set(cuts.filter((c) => c < content.length))].sort((a, b) => a - b);
          const chunks: Buffer[] = [];
          let prev = 0;
          for (const p of points) {
            chunks.push(content.subarray(prev, p));
            prev = p;
          }
          chunks.push(content.subarray(prev));
          const got: Buffer[] = [];
          for await (const lines of splitLines((async function* () { yield* chunks; })(), delim)) got.push(...lines.map((l) => Buffer.from(l)));
          expect(got).toEqual(split(content, delim));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('JSON mode: any bytes give, per line, a record or an error naming that line -- never a throw, never a silently changed byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }).map((u) => Buffer.from(u)), record.map((r) => Buffer.from(envelopeLine(r).slice(0, -1)))), { maxLength: 6 }), async (lines) => {
        const input = Buffer.concat(lines.flatMap((l) => [l.filter((b) => b !== 10), Buffer.from('\n')]));
        const items: InputItem[] = [];
        for await (const batch of parseInput((async function* () { yield input; })(), { mode: 'json', delimiter: Buffer.from('\n') })) items.push(...batch);
        for (const it of items) {
          if (it.record === null) expect(it.error).toMatch(new RegExp(`^line ${it.line}: `));
          else expect(it.error).toBeUndefined();
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('JSON mode: a line that is not valid UTF-8 is an invalid line (JSON is UTF-8), not a message with U+FFFD in it', async () => {
    const items: InputItem[] = [];
    const input = Buffer.concat([Buffer.from('{"value":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n{"value":"ok"}\n')]);
    for await (const batch of parseInput((async function* () { yield input; })(), { mode: 'json', delimiter: Buffer.from('\n') })) items.push(...batch);
    expect(items[0]!.record).toBeNull();
    expect(items[0]!.error).toMatch(/^line 1: not valid UTF-8/);
    expect(items[1]!.record!.value).toEqual(Buffer.from('ok'));
  });
});

describe('property: format templates (tail -f)', () => {
  it('any template compiles or is a usage error; a compiled one renders any record without throwing', () => {
    const template = fc.oneof(fc.string({ maxLength: 30 }), fc.array(fc.constantFrom('%t', '%p', '%o', '%k', '%s', '%T', '%I', '%h', '%K', '%S', '%%', '\\n', '\\t', '\\0', '\\\\', '\\q', 'x', ' ', '%'), { maxLength: 12 }).map((a) => a.join('')));
    fc.assert(
      fc.property(template, record, fc.boolean(), (t, r, safe) => {
        const f = outcome(() => compileFormat(t));
        if (f === 'usage') return;
        expect(Buffer.isBuffer(f.render(r, safe))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('text without % or \\ renders as itself; %s and %k give the raw bytes when not on a terminal', () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !s.includes('%') && !s.includes('\\')), record, (t, r) => {
        expect(compileFormat(t).render(r, false).toString('utf8')).toBe(t);
        expect(compileFormat('%k|%s').render(r, false)).toEqual(Buffer.concat([r.key ?? Buffer.alloc(0), Buffer.from('|'), r.value ?? Buffer.alloc(0)]));
        expect(compileFormat('%p %o %K %S').render(r, false).toString()).toBe(`${r.partition} ${r.offset} ${r.key?.length ?? -1} ${r.value?.length ?? -1}`);
      }),
    );
  });
});
