/**
 * Kafka's v2 record format (magic 2), encoded exactly and fast: zigzag varints, CRC-32C, one buffer per batch;
 * and read back (the records of a batch: fetch.ts for tail, EncodedRecords for what produce did not deliver).
 * Pure functions with golden byte tests (test/unit/produce-encoding.test.ts); produce.ts in this room puts them
 * into kafkajs's Produce requests.
 */
import { createRequire } from 'node:module';
import type { ConsumedRecord, OutgoingRecord, RecordHeader } from '../../core/records.js';
import { ChunkRecord } from './chunk-record.js';

const require = createRequire(import.meta.url);

// ---- varints (zigzag, as Kafka's record format uses) ----

function zigzag32(v: number): number {
  return ((v << 1) ^ (v >> 31)) >>> 0;
}

function sizeOfUVarint(z: number): number {
  if (z < 0x80) return 1;
  if (z < 0x4000) return 2;
  if (z < 0x200000) return 3;
  if (z < 0x10000000) return 4;
  return 5;
}

function sizeOfVarInt(v: number): number {
  return sizeOfUVarint(zigzag32(v));
}

function writeUVarint(buf: Buffer, pos: number, z: number): number {
  while (z >= 0x80) {
    buf[pos++] = (z & 0x7f) | 0x80;
    z >>>= 7;
  }
  buf[pos++] = z;
  return pos;
}

const SMALL = 2 ** 30;

function zigzag64(v: number): bigint {
  const b = BigInt(v);
  return BigInt.asUintN(64, (b << 1n) ^ (b >> 63n));
}

function sizeOfVarLong(v: number): number {
  if (v >= -SMALL && v < SMALL) return sizeOfVarInt(v);
  let z = zigzag64(v);
  let n = 1;
  while (z >= 0x80n) {
    z >>= 7n;
    n++;
  }
  return n;
}

function writeVarLong(buf: Buffer, pos: number, v: number): number {
  if (v >= -SMALL && v < SMALL) return writeUVarint(buf, pos, zigzag32(v));
  let z = zigzag64(v);
  while (z >= 0x80n) {
    buf[pos++] = Number(z & 0x7fn) | 0x80;
    z >>= 7n;
  }
  buf[pos++] = Number(z);
  return pos;
}

// ---- CRC-32C (Castagnoli), slicing by 4 ----

const CRC_TABLES = (() => {
  const t = new Int32Array(4 * 256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c;
  }
  for (let i = 0; i < 256; i++) {
    for (let s = 1; s < 4; s++) {
      const prev = t[(s - 1) * 256 + i]!;
      t[s * 256 + i] = (prev >>> 8) ^ t[prev & 0xff]!;
    }
  }
  return t;
})();

