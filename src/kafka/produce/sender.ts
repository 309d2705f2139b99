/**
 * The sender owns --delivery-timeout: a request that failed for a transient reason (broker unreachable or
 * restarting, leader moving, request timeout) is sent again until it succeeds or the timeout passes, counted from
 * its first attempt. Once one request gave up, every later one fails at once with the same reason (the input is
 * still read to the end, so every line ends up delivered or in the failed report). An interrupt stops retrying.
 */
import { KafkaError } from '../../core/errors.js';
import { sleep as abortableSleep } from '../client/sleep.js';
import { isTransientSendError, underlying } from '../client/transient.js';

export { isTransientSendError } from '../client/transient.js';

/**
 * OUT_OF_ORDER_SEQUENCE_NUMBER: an idempotent batch reached the partition's leader before an earlier batch of that
 * partition (in flight, or sent again after a leader moved). Sent again once the earlier ones settled, it fits.
 */
export function isOutOfOrderSequence(e: unknown): boolean {
  const err = underlying(e);
  return !!err && typeof err === 'object' && err.type === 'OUT_OF_ORDER_SEQUENCE_NUMBER';
}

/**
 * UNKNOWN_PRODUCER_ID, INVALID_PRODUCER_EPOCH: the broker refused an idempotent batch because it no longer knows
 * the producer; sent again under a new producer id (epoch.ts), it fits.
 */
export function isProducerLost(e: unknown): boolean {
  const err = underlying(e);
  return !!err && typeof err === 'object' && (err.type === 'UNKNOWN_PRODUCER_ID' || err.type === 'INVALID_PRODUCER_EPOCH');
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
