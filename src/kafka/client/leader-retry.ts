/**
 * One-shot reads (tail --exit, copy, lag, group describe, topic describe) ride out a broker that died: right after
 * a SIGKILL the cluster metadata still names it as a partition's leader until the controller fences it
 * (broker.session.timeout.ms), and a request to it is refused. Such a read refreshes the metadata and asks the
 * new leader, within --timeout of the read's start, on the one retry loop; after that the last error stands.
 */
import { KafkaError } from '../../core/errors.js';
import { isTransientSendError } from './transient.js';
import { retry } from './retry.js';

/** A partition has no leader (-1) right now: one is being elected. */
export class NoLeaderYet extends KafkaError {}

/** Worth asking again after a metadata refresh: a connection refused or closed, a request timeout, a leader moving. */
export function isLeaderTransient(e: unknown): boolean {
  return e instanceof NoLeaderYet || (!(e instanceof KafkaError) && isTransientSendError(e));
}

/**
 * Calls `round` (attempt 1, 2, ...; refresh the metadata from attempt 2) until it succeeds, a non-transient error, or
 * `budgetMs` ran out. `final` names transient errors that must not be asked again here (a missing topic).
 */
export function retryWhileLeadersMove<T>(round: (attempt: number) => Promise<T>, budgetMs: number, signal?: AbortSignal, final?: (e: unknown) => boolean): Promise<T> {
  const retryable = final ? (e: unknown) => !final(e) && isLeaderTransient(e) : isLeaderTransient;
  return retry(round, { deadline: Date.now() + budgetMs, backoff: (n) => Math.min(100 * 2 ** (n - 1), 500), signal, retryable });
}
