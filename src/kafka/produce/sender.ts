/**
 * The sender owns --delivery-timeout: a request that failed for a transient reason (broker unreachable or
 * restarting, leader moving, request timeout) is sent again until it succeeds or the timeout passes, counted from
 * its first attempt. Once one request gave up, every later one fails at once with the same reason (the input is
 * still read to the end, so every line ends up delivered or in the failed report). An interrupt stops retrying.
 */
import { KafkaError } from '../errors.js';
import { sleep as abortableSleep } from '../sleep.js';

/**
 * Whether a failed send may succeed if sent again: kafkajs gave up retrying a retriable error (connection refused
 * or closed, request timeout, leader not available...). Errors the broker will repeat (too large, invalid
 * timestamp, not authorized) are final.
 */
type E = { name?: string; type?: string; retriable?: boolean; cause?: unknown } | null | undefined;

/** kafkajs wraps the last error of its retries (KafkaJSNumberOfRetriesExceeded, KafkaJSNonRetriableError, nested when retriers nest): what counts is the error underneath. */
function underlying(e: unknown): E {
  let err = e as E;
  for (let i = 0; i < 5 && err && (err.name === 'KafkaJSNumberOfRetriesExceeded' || err.name === 'KafkaJSNonRetriableError') && err.cause && err.cause !== err; i++) {
    err = err.cause as E;
  }
  return err;
}

/**
 * OUT_OF_ORDER_SEQUENCE_NUMBER: an idempotent batch reached the partition's leader before an earlier batch of that
 * partition (in flight, or sent again after a leader moved). Sent again once the earlier ones settled, it fits.
 */
export function isOutOfOrderSequence(e: unknown): boolean {
  const err = underlying(e);
  return !!err && typeof err === 'object' && err.type === 'OUT_OF_ORDER_SEQUENCE_NUMBER';
}

export function isTransientSendError(e: unknown): boolean {
  const err = underlying(e);
  if (!err || typeof err !== 'object') return false;
  return typeof err.name === 'string' && err.name.startsWith('KafkaJS') && err.name !== 'KafkaJSNonRetriableError' && err.retriable === true;
}

export interface SenderOptions {
  /** 0: never send again (transactions: a failed send aborts them). */
  deliveryTimeoutMs: number;
  /** One line for a send error (names the broker). */
  describe(e: unknown): string;
  /** Once per outage: sending again, and sending again succeeded. */
  warning?(message: string): void;
  signal: AbortSignal;
  isTransient?(e: unknown): boolean;
  now?(): number;
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
}

export class Sender {
  /** Set once a request failed for good: the reason every later request fails with. */
  private gaveUp: string | undefined;
  private retrying = false;
  constructor(private readonly o: SenderOptions) {}

  /** Runs `attempt` until it succeeds, fails for good, or the delivery timeout passes (then throws KafkaError). */
  async send<T>(attempt: () => Promise<T>, describe: (e: unknown) => string = this.o.describe): Promise<T> {
    const o = this.o;
    const now = o.now ?? (() => performance.now());
    const sleep = o.sleep ?? abortableSleep;
    const isTransient = o.isTransient ?? isTransientSendError;
    if (this.gaveUp !== undefined) throw new KafkaError(this.gaveUp);
    const first = now();
    for (let n = 1; ; n++) {
      try {
        const res = await attempt();
        if (this.retrying) {
          this.retrying = false;
          o.warning?.('sending again succeeded; continuing');
        }
        return res;
      } catch (e) {
        const elapsed = now() - first;
        if (this.gaveUp !== undefined) throw new KafkaError(this.gaveUp);
        if (o.deliveryTimeoutMs <= 0 || o.signal.aborted || !isTransient(e)) throw e;
        const why = describe(e);
        if (elapsed >= o.deliveryTimeoutMs) {
          this.gaveUp = `${why} (still failing after ${Math.round(elapsed / 100) / 10} s of retries, --delivery-timeout ${o.deliveryTimeoutMs / 1000}s)`;
          throw new KafkaError(this.gaveUp);
        }
        if (!this.retrying) {
          this.retrying = true;
          o.warning?.(`send failed (${why}); sending again for up to ${o.deliveryTimeoutMs / 1000} s (--delivery-timeout)`);
        }
        await sleep(Math.min(250 * n, 1000, o.deliveryTimeoutMs - elapsed), o.signal);
      }
    }
  }
}
