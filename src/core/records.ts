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
  /** Envelope input of a key/value decoded by `tail` with a schema: key/value hold its JSON text, to be encoded with it. */
  keySchema?: SchemaRef;
  valueSchema?: SchemaRef;
}

/** A schema registry schema by id; `format` is avro, protobuf or json-schema; `message` a Protobuf message name. */
export interface SchemaRef {
  format: string;
  id: number;
  message?: string;
}

/** One input line of produce, parsed: a record, or why it cannot be one. */
export interface ProduceInputItem {
  line: number;
  record: OutgoingRecord | null;
  error?: string;
}

/** Where `tail` (and `copy`) start reading each partition: what `--from` means. Offsets are exact int64 (bigint). */
export type StartSpec =
  | { kind: 'beginning' }
  | { kind: 'end' }
  /** An exact offset, applied to each selected partition. */
  | { kind: 'offset'; offset: bigint }
  /** The last N messages of each partition. */
  | { kind: 'last'; count: bigint }
  /** N after the beginning of each partition. */
  | { kind: 'afterBeginning'; count: bigint }
  /** The first message at or after this time (ms since the epoch). */
  | { kind: 'time'; ms: number };

/** Where reading stops (exclusive): `--until`. */
export type StopSpec = { kind: 'offset'; offset: bigint } | { kind: 'time'; ms: number };
