import { describe, expect, it } from 'vitest';
import { matchingTopics } from '../../src/kafka/consume/consume-multi.js';
import { parseTailFlags } from '../../src/commands/tail.js';

describe('tail --regex: which topics match', () => {
  const names = ['orders.eu', 'orders.us', 'xorders.eu', 'orders', 'orders.eu.dlq', '__consumer_offsets', 'payments'];
  it('matches whole names only, sorted', () => {
    expect(matchingTopics(names, /orders\.[a-z]+/)).toEqual(['orders.eu', 'orders.us']);
    expect(matchingTopics(names, /orders.*/)).toEqual(['orders', 'orders.eu', 'orders.eu.dlq', 'orders.us']);
  });
  it('leaves internal topics out unless the pattern starts with __', () => {
    expect(matchingTopics(names, /.*/)).not.toContain('__consumer_offsets');
    expect(matchingTopics(names, /__.*/)).toEqual(['__consumer_offsets']);
  });
  it('an alternation is anchored as a whole', () => {
    expect(matchingTopics(names, /orders|payments/)).toEqual(['orders', 'payments']);
  });
});

describe('tail flags for several topics', () => {
  it('keeps the topics in order and compiles --regex', () => {
    const o = parseTailFlags(['b', 'a'], { regex: 'x.*' });
    expect(o.topics).toEqual(['b', 'a']);
    expect(o.pattern?.source).toBe('x.*');
  });
  it.each([
    [[], {}, /missing topic/],
    [[], { regex: '[' }, /invalid --regex/],
    [['a'], { jsonValues: true }, /--json-values needs -o json/],
  ])('%j %j is a usage error', (topics, flags, msg) => {
    expect(() => parseTailFlags(topics as string[], flags)).toThrow(msg);
  });
});

describe('tail: an empty --from/--until window is a usage error, not a silent exit 0', () => {
  const now = Date.parse('2026-12-07T10:00:00Z');
  it('times: --from 1h --until 2h (until is before from) and equal bounds are refused; a real window is taken', () => {
    expect(() => parseTailFlags('t', { from: '1h', until: '2h' }, now)).toThrow(/--until 2h is not after --from 1h: the window is empty/);
    expect(() => parseTailFlags('t', { from: '2026-12-07T09:00:00Z', until: '2026-12-07T09:00:00Z' }, now)).toThrow(/window is empty/);
    expect(parseTailFlags('t', { from: '2h', until: '1h' }, now).until).toEqual({ kind: 'time', ms: now - 3_600_000 });
  });
  it('offsets: --from 10 --until 5 is refused; --from 5 --until 10 is taken', () => {
    expect(() => parseTailFlags('t', { from: '10', until: '5' }, now)).toThrow(/--until 5 is not after --from 10/);
    expect(parseTailFlags('t', { from: '5', until: '10' }, now).until).toEqual({ kind: 'offset', offset: 10n });
  });
});