/** CRC-32C in JavaScript: where the native one is missing, and the reference the native one is checked against. */
export function crc32cPortable(buf: Uint8Array): number {
  const t = CRC_TABLES;
  let crc = -1;
  let i = 0;
  const end4 = buf.length - (buf.length & 3);
  for (; i < end4; i += 4) {
    crc ^= buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24);
    crc = t[768 + (crc & 0xff)]! ^ t[512 + ((crc >>> 8) & 0xff)]! ^ t[256 + ((crc >>> 16) & 0xff)]! ^ t[crc >>> 24]!;
  }
  for (; i < buf.length; i++) crc = t[(crc ^ buf[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

/**
 * @node-rs/crc32's CRC-32C (SSE4.2/ARM CRC instructions, a prebuilt binary per platform): 4-8x the JavaScript one
 * (measured on 600 KB batches), which was a tenth of produce's CPU. Used only when it loads and gives the known
 * check value; otherwise the JavaScript one.
 */
function loadNativeCrc32c(): ((buf: Uint8Array) => number) | undefined {
  try {
    const { crc32c } = require('@node-rs/crc32') as { crc32c(input: Uint8Array, initialState?: number): number };
    return crc32c(Buffer.from('123456789')) >>> 0 === 0xe3069283 ? crc32c : undefined;
  } catch {
    return undefined;
  }
}

const nativeCrc32c = loadNativeCrc32c();

/** Whether the native CRC-32C is in use (bench and tests say which one ran). */
export const crc32cIsNative = nativeCrc32c !== undefined;

export function crc32c(buf: Uint8Array): number {
  return nativeCrc32c ? nativeCrc32c(buf) >>> 0 : crc32cPortable(buf);
}

// ---- reading records ----

/** Reads Kafka's big-endian fields and records' zig-zag varints from a buffer (fetch responses, records sections). */
export class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  int8(): number {
    const v = this.buf.readInt8(this.pos);
    this.pos += 1;
    return v;
  }
  int16(): number {
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  int32(): number {
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  int64(): bigint {
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  string(): string {
    const n = this.int16();
    if (n < 0) return '';
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  /** Zig-zag varint, as records use; values up to 2^53 stay exact. */
  varint(): number {
    let result = 0;
    let mul = 1;
    let b: number;
    do {
      b = this.buf[this.pos++]!;
      result += (b & 0x7f) * mul;
      mul *= 128;
    } while (b & 0x80);
    return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
  }
  bytes(n: number): Buffer {
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
}

/** Shared by every record without headers (most): never mutated. */
const NO_HEADERS: RecordHeader[] = Object.freeze([]) as unknown as RecordHeader[];

/** `count` records of a records section (v2 layout, uncompressed) at the reader's position. */
export function decodeRecords(r: Reader, count: number, topic: string, partition: number, base: bigint, baseTs: number, logAppendTs: number | null): ConsumedRecord[] {
  const out: ConsumedRecord[] = new Array(count);
  const baseNum = Number(base);
  // Records of a batch often share a timestamp: reuse its string.
  let lastTs = NaN;
  let lastTsText = '';
  const exact = Number.isSafeInteger(baseNum + 2 ** 31);
  for (let i = 0; i < count; i++) {
    const length = r.varint();
    const end = r.pos + length;
    r.pos += 1; // record attributes: unused
    const tsDelta = r.varint();
    const offsetDelta = r.varint();
    const kl = r.varint();
    const key = kl < 0 ? null : r.bytes(kl);
    const vl = r.varint();
    const value = vl < 0 ? null : r.bytes(vl);
    const hc = r.varint();
    const headers: RecordHeader[] = hc === 0 ? NO_HEADERS : [];
    for (let h = 0; h < hc; h++) {
      const hkl = r.varint();
      const hk = r.bytes(hkl).toString('utf8');
      const hvl = r.varint();
      headers.push({ key: hk, value: hvl < 0 ? null : r.bytes(hvl) });
    }
    r.pos = end;
    const ts = logAppendTs ?? baseTs + tsDelta;
    if (ts !== lastTs) {
      lastTs = ts;
      lastTsText = String(ts);
    }
    out[i] = {
      topic,
      partition,
      offset: exact ? String(baseNum + offsetDelta) : (base + BigInt(offsetDelta)).toString(),
      timestamp: lastTsText,
      key,
      value,
      headers,
    };
  }
  return out;
}


// ---- records and batches ----

export interface RecordsLayout {
  bodies: Int32Array;
  total: number;
  first: number;
  max: number;
  now: number;
}

/** Sizes of each record and of all of them, and the batch's first and max timestamps. */
function layoutRecords(records: OutgoingRecord[], now: number): RecordsLayout {
  const n = records.length;
  let first = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = records[i]!.timestamp;
    const ts = t === undefined ? now : Number(t);
    if (ts < first) first = ts;
    if (ts > max) max = ts;
  }
  if (n === 0) first = max = now;
  const bodies = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    const body = recordBodySize(r, (r.timestamp === undefined ? now : Number(r.timestamp)) - first, i);
    bodies[i] = body;
    total += sizeOfVarInt(body) + body;
  }
  return { bodies, total, first, max, now };
}

/** Bytes of one record's body (attributes to headers), at timestamp delta `tsDelta` and offset delta `i`. */
function recordBodySize(r: OutgoingRecord, tsDelta: number, i: number): number {
  let body = 1 + sizeOfVarLong(tsDelta) + sizeOfVarInt(i);
  if (r instanceof ChunkRecord) {
    const kl = r.keyLength;
    const vl = r.valueLength;
    body += (kl < 0 ? 1 : sizeOfVarInt(kl) + kl) + sizeOfVarInt(vl) + vl;
  } else {
    body += r.key === null ? 1 : sizeOfVarInt(r.key.length) + r.key.length;
    body += r.value === null ? 1 : sizeOfVarInt(r.value.length) + r.value.length;
  }
  const hs = r.headers;
  body += sizeOfVarInt(hs.length);
  for (let j = 0; j < hs.length; j++) {
    const h = hs[j]!;
    const kl = Buffer.byteLength(h.key, 'utf8');
    body += sizeOfVarInt(kl) + kl + (h.value === null ? 1 : sizeOfVarInt(h.value.length) + h.value.length);
  }
  return body;
}

/** Writes one record (its length, then its `body` bytes) at `pos`; `view` is a plain view of `buf`. Returns the end. */
function writeRecord(buf: Buffer, view: Uint8Array, pos: number, r: OutgoingRecord, body: number, tsDelta: number, i: number): number {
  pos = writeUVarint(buf, pos, zigzag32(body));
  buf[pos++] = 0; // record attributes: unused
  pos = writeVarLong(buf, pos, tsDelta);
  pos = writeUVarint(buf, pos, zigzag32(i));
  if (r instanceof ChunkRecord) {
    const kl = r.keyLength;
    if (kl < 0) buf[pos++] = 1;
    else {
      pos = writeUVarint(buf, pos, zigzag32(kl));
      pos += r.copyKey(view, pos);
    }
    pos = writeUVarint(buf, pos, zigzag32(r.valueLength));
    pos += r.copyValue(view, pos);
  } else {
    if (r.key === null) buf[pos++] = 1; // zigzag(-1)
    else {
      pos = writeUVarint(buf, pos, zigzag32(r.key.length));
      pos += r.key.copy(buf, pos);
    }
    if (r.value === null) buf[pos++] = 1;
    else {
      pos = writeUVarint(buf, pos, zigzag32(r.value.length));
      pos += r.value.copy(buf, pos);
    }
  }
  const hs = r.headers;
  pos = writeUVarint(buf, pos, zigzag32(hs.length));
  for (let j = 0; j < hs.length; j++) {
    const h = hs[j]!;
    const kl = Buffer.byteLength(h.key, 'utf8');
    pos = writeUVarint(buf, pos, zigzag32(kl));
    pos += buf.write(h.key, pos, kl, 'utf8');
    if (h.value === null) buf[pos++] = 1;
    else {
      pos = writeUVarint(buf, pos, zigzag32(h.value.length));
      pos += h.value.copy(buf, pos);
    }
  }
  return pos;
}

/** Writes the records as the v2 format lays them out (before compression) at `pos`; returns the end. */
function writeRecords(buf: Buffer, pos: number, records: OutgoingRecord[], l: RecordsLayout): number {
  const start = pos;
  const view = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    pos = writeRecord(buf, view, pos, r, l.bodies[i]!, (r.timestamp === undefined ? l.now : Number(r.timestamp)) - l.first, i);
  }
  if (pos - start !== l.total) throw new Error(`record encoding size mismatch: ${pos - start} != ${l.total}`);
  return pos;
}

/** The records of one batch, concatenated as the v2 format lays them out (before compression). */
export function encodeRecords(records: OutgoingRecord[], now: number): { buffer: Buffer; first: number; max: number } {
  const l = layoutRecords(records, now);
  const buffer = Buffer.allocUnsafe(l.total);
  writeRecords(buffer, 0, records, l);
  return { buffer, first: l.first, max: l.max };
}

export interface BatchOptions {
  /** kafkajs compression type id (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd). */
  compression: number;
  compress?: (records: Buffer) => Promise<Buffer>;
  transactional: boolean;
  producerId: bigint;
  producerEpoch: number;
  firstSequence: number;
  now?: number;
}

/** A batch ready to be written: its layout and, when compressed or encoded ahead, the records section's bytes. */
export interface PreparedBatch {
  records: OutgoingRecord[];
  count: number;
  layout: RecordsLayout;
  payload: Buffer | null;
  size: number;
}

/**
 * One partition's records of one send, written in the v2 records layout as they are added (produce's line mode:
 * records with no timestamp of their own, so each one's timestamp delta is 0 and its offset delta its index).
 * The records themselves are then garbage at once, instead of living on the heap until the send settles; the
 * rare reader of them (--failed, a failure report) decodes them back.
 */
export class EncodedRecords {
  private buf: Buffer;
  private view: Uint8Array;
  length = 0;
  count = 0;
  // Small at first (a topic with many partitions has many groups per batch); it doubles as records come.
  constructor(capacity = 1024) {
    this.buf = Buffer.allocUnsafe(capacity);
    this.view = new Uint8Array(this.buf.buffer, this.buf.byteOffset, capacity);
  }

  append(r: ChunkRecord): void {
    // No timestamp of its own: delta 0 from the batch's; the offset delta is its index.
    const body = recordBodySize(r, 0, this.count);
    const need = this.length + 5 + body;
    if (need > this.buf.length) this.grow(need);
    this.length = writeRecord(this.buf, this.view, this.length, r, body, 0, this.count);
    this.count++;
  }

  /** The records section as written so far. */
  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  /** The records again (keys, values and headers as they were added). */
  records(): OutgoingRecord[] {
    return decodeRecords(new Reader(this.bytes()), this.count, '', 0, 0n, 0, null).map((r) => ({ key: r.key, value: r.value, headers: r.headers }));
  }

  private grow(need: number): void {
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
    this.view = new Uint8Array(next.buffer, next.byteOffset, cap);
  }
}

/** A batch of records encoded ahead (EncodedRecords): compressed when asked, else written as they are. */
export async function prepareEncodedBatch(enc: EncodedRecords, o: BatchOptions): Promise<PreparedBatch> {
  const now = o.now ?? Date.now();
  const layout: RecordsLayout = { bodies: new Int32Array(0), total: enc.length, first: now, max: now, now };
  const raw = enc.bytes();
  const payload = o.compression !== 0 ? await o.compress!(raw) : raw;
  return { records: [], count: enc.count, layout, payload, size: BATCH_HEADER + payload.length };
}

const BATCH_HEADER = 8 + 4 + 4 + 1 + 4 + 40;

export async function prepareBatch(records: OutgoingRecord[], o: BatchOptions): Promise<PreparedBatch> {
  const layout = layoutRecords(records, o.now ?? Date.now());
  let payload: Buffer | null = null;
  if (o.compression !== 0) {
    const raw = Buffer.allocUnsafe(layout.total);
    writeRecords(raw, 0, records, layout);
    payload = await o.compress!(raw);
  }
  return { records, count: records.length, layout, payload, size: BATCH_HEADER + (payload ? payload.length : layout.total) };
}

/** Writes a prepared batch (base offset, length, epoch, magic 2, CRC-32C, attributes ... records) at `pos`. */
export function writeBatch(out: Buffer, pos: number, b: PreparedBatch, o: BatchOptions): number {
  const start = pos;
  out.writeBigInt64BE(0n, pos); // base offset: the broker assigns it
  out.writeInt32BE(b.size - 12, pos + 8);
  out.writeInt32BE(-1, pos + 12); // partition leader epoch: the broker sets it
  out.writeInt8(2, pos + 16); // magic
  let p = pos + 21;
  p = out.writeInt16BE((o.compression & 0x07) | (o.transactional ? 0x10 : 0), p);
  p = out.writeInt32BE(b.count - 1, p); // last offset delta
  p = out.writeBigInt64BE(BigInt(b.layout.first), p);
  p = out.writeBigInt64BE(BigInt(b.layout.max), p);
  p = out.writeBigInt64BE(o.producerId, p);
  p = out.writeInt16BE(o.producerEpoch, p);
  p = out.writeInt32BE(o.firstSequence, p);
  p = out.writeInt32BE(b.count, p);
  p = b.payload ? p + b.payload.copy(out, p) : writeRecords(out, p, b.records, b.layout);
  out.writeUInt32BE(crc32c(out.subarray(start + 21, p)), start + 17);
  return p;
}

/** One complete record batch. */
export async function encodeRecordBatch(records: OutgoingRecord[], o: BatchOptions): Promise<Buffer> {
  const b = await prepareBatch(records, o);
  const out = Buffer.allocUnsafe(b.size);
  writeBatch(out, 0, b, o);
  return out;
}
