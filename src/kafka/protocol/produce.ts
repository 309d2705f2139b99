/**
 * kafka-cli's produce requests, through kafkajs 2.2.4 (a frozen release): its Produce request builders (v3..v7,
 * which kafkajs requires at request time) are replaced in require.cache by ones that encode kafka-cli's records
 * with record-batch.ts. Any other request goes to kafkajs's own builder unchanged.
 *
 * Why: kafkajs encodes each record through several small Encoder objects and a spread copy, and groups messages
 * per partition in O(n^2); at a million messages that, not the broker, bounds throughput. It also cannot send
 * headers exactly: they are an object, so interleaved repeated keys (a, b, a) are regrouped and a null header
 * value crashes its encoder. kafka-cli promises byte-for-byte copies.
 *
 * Messages given to kafkajs's send() are placeholders: one per partition carrying all its records (RECORDS,
 * which also skips kafkajs's per-message grouping) or one per record (RECORD: with idempotence, whose sequence
 * numbers count messages). They must never be encoded by kafkajs itself (a placeholder would go out as an empty
 * record): their key is a NotEncoded, which kafkajs's encoder refuses with an error naming it, and installing
 * the hook fails loudly instead of leaving kafkajs's builders in place.
 */
import { createRequire } from 'node:module';
import { KafkaError } from '../../core/errors.js';
import type { OutgoingRecord } from '../../core/records.js';
import { checkKafkajsVersion, KAFKAJS_VERSION, protocolError } from './kafkajs.js';
import { EncodedRecords, prepareBatch, prepareEncodedBatch, writeBatch, type BatchOptions, type PreparedBatch } from './record-batch.js';
import type { Turn } from './request-order.js';

const require = createRequire(import.meta.url);

export const RECORD = Symbol.for('kafka-cli.record');
export const RECORDS = Symbol.for('kafka-cli.records');
export const ORDER = Symbol.for('kafka-cli.order');
export const DELIVERY = Symbol.for('kafka-cli.delivery');

/** Kafka's DUPLICATE_SEQUENCE_NUMBER: the broker already has this idempotent batch (an older one than it caches). */
export const DUPLICATE_SEQUENCE_NUMBER = 46;

/**
 * One partition's records of one batch, across every request that carries them (kafkajs's retries and ours).
 * With idempotence, `producer` gives the producer id, epoch and first sequence its record batch is written with:
 * the same in every send of it, so the broker writes it once. The hooks see each request and each answer.
 */
export interface PartitionDelivery {
  readonly producer?: { id: bigint; epoch: number; sequence: number };
  /** Its records were encoded into a request that is about to be handed to the connection. */
  sent(): void;
  /** The broker answered for this partition (baseOffset "-1" when it gave none). */
  answered(errorCode: number, baseOffset: string): void;
}

/**
 * The key of every placeholder. kafkajs's own record encoder sizes a key with Buffer.byteLength, which throws
 * for this object ("Received an instance of KafkaCliPlaceholderNotEncoded"): a placeholder that reaches it fails
 * the send instead of going out as an empty record.
 */
export class KafkaCliPlaceholderNotEncoded {}
const NOT_ENCODED = new KafkaCliPlaceholderNotEncoded();

/** The kafkajs message for all of one partition's records in one send (ordered by `turn`). */
export function partitionPlaceholder(partition: number, records: OutgoingRecord[] | EncodedRecords, turn?: Turn, delivery?: PartitionDelivery): object {
  return { key: NOT_ENCODED, value: null, partition, [RECORDS]: records, [ORDER]: turn, [DELIVERY]: delivery };
}

/** The kafkajs message for one record (idempotent and transactional sends: kafkajs counts sequences by message). */
export function recordPlaceholder(partition: number, record: OutgoingRecord): object {
  return { key: NOT_ENCODED, value: null, partition, [RECORD]: record };
}

type TaggedMessage = { [RECORD]?: OutgoingRecord; [RECORDS]?: OutgoingRecord[] | EncodedRecords; [ORDER]?: Turn; [DELIVERY]?: PartitionDelivery };
interface PartitionData {
  partition: number;
  messages: TaggedMessage[];
  firstSequence?: number;
}
interface ProduceArgs {
  acks: number;
  timeout?: number;
  compression?: number;
  transactionalId?: string | null;
  producerId?: { toString(): string };
  producerEpoch?: number;
  topicData: Array<{ topic: string; partitions: PartitionData[] }>;
}

