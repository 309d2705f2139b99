import { describe, expect, it } from 'vitest';
import { retry } from '../../src/kafka/client/retry.js';

class Transient extends Error {}
const isTransient = (e: unknown) => e instanceof Transient;

/** A function that fails `failures` times with `error`, then answers `value`; it records when it was called. */
function flaky<T>(failures: number, value: T, error: () => Error = () => new Transient('not yet')) {
  const calls: number[] = [];
  const fn = async (attempt: number) => {
    calls.push(attempt);
    if (calls.length <= failures) throw error();
    return value;
  };
  return { fn, calls };
}

describe('retry', () => {
  it('calls again after a retryable error, waiting backoff(n) after the n-th call', async () => {
    const { fn, calls } = flaky(2, 'ok');
    const waits: number[] = [];
    const got = await retry(fn, { attempts: 5, backoff: (n) => (waits.push(n), 1), retryable: isTransient });
    expect(got).toBe('ok');
    expect(calls).toEqual([1, 2, 3]);
    expect(waits).toEqual([1, 2]);
  });

  it('throws an error that is not retryable at once, and every error without a retryable predicate', async () => {
    const bad = flaky(1, 'ok', () => new Error('refused'));
    await expect(retry(bad.fn, { attempts: 5, backoff: () => 1, retryable: isTransient })).rejects.toThrow('refused');
    expect(bad.calls).toEqual([1]);
    const plain = flaky(1, 'ok');
    await expect(retry(plain.fn, { attempts: 5, backoff: () => 1 })).rejects.toBeInstanceOf(Transient);
    expect(plain.calls).toEqual([1]);
  });

  it('after the last attempt throws the last error', async () => {
    let n = 0;
    const fn = async () => {
      throw new Transient(`failure ${++n}`);
    };
    await expect(retry(fn, { attempts: 3, backoff: () => 1, retryable: isTransient })).rejects.toThrow('failure 3');
    expect(n).toBe(3);
  });

  it('polls while `again` says not yet, and returns the last value when the budget is spent', async () => {
    const answers = [false, false, true];
    const calls: number[] = [];
    expect(await retry(async (a) => (calls.push(a), answers[a - 1]!), { attempts: 5, backoff: () => 1, again: (ok) => !ok })).toBe(true);
    expect(calls).toEqual([1, 2, 3]);
    let polls = 0;
    expect(await retry(async () => (++polls, false), { attempts: 4, backoff: () => 1, again: (ok) => !ok })).toBe(false);
    expect(polls).toBe(4);
  });

  it('a deadline stops new calls once it has passed', async () => {
    const started = Date.now();
    let polls = 0;
    const got = await retry(async () => (++polls, 'pending'), { deadline: started + 60, backoff: () => 10, again: (v) => v === 'pending' });
    expect(got).toBe('pending');
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(polls).toBeGreaterThan(1);
    expect(polls).toBeLessThan(20);
  });

  it('the abort signal ends a wait at once: no further call, the last error stands', async () => {
    const ac = new AbortController();
    let calls = 0;
    const fn = async () => {
      calls++;
      throw new Transient('leader moving');
    };
    const started = Date.now();
    const p = retry(fn, { attempts: 100, backoff: () => 10_000, signal: ac.signal, retryable: isTransient });
    setTimeout(() => ac.abort(), 20);
    await expect(p).rejects.toThrow('leader moving');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(calls).toBe(1);
  });

  it('an aborted signal returns the last "not yet" value without waiting', async () => {
    const ac = new AbortController();
    ac.abort();
    let calls = 0;
    const started = Date.now();
    expect(await retry(async () => (++calls, 'pending'), { deadline: Date.now() + 60_000, backoff: () => 10_000, signal: ac.signal, again: (v) => v === 'pending' })).toBe('pending');
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
