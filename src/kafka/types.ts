/** kafka-cli's own domain types: what core functions return and take. No kafkajs types leak past src/kafka/. */

export interface RecordHeader {
  key: string;
  /** null: a header with no value (Kafka allows it). */
  value: Buffer | null;
}

/** A message as read from Kafka. Offsets and timestamps are exact int64 decimal strings. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  /** Milliseconds since the epoch, as Kafka stores it (decimal string). */
  timestamp: string;
  key: Buffer | null;
  /** null: a tombstone. */
  value: Buffer | null;
  /** In wire order; keys may repeat. */
  headers: RecordHeader[];
}

/** A message to send. */
export interface OutgoingRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
  partition?: number;
  /** Milliseconds since the epoch (decimal string); the broker's time when absent. */
  timestamp?: string;
}

/** One input line of produce, parsed: a record, or why it cannot be one. */
export interface ProduceInputItem {
  line: number;
  record: OutgoingRecord | null;
  error?: string;
}