function isOurs(args: ProduceArgs): boolean {
  const m = args.topicData[0]?.partitions[0]?.messages[0];
  return !!m && (m[RECORD] !== undefined || m[RECORDS] !== undefined);
}

let installed = false;

/** Room before a request body of ours for kafkajs's request header (size, api key and version, correlation id, client id). */
const HEADROOM = 256;
const ROOM = Symbol('kafka-cli.headroom');
interface EncoderLike {
  buf: Buffer;
  offset: number;
  [ROOM]?: { base: Buffer; start: number };
}

/**
 * kafkajs frames a request by writing its header into a new Encoder and copying the body after it, twice (header,
 * then size), each time into a freshly zero-filled buffer of the next power of two. For a body of ours that was
 * written with room before it, the header is written into that room instead: no copy of the body. Any other
 * value takes kafkajs's own path, so this changes only where bytes are put, never which bytes are sent.
 */
let framingInstalled = false;

function installFramingShortcut(): void {
  if (framingInstalled) return;
  const Encoder = require('kafkajs/src/protocol/encoder.js') as { prototype: { writeEncoder(this: EncoderLike, v: EncoderLike): unknown } };
  const original = Encoder.prototype.writeEncoder;
  if (typeof original !== 'function') throw layoutChanged('no Encoder.writeEncoder');
  Encoder.prototype.writeEncoder = function (this: EncoderLike, value: EncoderLike) {
    const room = value?.[ROOM];
    // Only a body of ours, still exactly where it was written, right after its room.
    const ours = room !== undefined && this.offset <= room.start && value.buf.buffer === room.base.buffer && value.buf.byteOffset === room.base.byteOffset + room.start && value.buf.length === value.offset;
    if (!ours) return original.call(this, value);
    const { base } = room!;
    const start = room!.start - this.offset;
    this.buf.copy(base, start, 0, this.offset);
    this.buf = base.subarray(start, room!.start + value.offset);
    this.offset = this.buf.length;
    this[ROOM] = { base, start };
    return this;
  };
  framingInstalled = true;
}

function layoutChanged(what: string): KafkaError {
  return new KafkaError(`kafkajs ${KAFKAJS_VERSION} is installed but laid out differently (${what}): kafka-cli cannot encode produce requests; run npm install in kafka-cli's folder`);
}

type LookupCodec = (type: number) => { compress(e: { buffer: Buffer }): Promise<Buffer> } | null;

/** kafkajs's codec lookup and the resolved paths of its Produce v3..v7 request builders, loaded. */
function loadProduceBuilders(): { lookupCodec: LookupCodec; paths: string[] } {
  let lookupCodec: LookupCodec;
  const paths: string[] = [];
  try {
    lookupCodec = (require('kafkajs/src/protocol/message/compression/index.js') as { lookupCodec: LookupCodec }).lookupCodec;
    for (let v = 3; v <= 7; v++) paths.push(require.resolve(`kafkajs/src/protocol/requests/produce/v${v}/request.js`));
    for (const p of paths) require(p);
  } catch (e) {
    throw layoutChanged((e as Error).message.split('\n')[0]!);
  }
  if (typeof lookupCodec !== 'function') throw layoutChanged('no lookupCodec');
  return { lookupCodec, paths };
}

/**
 * Wraps kafkajs's Produce request builders. Throws (one line) when kafkajs is not exactly the release this was
 * written for, or not laid out as it: there is no fallback, because a placeholder that reached kafkajs's own
 * encoder would be a lost message (and kafkajs's encoder refuses it: see NotEncoded).
 */
export function installRecordBatchEncoder(): void {
  if (installed) return;
  checkKafkajsVersion();
  const { lookupCodec, paths } = loadProduceBuilders();
  installFramingShortcut();
  for (let v = 3; v <= 7; v++) {
    const mod = require.cache[paths[v - 3]!];
    if (!mod || typeof mod.exports !== 'function') throw layoutChanged(`produce v${v} request builder not found`);
  }
  for (let v = 3; v <= 7; v++) {
    const mod = require.cache[paths[v - 3]!]!;
    const original = mod.exports as (a: ProduceArgs) => unknown;
    const apiVersion = v;
    const hooked = (args: ProduceArgs) => (isOurs(args) ? produceRequest(args, apiVersion, lookupCodec) : original(args));
    mod.exports = hooked;
    if (require(paths[v - 3]!) !== hooked) throw layoutChanged(`produce v${v} request builder could not be replaced`);
  }
  installAnswerHook();
  installed = true;
}

