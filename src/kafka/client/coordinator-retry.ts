/**
 * Group requests through kafkajs's admin fail with NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS /
 * COORDINATOR_NOT_AVAILABLE for a few seconds after a broker restart moved the group's coordinator (the new
 * one is still loading __consumer_offsets). kafkajs's own retries (a second or so) give up before that:
 * try again, with a fresh coordinator lookup each time, up to a budget.
 */
import { retry } from './retry.js';

// kafkajs's names for Kafka's errors 16, 14, 15 (NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE).
const COORDINATOR_ERRORS = new Set(['NOT_COORDINATOR_FOR_GROUP', 'GROUP_LOAD_IN_PROGRESS', 'GROUP_COORDINATOR_NOT_AVAILABLE']);

export function isCoordinatorMoving(e: unknown): boolean {
  for (let cur = e as { type?: string; originalError?: unknown; cause?: unknown } | undefined, i = 0; cur && i < 6; i++) {
    if (cur.type && COORDINATOR_ERRORS.has(cur.type)) return true;
    cur = (cur.originalError ?? cur.cause) as typeof cur;
  }
  return false;
}

export function retryWhileCoordinatorMoves<T>(fn: () => Promise<T>, budgetMs: number, signal?: AbortSignal): Promise<T> {
  return retry(fn, { deadline: Date.now() + budgetMs, backoff: (n) => Math.min(200 * n, 1000), signal, retryable: isCoordinatorMoving });
}
