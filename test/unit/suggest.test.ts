import { describe, expect, it } from 'vitest';
import { didYouMean, didYouMeanAll, editDistance, nearestName } from '../../src/core/suggest.js';

describe('editDistance (optimal string alignment)', () => {
  it('counts inserts, deletes and substitutions', () => {
    expect(editDistance('retention.mss', 'retention.ms')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
  it('counts a swap of two neighbours as one edit', () => {
    expect(editDistance('ordres', 'orders')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
  });
});

describe('nearestName', () => {
  const topics = ['orders', 'payments', 'orders-dlq', '__consumer_offsets', 'a'];
  it('finds the typo of a known name', () => {
    expect(nearestName('ordres', topics)).toBe('orders');
    expect(nearestName('ordrs', topics)).toBe('orders');
    expect(nearestName('paymnets', topics)).toBe('payments');
    expect(nearestName('orders-dql', topics)).toBe('orders-dlq');
  });
  it('a name differing only in case is near, whatever its length', () => {
    expect(nearestName('ORDERS', topics)).toBe('orders');
  });
  it('suggests nothing far away, nor for short names beyond one edit, nor the name itself', () => {
    expect(nearestName('inventory', topics)).toBeUndefined();
    expect(nearestName('xyz', topics)).toBeUndefined();
    expect(nearestName('b', ['xyz'])).toBeUndefined();
    expect(nearestName('b', ['a'])).toBe('a');
    expect(nearestName('orders', ['orders'])).toBeUndefined();
    expect(nearestName('x', [])).toBeUndefined();
  });
  it('ties go to the first known name', () => {
    expect(nearestName('cat', ['bat', 'hat'])).toBe('bat');
  });
});

describe('didYouMean', () => {
  it('is the suffix of an error line, or empty', () => {
    expect(didYouMean('ordres', ['orders'])).toBe(" (did you mean 'orders'?)");
    expect(didYouMean('zzz', ['orders'])).toBe('');
  });
  it('several missing names: each near one named, the others left out', () => {
    expect(didYouMeanAll(['ordres'], ['orders'])).toBe(" (did you mean 'orders'?)");
    expect(didYouMeanAll(['ordres', 'zzz', 'paymnts'], ['orders', 'payments'])).toBe(" (did you mean 'orders' for 'ordres', 'payments' for 'paymnts'?)");
    expect(didYouMeanAll(['zzz', 'qqq'], ['orders'])).toBe('');
  });
});
