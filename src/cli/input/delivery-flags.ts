/** The delivery flags `produce` and `copy` share (--acks, -z, --batch-size, --max-in-flight, --delivery-timeout): declared and parsed once. */
import type { Command } from 'commander';
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

/** What differs between the commands that declare the delivery flags. */
export interface DeliveryFlagText {
  /** What one unit sent is called in the help: 'messages' (produce) or 'records' (copy). */
  unit: string;
  /** --batch-size's default. */
  batchSize: string;
  /** Appended to --delivery-timeout's help line, e.g. ' (0: never)'. */
  deliveryTimeoutNote?: string;
}

/**
 * Declares the delivery flags on `cmd`: --acks, --no-idempotence, -z, --batch-size, --max-in-flight, then what
 * `between` adds (the command's own --rate, transaction flags), then --delivery-timeout: the order --help shows.
 */
export function addDeliveryOptions(cmd: Command, t: DeliveryFlagText, between: (cmd: Command) => void = () => {}): Command {
  cmd
    .option('--acks <acks>', 'all, 1 or 0', 'all')
    .option('--no-idempotence', 'send without producer ids and sequence numbers (a request sent again may write twice; counted in the summary)')
    .option('-z, --compression <codec>', 'none, gzip, snappy, lz4 or zstd', 'none')
    .option('--batch-size <n>', `${t.unit} per produce request`, t.batchSize)
    .option('--max-in-flight <n>', 'produce requests in flight at once (at most 5 when idempotent)', '8');
  between(cmd);
  return cmd.option('--delivery-timeout <duration>', `keep sending a request again while it fails for a transient reason, up to this long${t.deliveryTimeoutNote ?? ''}`, '30s');
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
