/** Shared option parsers: each returns a value or throws a UsageError naming the flag. */
import { UsageError } from './errors.js';

/** The one duration grammar (flags, `--from 2h`, `--to-datetime 1d`, topic config values): a number and one of these units. */
const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/;
/** How every error about a duration describes one. */
export const DURATION_GRAMMAR = 'a number and a unit (ms, s, m, h, d or w)';
/** The longest timer Node.js (and Kafka's int32 millisecond fields) can take: about 24.8 days. */
const MAX_DURATION_MS = 2 ** 31 - 1;
/** More partitions than any real topic has; also keeps a typo like 0-99999999 from building a huge list. */
const MAX_PARTITIONS_LISTED = 100_000;

/**
 * `500ms`, `5s`, `2m`, `1h`, `1d`, `1w` (surrounding spaces and a space before the unit are allowed): its milliseconds,
 * not rounded (`1.5ms`) and Infinity for absurdly many digits; undefined when `text` is not a duration.
 */
export function durationMs(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  return m ? Number(m[1]) * DURATION_UNITS[m[2]!]! : undefined;
}

/** A duration flag (`--timeout 5s`), or a bare number of seconds: whole milliseconds a timer can wait. */
export function parseDuration(text: string, flag = 'duration'): number {
  const bare = /^\s*\d+(?:\.\d+)?\s*$/.test(text);
  const ms = bare ? Number(text) * 1000 : durationMs(text);
  if (ms === undefined) throw new UsageError(`invalid ${flag} '${text}': expected a duration, ${DURATION_GRAMMAR}, e.g. 500ms, 5s, 2m, 1h`);
  if (!Number.isFinite(ms)) throw new UsageError(`invalid ${flag} '${text}'`);
  // Every duration ends up in a timer (or an int32 field); a longer one would fire at once.
  if (Math.round(ms) > MAX_DURATION_MS) throw new UsageError(`invalid ${flag} '${text}': longer than 24 days`);
  return Math.round(ms);
}

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export interface IntegerBounds {
  /** Default 0. */
  min?: bigint;
  /** Default int64's largest. */
  max?: bigint;
  /** What the error calls the value: `an offset`, `a whole number of messages`; default `an integer`. */
  noun?: string;
  /** The text to quote in errors when `text` is a piece of it (`-N` of `--from -N`). */
  typed?: string;
}

/**
 * The one parser of integers users type (flags, arguments, offsets, profile values): decimal digits with an optional
 * sign and surrounding spaces, exact (bigint), within [min, max], or a UsageError naming the flag and the range.
 */
export function parseInteger(text: string, flag: string, { min = 0n, max = INT64_MAX, noun = 'an integer', typed = text }: IntegerBounds = {}): bigint {
  const fail = (why: string) => new UsageError(`invalid ${flag} '${typed}': ${why}`);
  const lo = min > -SAFE ? min : undefined;
  const hi = max < SAFE ? max : undefined;
  const expected = `expected ${noun}${lo !== undefined && hi !== undefined ? ` from ${lo} to ${hi}` : lo !== undefined ? ` >= ${lo}` : hi !== undefined ? ` <= ${hi}` : ''}`;
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw fail(expected);
  const n = BigInt(t);
  // Offsets and counts are int64 in Kafka: past that, say so rather than quote the range.
  if (n > max && max === INT64_MAX) throw fail('larger than int64');
  if (n < min && min === INT64_MIN) throw fail('smaller than int64');
  if (n < min || n > max) throw fail(expected);
  return n;
}

/** parseInteger for values that fit a JavaScript number (ids, counts, sizes, ports): the default range is 0 .. 2^53-1. */
export function parseIntArg(text: string, flag: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  return Number(parseInteger(text, flag, { min: BigInt(min), max: BigInt(max) }));
}

/** `key=value`; the value may contain further `=`. */
export function parseKeyValue(text: string, flag: string): [string, string] {
  const i = text.indexOf('=');
  if (i <= 0) throw new UsageError(`invalid ${flag} '${text}': expected key=value`);
  return [text.slice(0, i), text.slice(i + 1)];
}

/** `0,2,5` or `0-3,7`: a sorted, de-duplicated list of partition ids. */
export function parsePartitionList(text: string, flag = '--partition'): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const p = part.trim();
    const range = /^(\d+)-(\d+)$/.exec(p);
    if (range) {
      const a = Number(range[1]);
      const b = Number(range[2]);
      if (a > b) throw new UsageError(`invalid ${flag} '${text}': range ${p} is backwards`);
      if (b > 2 ** 31 - 1 || b - a + 1 > MAX_PARTITIONS_LISTED) throw new UsageError(`invalid ${flag} '${text}': range ${p} is larger than any topic (at most ${MAX_PARTITIONS_LISTED} partitions)`);
      for (let i = a; i <= b; i++) out.add(i);
    } else {
      out.add(parseIntArg(p, flag, 0, 2 ** 31 - 1));
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Kafka's topic name rules: 1-249 characters of [a-zA-Z0-9._-], and not `.` or `..`. */
export function validateTopicName(name: string): string {
  if (name.length === 0) throw new UsageError('invalid topic name: it is empty');
  if (name === '.' || name === '..') throw new UsageError(`invalid topic name '${name}': '.' and '..' are not allowed`);
  if (name.length > 249) throw new UsageError(`invalid topic name '${name.slice(0, 40)}...': longer than 249 characters`);
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) throw new UsageError(`invalid topic name '${name}': only letters, digits, '.', '_' and '-' are allowed`);
  return name;
}

/**
 * The name among `others` that `name` collides with in Kafka's metrics, where `.` and `_` are the same
 * (`my.topic` and `my_topic`): a broker refuses to create the second. undefined when none does.
 */
export function collidingTopic(name: string, others: Iterable<string>): string | undefined {
  const key = name.replace(/\./g, '_');
  for (const o of others) if (o !== name && o.replace(/\./g, '_') === key) return o;
  return undefined;
}

export function oneOf<T extends string>(text: string, allowed: readonly T[], flag: string): T {
  const v = text.toLowerCase() as T;
  if (!allowed.includes(v)) throw new UsageError(`invalid ${flag} '${text}': expected one of ${allowed.join(', ')}`);
  return v;
}
