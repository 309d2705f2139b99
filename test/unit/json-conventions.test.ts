/**
 * The int64-in-JSON rule (docs/output-formats.md, "JSON conventions"), checked by field name on every JSON golden file
 * (test/fixtures/golden/*.json and *.ndjson, written by test/unit/golden.test.ts): positions in a log are exact
 * decimal strings or null, quantities are JSON numbers or null. A new output that breaks the rule fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const DIR = join(ROOT, 'test/fixtures/golden');

/** Positions in a log: users feed them back to Kafka, so they must round-trip exactly. */
const POSITIONS = new Set([
  'offset', 'committedOffset', 'logEndOffset', 'logStartOffset', 'lowWatermark', 'highWatermark', 'currentOffset',
  'newOffset', 'startOffset', 'newLowWatermark', 'deleteBefore',
]);
/** Quantities: jq compares and sums them. */
const QUANTITIES = new Set([
  'lag', 'totalLag', 'messages', 'deleted', 'records', 'withoutHeader', 'same', 'bytes', 'dataBytes', 'size',
  'timestamp', 'oldestUnconsumedTimestamp', 'timeLagMs', 'maxTimeLagMs', 'elapsedMs', 'throttle',
  'id', 'pid', 'leaderId', 'leaderEpoch', 'controller', 'members', 'partitions', 'previousPartitions', 'partition',
  'replicationFactor', 'underReplicatedPartitions', 'offlinePartitions', 'iterations', 'level', 'minLevel', 'port', 'line',
]);
/** Times meant for people: ISO 8601 strings (docs/output-formats.md: "Times"), whatever their name says. */
const ISO_TIMES = new Set(['time', 'timestampIso', 'startedAt', 'lastCaughtUpTimestamp']);
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

type Rule = 'position' | 'quantity' | 'iso';

/** By exact name first, then by how a new name ends (so `fooOffset` or `barLagMs` is held to the rule too). */
function ruleFor(key: string): Rule | undefined {
  if (ISO_TIMES.has(key)) return 'iso';
  if (POSITIONS.has(key) || /(Offset|Watermark)$/.test(key)) return 'position';
  if (QUANTITIES.has(key) || /(Lag|Ms|Bytes|Count|Timestamp)$/.test(key)) return 'quantity';
  return undefined;
}

/** Every scalar under a named field that breaks its rule, as `path: value`. */
function violations(value: unknown, path = '$', key?: string): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => (v !== null && typeof v === 'object' ? violations(v, `${path}[${i}]`) : []));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => violations(v, `${path}.${k}`, k));
  const rule = key === undefined ? undefined : ruleFor(key);
  // A boolean is no int64 (schema list's `deleted` is a flag, not a count).
  if (rule === undefined || value === null || typeof value === 'boolean') return [];
  const ok =
    rule === 'position' ? typeof value === 'string' && /^-?\d+$/.test(value)
    : rule === 'quantity' ? typeof value === 'number' && Number.isFinite(value)
    : typeof value === 'string' && ISO.test(value);
  return ok ? [] : [`${path}: ${JSON.stringify(value)} (expected ${rule === 'position' ? 'a decimal string' : rule === 'quantity' ? 'a number' : 'an ISO 8601 time'} or null)`];
}

function documents(file: string): unknown[] {
  const text = readFileSync(join(DIR, file), 'utf8');
  return file.endsWith('.ndjson') ? text.split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [JSON.parse(text)];
}

describe('int64-in-JSON convention', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json') || f.endsWith('.ndjson')).sort();

  it('has the golden JSON of every command to check', () => {
    expect(files.length).toBeGreaterThanOrEqual(35);
    for (const f of ['topic-list.json', 'topic-describe.json', 'topic-delete.json', 'lag-time.json', 'group-reset-offsets.json', 'cluster.json', 'tail.ndjson', 'produce.ndjson']) expect(files).toContain(f);
  });

  it.each(files)('%s: positions are decimal strings, quantities numbers', (file) => {
    expect(documents(file).flatMap((d) => violations(d))).toEqual([]);
  });

  it('catches what breaks the rule', () => {
    expect(violations({ offset: 5, lag: '5', messages: null, partitions: [{ logEndOffset: null, highWatermark: 9 }] })).toEqual([
      '$.offset: 5 (expected a decimal string or null)',
      '$.lag: "5" (expected a number or null)',
      '$.partitions[0].highWatermark: 9 (expected a decimal string or null)',
    ]);
    expect(violations({ oldestUnconsumedTimestamp: '1795168800123', newThingOffset: 3, waitLagMs: '1', time: 1 })).toHaveLength(4);
    expect(violations({ value: '123', key: 4, messages: ['incompatible'], lastCaughtUpTimestamp: '2026-11-20T10:00:00.000Z' })).toEqual([]);
  });

  it('keeps positions and quantities beyond 2^53 exact in the files (the text, not a parsed double)', () => {
    const text = readFileSync(join(DIR, 'topic-list.json'), 'utf8') + readFileSync(join(DIR, 'lag.json'), 'utf8');
    expect(text).toContain('"messages": 9007199254740993,');
    expect(text).toContain('"logEndOffset": "9007199254740993"');
    expect(text).toContain('"totalLag": 9007199254740988,');
  });
});
