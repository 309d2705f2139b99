/** The shapes of produce: its options, hooks, delivery reports and summary (rendered by src/format/produce-report.ts). */
import type { OutgoingRecord } from '../../core/records.js';

export const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type Compression = (typeof COMPRESSIONS)[number];
export const ACKS = ['all', '1', '0'] as const;
export type Acks = (typeof ACKS)[number];
export const ON_INVALID = ['stop', 'skip'] as const;
export type OnInvalid = (typeof ON_INVALID)[number];

export interface ProduceOptions {
  topic: string;
  acks: Acks;
  compression: Compression;
  /** Messages per send() (one produce request). */
  batchSize: number;
  /** send() calls in flight at once (1 with a transaction). */
  maxInFlight: number;
  /** Messages per second; unlimited when absent. */
  rate?: number;
  /** Send everything in one transaction, committed at the end of input. */
  transactionalId?: string;
  transactionTimeoutMs?: number;
  onInvalid: OnInvalid;
  /** -p: every message goes to this partition; checked against the topic before any input is read. */
  partition?: number;
  /** Send a partial batch when the input pauses this long (typing on a terminal, a slow pipe). */
  lingerMs?: number;
  /**
   * How long a request that failed for a transient reason (broker unreachable or restarting, leader moving,
   * request timeout) is sent again before its messages count as failed; from its first attempt. Not with a
   * transaction (a failed send aborts it). Default 30 s.
   */
  deliveryTimeoutMs?: number;
  /**
   * Idempotent sends (default with acks=all): every batch carries a producer id and sequence numbers, so a
   * request sent again is written once. false (--no-idempotence), or acks 0/1: a re-send may write twice.
   */
  idempotence?: boolean;
}

/** One line of `produce -o json`. */
export interface DeliveryReport {
  line: number;
  /** unsent: read, but interrupted (or its transaction doomed) before it was sent. */
  status: 'delivered' | 'failed' | 'invalid' | 'unsent';
  partition: number | null;
  /** Exact int64 decimal; null when unknown (not delivered, or acks=0). */
  offset: string | null;
  error?: string;
}

/** A message that was not delivered, with the partition it was sent to. */
export interface Undelivered {
  line: number;
  partition: number;
  record: OutgoingRecord;
}

/** Where undelivered messages go (--failed). */
export interface UndeliveredSink {
  /** Called one call at a time, in input-line order. */
  add(items: Undelivered[]): Promise<void> | void;
  /** With a transaction every sent message is added as it is sent; a successful commit clears them again. */
  clear(): Promise<void> | void;
}

export interface ProgressSnapshot {
  delivered: number;
  failed: number;
  invalid: number;
  elapsedMs: number;
}

export interface ProduceHooks {
  reports?(r: DeliveryReport[]): Promise<void> | void;
  undelivered?: UndeliveredSink;
  progress?(p: ProgressSnapshot): void;
  /** copy: how many records the read holds, from its start and end offsets, when known at start (no --follow, no filter). */
  total?(records: number): void;
  /** A transient send failure that is being retried (once per outage). */
  warning?(message: string): void;
}

/** Inclusive input line ranges, sorted and merged. */
export type LineRange = [number, number];

export interface ProduceSummary {
  topic: string;
  partitions: number;
  acks: Acks;
  /** Acknowledged (with acks=0: written to the socket). With a transaction: committed. */
  delivered: number;
  /** Sends that failed. */
  failed: number;
  /** Written inside a transaction that was then aborted (not visible to read_committed readers). */
  aborted: number;
  /** Read but never sent: Ctrl-C came before their turn (or their transaction was going to be aborted). */
  unsent: number;
  /** Input lines that could not become a message. */
  invalid: number;
  /** Delivered messages per partition (partitions with none are left out). */
  perPartition: Array<{ partition: number; messages: number }>;
  /** Key, value and header bytes of the delivered messages. */
  bytes: number;
  /**
   * Delivered messages that were sent again after a send of them got no answer, without idempotence: they may
   * be in the topic twice. 0 with idempotence (the broker drops repeats).
   */
  resent: number;
  elapsedMs: number;
  /** Lines of the failed, aborted and unsent messages. */
  undeliveredLines: LineRange[];
  /** Lines of the unsent messages. */
  unsentLines: LineRange[];
  firstFailure?: string;
  invalidLines: LineRange[];
  firstInvalid?: string;
  /** --on-invalid stop: the line where reading stopped. */
  stoppedAtLine?: number;
  transaction?: 'committed' | 'aborted';
  interrupted: boolean;
  /** Reading the input failed (a file that vanished, a line too long): the error, after what was read was settled. */
  inputError?: Error;
}
