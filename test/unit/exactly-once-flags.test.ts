import { describe, expect, it } from 'vitest';
import { parseExactlyOnce } from '../../src/cli/input/exactly-once-flags.js';
import { UsageError } from '../../src/core/errors.js';

const plain = { acrossClusters: false, redrive: false, failed: false, acks: 'all', idempotence: true };

describe('copy --exactly-once flags', () => {
  it('a plain copy has none; --group and the commit flags alone are refused', () => {
    expect(parseExactlyOnce({}, plain)).toBeUndefined();
    expect(() => parseExactlyOnce({ group: 'g' }, plain)).toThrow(new UsageError('--group goes with --exactly-once'));
    expect(() => parseExactlyOnce({ commitInterval: '5s' }, plain)).toThrow(new UsageError('--commit-interval goes with --exactly-once'));
  });

  it('defaults, and given values', () => {
    expect(parseExactlyOnce({ exactlyOnce: true, group: 'g' }, plain)).toEqual({ group: 'g', commitEvery: 10_000, commitIntervalMs: 1000 });
    expect(parseExactlyOnce({ exactlyOnce: true, group: 'g', commitEvery: '500', commitInterval: '250ms' }, plain)).toEqual({ group: 'g', commitEvery: 500, commitIntervalMs: 250 });
  });

  it('refuses what cannot be exactly once', () => {
    const eos = { exactlyOnce: true, group: 'g' };
    expect(() => parseExactlyOnce({ exactlyOnce: true }, plain)).toThrow(/^--exactly-once needs --group <id>/);
    expect(() => parseExactlyOnce({ exactlyOnce: true, group: ' ' }, plain)).toThrow('invalid --group: it is empty');
    expect(() => parseExactlyOnce(eos, { ...plain, acrossClusters: true })).toThrow(/across clusters copy is at-least-once \(idempotent on the destination\)$/);
    expect(() => parseExactlyOnce(eos, { ...plain, redrive: true })).toThrow(/--to-topic-from-header --execute/);
    expect(() => parseExactlyOnce(eos, { ...plain, failed: true })).toThrow(/^--failed does not go with --exactly-once/);
    expect(() => parseExactlyOnce(eos, { ...plain, acks: '1' })).toThrow(/needs --acks all/);
    expect(() => parseExactlyOnce(eos, { ...plain, idempotence: false })).toThrow(/needs --acks all/);
    expect(() => parseExactlyOnce({ ...eos, commitEvery: '0' }, plain)).toThrow(/--commit-every/);
  });
});