/** A Produce request of kafka-cli's records, as kafkajs's request builders describe one. */
function produceRequest(args: ProduceArgs, apiVersion: number, lookupCodec: LookupCodec) {
  return {
    apiKey: 0,
    apiVersion,
    apiName: 'Produce',
    expectResponse: () => args.acks !== 0,
    encode: () => encodeProduceRequest(args, lookupCodec),
  };
}

type PreparedPart = { partition: number; batch: PreparedBatch; opts: BatchOptions };
interface PreparedRequest {
  txn: Buffer | null;
  topics: Array<{ name: Buffer; parts: PreparedPart[] }>;
  size: number;
  turn: Turn | undefined;
  partitions: number[];
  deliveries: PartitionDelivery[];
}

/** One partition's records out of its placeholders: records encoded ahead, or the records to encode. */
function recordsOf(pd: PartitionData): { records: OutgoingRecord[]; encoded?: EncodedRecords } {
  const records: OutgoingRecord[] = [];
  let encoded: EncodedRecords | undefined;
  for (const m of pd.messages) {
    const many = m[RECORDS];
    const one = m[RECORD];
    // Records encoded ahead carry their offset deltas: they can only be a partition's one message.
    if (many instanceof EncodedRecords && pd.messages.length === 1) encoded = many;
    else if (many instanceof EncodedRecords) for (const r of many.records()) records.push(r);
    else if (many) for (const r of many) records.push(r);
    else if (one) records.push(one);
    // A kafkajs message in a request of ours: never guess its bytes.
    else throw new Error('kafka-cli: a produce request mixed kafka-cli records with other messages');
  }
  return { records, encoded };
}

/** Every batch of the request sized and compressed (the slow part), before anything is written. */
async function prepareRequest(args: ProduceArgs, lookupCodec: LookupCodec): Promise<PreparedRequest> {
  const compression = args.compression ?? 0;
  const transactionalId = args.transactionalId ?? null;
  const producerId = BigInt(args.producerId?.toString() ?? '-1');
  const producerEpoch = args.producerEpoch ?? 0;
  const codec = compression === 0 ? null : lookupCodec(compression);
  const compress = codec ? (b: Buffer) => codec.compress({ buffer: b }) : undefined;
  const transactional = transactionalId !== null;
  const now = Date.now();
  const topics: PreparedRequest['topics'] = [];
  let turn: Turn | undefined;
  const partitions: number[] = [];
  const deliveries: PartitionDelivery[] = [];
  const txn = transactionalId === null ? null : Buffer.from(transactionalId, 'utf8');
  let size = 2 + (txn ? txn.length : 0) + 2 + 4 + 4;
  for (const t of args.topicData) {
    const name = Buffer.from(t.topic, 'utf8');
    const parts: PreparedPart[] = [];
    size += 2 + name.length + 4;
    for (const pd of t.partitions) {
      turn ??= pd.messages[0]?.[ORDER];
      const delivery = pd.messages.length === 1 ? pd.messages[0]![DELIVERY] : undefined;
      partitions.push(pd.partition);
      const { records, encoded } = recordsOf(pd);
      // An idempotent batch keeps its own producer id, epoch and sequence in every request that carries it.
      const own = delivery?.producer;
      const opts: BatchOptions = own
        ? { compression, compress, transactional, producerId: own.id, producerEpoch: own.epoch, firstSequence: own.sequence, now }
        : { compression, compress, transactional, producerId, producerEpoch, firstSequence: pd.firstSequence ?? 0, now };
      if (delivery) deliveries.push(delivery);
      const batch = encoded ? await prepareEncodedBatch(encoded, opts) : await prepareBatch(records, opts);
      parts.push({ partition: pd.partition, batch, opts });
      size += 4 + 4 + batch.size;
    }
    topics.push({ name, parts });
  }
  return { txn, topics, size, turn, partitions, deliveries };
}

/** The request body: everything is sized first and written once into one buffer (kafkajs's nested Encoders
 * would copy, and zero-fill, each batch three more times). */
