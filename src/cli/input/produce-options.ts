/**
 * `produce`'s flags checked and turned into options, without I/O: every refused combination is one UsageError
 * (exit 2) before anything connects. What needs the file system (is --failed the file being read?) is
 * refuseFailedOverInput in produce-io.ts.
 */
import { resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { oneOf, parseDuration, parseIntArg, parseKeyValue, validateTopicName } from '../../core/parse.js';
import type { RecordHeader } from '../../core/records.js';
import { ON_INVALID, type ProduceOptions } from '../../kafka/produce/types.js';
import { parseDeliveryFlags, type DeliveryFlags } from './delivery-flags.js';
import { unescapeSeparator, type InputOptions } from './produce-input.js';

export interface ProduceFlags extends DeliveryFlags {
  file?: string;
  value?: string;
  key?: string;
  keySeparator?: string;
  allowMissingKey?: boolean;
  delimiter?: string;
  input: string;
  header?: string[];
  partition?: string;
  rate?: string;
  transactionalId?: string;
  transactionTimeout: string;
  onInvalid: string;
  failed?: string;
}

/** What the flags alone cannot say: the directory paths are relative to, and whether --delivery-timeout was typed. */
export interface ProduceFlagContext {
  cwd: string;
  deliveryTimeoutGiven: boolean;
}

export interface ProduceCommandOptions {
  topic: string;
  /** For produce() (onInvalid becomes 'skip' when typing on a terminal). */
  send: ProduceOptions;
  /** For parseInput() / singleMessage(). */
  input: InputOptions & { mode: 'line' | 'json' };
  /** --value: the one message. */
  value?: Buffer;
  /** --file as given, and resolved against cwd. */
  file?: string;
  filePath?: string;
  /** --failed as given, and resolved against cwd. */
  failed?: string;
  failedPath?: string;
}

export function produceOptionsFrom(topicArg: string, f: ProduceFlags, where: ProduceFlagContext): ProduceCommandOptions {
  const topic = validateTopicName(topicArg);
  const mode = oneOf(f.input, ['line', 'json'] as const, '--input');
  const { acks, compression, batchSize, maxInFlight, deliveryTimeoutMs, idempotence } = parseDeliveryFlags(f);
  const onInvalid = oneOf(f.onInvalid, ON_INVALID, '--on-invalid');
  const rate = f.rate === undefined ? undefined : parseRate(f.rate);
  const partition = f.partition === undefined ? undefined : parseIntArg(f.partition, '--partition', 0, 2 ** 31 - 1);
  const transactionTimeoutMs = parseDuration(f.transactionTimeout, '--transaction-timeout');
  if (f.transactionalId !== undefined) {
    // Checked before connecting: kafkajs would refuse only after the transaction began.
    if (acks !== 'all') throw new UsageError(`--transactional-id needs --acks all (a transaction is idempotent), not --acks ${acks}`);
    if (!idempotence) throw new UsageError('--no-idempotence cannot be combined with --transactional-id (a transaction is idempotent)');
    if (where.deliveryTimeoutGiven) throw new UsageError('--delivery-timeout does not apply with --transactional-id (a failed send aborts the transaction)');
  }
  const headers: RecordHeader[] = (f.header ?? []).map((h) => {
    const [key, value] = parseKeyValue(h, '--header');
    return { key, value: Buffer.from(value, 'utf8') };
  });
  const delimiter = f.delimiter === undefined ? Buffer.from('\n') : unescapeSeparator(f.delimiter);
  if (delimiter.length === 0) throw new UsageError('invalid --delimiter: it is empty');
  const keySeparator = f.keySeparator === undefined ? undefined : unescapeSeparator(f.keySeparator, '-K/--key-separator');
  if (keySeparator && keySeparator.length === 0) throw new UsageError('invalid --key-separator: it is empty');
  if (f.value !== undefined && f.file !== undefined) throw new UsageError('--value and --file cannot be combined');
  if (mode === 'json' && (f.key !== undefined || keySeparator || f.value !== undefined)) {
    throw new UsageError('--input json takes keys from the envelopes: -k, -K and --value do not apply');
  }
  if (f.key !== undefined && keySeparator) throw new UsageError('-k/--key and -K/--key-separator cannot be combined');
  if (f.allowMissingKey && !keySeparator) throw new UsageError('--allow-missing-key needs -K/--key-separator');
  if (f.value !== undefined && keySeparator) throw new UsageError('--value takes its key from --key, not -K');
  const filePath = f.file === undefined ? undefined : resolve(where.cwd, f.file);
  const failedPath = f.failed === undefined ? undefined : resolve(where.cwd, f.failed);
  if (failedPath !== undefined && failedPath === filePath) throw new UsageError(FAILED_IS_FILE);
  return {
    topic,
    send: { topic, acks, compression, batchSize, maxInFlight, rate, transactionalId: f.transactionalId, transactionTimeoutMs, deliveryTimeoutMs, onInvalid, partition, idempotence },
    input: {
      mode,
      delimiter,
      keySeparator,
      allowMissingKey: f.allowMissingKey,
      fixedKey: f.key === undefined ? undefined : Buffer.from(f.key, 'utf8'),
      headers,
      partition,
    },
    value: f.value === undefined ? undefined : Buffer.from(f.value, 'utf8'),
    file: f.file,
    filePath,
    failed: f.failed,
    failedPath,
  };
}

export const FAILED_IS_FILE = '--failed must not be the --file being read';
export const FAILED_IS_STDIN = '--failed must not be the file on stdin: writing it would empty the input';

function parseRate(text: string): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0) throw new UsageError(`invalid --rate '${text}': expected messages per second, > 0`);
  return v;
}
