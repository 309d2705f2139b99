/** The delivery flags `produce` and `copy` share (--acks, -z, --batch-size, --max-in-flight, --delivery-timeout), parsed once. */
import { oneOf, parseDuration, parseIntArg } from '../../core/parse.js';
import { ACKS, COMPRESSIONS, type Acks, type Compression } from '../../kafka/produce/types.js';

export interface DeliveryFlags {
  acks: string;
  compression: string;
  batchSize: string;
  maxInFlight: string;
  deliveryTimeout: string;
  /** false with --no-idempotence. */
  idempotence?: boolean;
}

export interface Delivery {
  acks: Acks;
  compression: Compression;
  batchSize: number;
  maxInFlight: number;
  deliveryTimeoutMs: number;
  idempotence: boolean;
}

export function parseDeliveryFlags(f: DeliveryFlags): Delivery {
  return {
    // -1 is Kafka's own spelling of all.
    acks: f.acks === '-1' ? 'all' : oneOf(f.acks, ACKS, '--acks'),
    compression: oneOf(f.compression, COMPRESSIONS, '--compression'),
    batchSize: parseIntArg(f.batchSize, '--batch-size', 1, 1_000_000),
    maxInFlight: parseIntArg(f.maxInFlight, '--max-in-flight', 1, 1000),
    deliveryTimeoutMs: parseDuration(f.deliveryTimeout, '--delivery-timeout'),
    idempotence: f.idempotence !== false,
  };
}
