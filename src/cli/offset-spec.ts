/**
 * `tail --from` and `--until` specs, parsed without Kafka. Offsets stay exact (bigint); times are ms since the epoch.
 *
 *   --from beginning | end | 1234 | -N | +N | 2026-11-20T10:00:00Z | @1763632800000 | 15m | 2h | 1d | 1w
 *   --until 1234 | 2026-11-20T10:00:00Z | @1763632800000 | 15m      (exclusive: stops before that offset / time)
 */
import { UsageError } from '../core/errors.js';
import { DURATION_GRAMMAR, durationMs, parseInteger } from '../core/parse.js';
import type { StartSpec, StopSpec } from '../core/records.js';


/** `15m`, `2h`, `1d`, `90s`, `1w`: a time that long before `now`; undefined when `text` is not a duration. */
function parseAgo(text: string, now: number): number | undefined {
  const ago = durationMs(text);
  if (ago === undefined) return undefined;
  // Before 1970 (or absurdly long ago) means from the first message: time 0, never a negative or infinite time.
  return Math.max(0, Math.round(now - ago));
}

/**
 * ISO-8601: `2026-11-20T10:00:00Z`, with seconds/fractions/offset optional, or a bare date `2026-11-20` (UTC midnight).
 * Without a zone the time is local, as Date.parse reads it.
 */
function parseIso(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i.exec(text);
  if (!m) return undefined;
  // Date.parse rolls impossible dates over (2026-02-30 is read as March 2): refuse them instead.
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || day.getUTCDate() !== d || day.getUTCMonth() !== mo - 1) return undefined;
  const ms = Date.parse(text.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

function parseOffset(digits: string, flag: string, text: string): bigint {
  return parseInteger(digits, flag, { noun: 'an offset', typed: text });
}

/** `@1763632800000`: milliseconds since the epoch, as kcat's `-o s@<ts>` and Kafka's timestamps count. */
function parseEpochMs(text: string, flag: string, raw: string): number | undefined {
  const m = /^@(\d+)$/.exec(text);
  if (!m) return undefined;
  const ms = Number(m[1]);
  if (!Number.isSafeInteger(ms) || ms > 8.64e15) throw new UsageError(`invalid ${flag} '${raw}': @<ms> takes milliseconds since 1970 (e.g. @${Date.UTC(2026, 10, 20)})`);
  return ms;
}

/** An ISO-8601 time, `@<epoch-ms>` or a time ago (`15m`), as ms since the epoch; undefined when it is none of them. */
export function timeOrUndefined(text: string, now: number, flag = '--from'): number | undefined {
  return parseEpochMs(text, flag, text) ?? parseIso(text) ?? parseAgo(text, now);
}

const FROM_HELP = `expected beginning, end, an offset (1234), -N (last N), +N (N after the beginning), an ISO time (2026-11-20T10:00:00Z), @<epoch-ms> or a time ago: ${DURATION_GRAMMAR}, e.g. 15m, 2h, 1d`;

export function parseStartSpec(raw: string, now: number = Date.now(), flag = '--from'): StartSpec {
  const text = raw.trim();
  const lower = text.toLowerCase();
  if (lower === 'beginning' || lower === 'earliest' || lower === 'oldest') return { kind: 'beginning' };
  if (lower === 'end' || lower === 'latest' || lower === 'newest') return { kind: 'end' };
  let m = /^(\d+)$/.exec(text);
  if (m) return { kind: 'offset', offset: parseOffset(m[1]!, flag, raw) };
  m = /^-(\d+)$/.exec(text);
  if (m) return { kind: 'last', count: parseOffset(m[1]!, flag, raw) };
  m = /^\+(\d+)$/.exec(text);
  if (m) return { kind: 'afterBeginning', count: parseOffset(m[1]!, flag, raw) };
  const ms = timeOrUndefined(text, now, flag);
  if (ms !== undefined) return { kind: 'time', ms };
  throw new UsageError(`invalid ${flag} '${raw}': ${FROM_HELP}`);
}

export function parseStopSpec(raw: string, now: number = Date.now(), flag = '--until'): StopSpec {
  const text = raw.trim();
  const m = /^(\d+)$/.exec(text);
  if (m) return { kind: 'offset', offset: parseOffset(m[1]!, flag, raw) };
  const ms = timeOrUndefined(text, now, flag);
  if (ms !== undefined) return { kind: 'time', ms };
  throw new UsageError(`invalid ${flag} '${raw}': expected an offset (1234), an ISO time (2026-11-20T10:00:00Z), @<epoch-ms> or a time ago: ${DURATION_GRAMMAR}, e.g. 15m, 2h, 1d`);
}

/** `-n 5` is `--from -5`. */
export function lastSpec(count: number): StartSpec {
  return { kind: 'last', count: BigInt(count) };
}