async function encodeProduceRequest(args: ProduceArgs, lookupCodec: LookupCodec): Promise<EncoderLike & { buffer: Buffer }> {
  const { txn, topics, size, turn, partitions, deliveries } = await prepareRequest(args, lookupCodec);
  // The slow part (compression) is done; the request waits for its turn only to be handed over.
  if (turn) await turn.previous;
  const base = Buffer.allocUnsafe(HEADROOM + size);
  const buf = base.subarray(HEADROOM);
  let p = buf.writeInt16BE(txn ? txn.length : -1, 0);
  if (txn) p += txn.copy(buf, p);
  p = buf.writeInt16BE(args.acks, p);
  p = buf.writeInt32BE(args.timeout ?? 30000, p);
  p = buf.writeInt32BE(topics.length, p);
  for (const t of topics) {
    p = buf.writeInt16BE(t.name.length, p);
    p += t.name.copy(buf, p);
    p = buf.writeInt32BE(t.parts.length, p);
    for (const part of t.parts) {
      p = buf.writeInt32BE(part.partition, p);
      p = buf.writeInt32BE(part.batch.size, p);
      p = writeBatch(buf, p, part.batch, part.opts);
    }
  }
  if (p !== size) throw new Error(`produce request size mismatch: ${p} != ${size}`);
  for (const d of deliveries) d.sent();
  turn?.encoded(partitions);
  // What kafkajs's request framing needs from an Encoder, and the room for its header.
  const body: EncoderLike & { buffer: Buffer } = { buf, offset: size, buffer: buf, [ROOM]: { base, start: HEADROOM } };
  return body;
}

/** OUT_OF_ORDER_SEQUENCE_NUMBER, INVALID_PRODUCER_EPOCH, UNKNOWN_PRODUCER_ID: kafka-cli's to handle, thrown after any other error. */
const SEQUENCE_ERRORS = new Set([45, 47, 59]);
interface ProduceAnswer {
  topics: Array<{ topicName: string; partitions: Array<{ partition: number; errorCode: number; baseOffset: string }> }>;
}
interface AnswerModule {
  decode(raw: Buffer): Promise<ProduceAnswer>;
  parse(d: ProduceAnswer): Promise<ProduceAnswer>;
}
type ProduceProtocol = (o: { version: number }) => (args: ProduceArgs) => { request: unknown; response: AnswerModule };

/**
 * kafkajs's Produce answer parser throws the first partition's error and drops the rest of the answer, so a
 * request that failed for one partition says nothing of the others that were written. For a request of ours,
 * each partition's answer goes to its PartitionDelivery first. DUPLICATE_SEQUENCE_NUMBER means already written;
 * an error kafkajs retries (leader moved) is thrown before OUT_OF_ORDER_SEQUENCE_NUMBER (an earlier batch of the
 * partition is not written yet) and the lost-producer errors, so that kafkajs refreshes its metadata.
 */
function installAnswerHook(): void {
  const index = require('kafkajs/src/protocol/requests/produce/index.js') as { protocol?: ProduceProtocol };
  const original = index.protocol;
  if (typeof original !== 'function') throw layoutChanged('no Produce protocol lookup');
  index.protocol = (o) => {
    const build = original(o);
    if (typeof build !== 'function') return build;
    return (args) => {
      const pair = build(args);
      if (!isOurs(args) || !pair?.response) return pair;
      const deliveries = new Map<string, PartitionDelivery>();
      for (const t of args.topicData) {
        for (const pd of t.partitions) {
          const d = pd.messages.length === 1 ? pd.messages[0]![DELIVERY] : undefined;
          if (d) deliveries.set(`${pd.partition} ${t.topic}`, d);
        }
      }
      if (deliveries.size === 0) return pair;
      const response: AnswerModule = {
        decode: (raw) => pair.response.decode(raw),
        parse: async (data) => {
          for (const t of data.topics) for (const p of t.partitions) deliveries.get(`${p.partition} ${t.topicName}`)?.answered(p.errorCode, p.baseOffset);
          const errors = data.topics.flatMap((t) => t.partitions.filter((p) => p.errorCode !== 0 && p.errorCode !== DUPLICATE_SEQUENCE_NUMBER));
          if (errors.length > 0) throw protocolError((errors.find((p) => !SEQUENCE_ERRORS.has(p.errorCode)) ?? errors[0]!).errorCode);
          return data;
        },
      };
      return { ...pair, response };
    };
  };
  const check = require('kafkajs/src/protocol/requests/index.js') as { requests?: { Produce?: unknown } };
  if (check.requests?.Produce !== index) throw layoutChanged('Produce protocol lookup could not be replaced');
}
