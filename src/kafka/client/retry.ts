/**
 * Core's one retry loop: calls `fn` again while it fails for a reason worth waiting out (or answers "not yet"),
 * waiting `backoff(n)` ms after the n-th call, up to a number of calls or a deadline. The waits are the abortable
 * sleep: when `signal` fires (Ctrl-C) the loop stops at once, and the last call's outcome stands (its value is
 * returned, its error thrown), as when the budget runs out; the caller's own checks then apply.
 */
import { sleep } from './sleep.js';

export type RetryBudget =
  /** At most this many calls (and, with a deadline too, no new call after it). */
  | { attempts: number; deadline?: number }
  /** No new call once Date.now() is past this (ms since the epoch). */
  | { attempts?: number; deadline: number };

export type RetryOptions<T> = RetryBudget & {
  /** Milliseconds to wait after the n-th call (1-based) before the next. */
  backoff: (n: number) => number;
  signal?: AbortSignal;
  /** Whether an error is worth another call; without it, every error is thrown at once. */
  retryable?: (error: unknown) => boolean;
  /** Whether a value means "not yet" (a poll); without it, any value is the answer. */
  again?: (value: T) => boolean;
};

export async function retry<T>(fn: (attempt: number) => Promise<T>, o: RetryOptions<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let outcome: { value: T } | { error: unknown };
    try {
      const value = await fn(attempt);
      if (!o.again?.(value)) return value;
      outcome = { value };
    } catch (error) {
      if (!o.retryable?.(error)) throw error;
      outcome = { error };
    }
    const spent = (o.attempts !== undefined && attempt >= o.attempts) || (o.deadline !== undefined && Date.now() > o.deadline);
    if (!spent && !o.signal?.aborted) await sleep(o.backoff(attempt), o.signal);
    if (spent || o.signal?.aborted) {
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    }
  }
}
