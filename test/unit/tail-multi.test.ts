import { describe, expect, it } from 'vitest';
import { matchingTopics } from '../../src/kafka/consume-multi.js';
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
