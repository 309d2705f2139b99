/**
 * Kafka's wire primitives, classic and flexible (KIP-482): big-endian integers, unsigned varints, compact
 * strings/arrays/bytes (length + 1, 0 for null), UUIDs, and tagged-field sections.
 */

export class ProtocolDecodeError extends Error {}

export class Writer {
  private buf: Buffer;
  private pos = 0;
  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  int8(v: number): this {
    this.room(1);
    this.pos = this.buf.writeInt8(v, this.pos);
    return this;
  }
  uint8(v: number): this {
    this.room(1);
    this.pos = this.buf.writeUInt8(v, this.pos);
    return this;
  }
  int16(v: number): this {
    this.room(2);
    this.pos = this.buf.writeInt16BE(v, this.pos);
    return this;
  }
  uint16(v: number): this {
    this.room(2);
    this.pos = this.buf.writeUInt16BE(v, this.pos);
    return this;
  }
  int32(v: number): this {
    this.room(4);
    this.pos = this.buf.writeInt32BE(v, this.pos);
    return this;
  }
  uint32(v: number): this {
    this.room(4);
    this.pos = this.buf.writeUInt32BE(v, this.pos);
    return this;
  }
  int64(v: bigint): this {
    this.room(8);
    this.pos = this.buf.writeBigInt64BE(v, this.pos);
    return this;
  }
  float64(v: number): this {
    this.room(8);
    this.pos = this.buf.writeDoubleBE(v, this.pos);
    return this;
  }
  uvarint(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`unsigned varint out of range: ${v}`);
    this.room(5);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
    return this;
  }
  raw(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }
  /** A string: int16 length (classic) or uvarint length + 1 (compact); null as -1 / 0. */
  string(s: string | null, compact: boolean): this {
    if (s === null) return compact ? this.uvarint(0) : this.int16(-1);
    const b = Buffer.from(s, 'utf8');
    if (compact) this.uvarint(b.length + 1);
    else this.int16(b.length);
    return this.raw(b);
  }
  bytes(b: Uint8Array | null, compact: boolean): this {
    if (b === null) return compact ? this.uvarint(0) : this.int32(-1);
    if (compact) this.uvarint(b.length + 1);
    else this.int32(b.length);
    return this.raw(b);
  }
  /** An array's length: int32 (classic) or uvarint n + 1 (compact); null as -1 / 0. */
  arrayLength(n: number | null, compact: boolean): this {
    if (n === null) return compact ? this.uvarint(0) : this.int32(-1);
    return compact ? this.uvarint(n + 1) : this.int32(n);
  }
  uuid(s: string): this {
    const b = Buffer.from(s, 'base64url');
    if (b.length !== 16) throw new RangeError(`not a Kafka UUID: ${s}`);
    return this.raw(b);
  }
  get length(): number {
    return this.pos;
  }
  toBuffer(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

export class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new ProtocolDecodeError(`response ends early (need ${n} bytes at ${this.pos} of ${this.buf.length})`);
  }
  int8(): number {
    this.need(1);
    return this.buf.readInt8(this.pos++);
  }
  uint8(): number {
    this.need(1);
    return this.buf.readUInt8(this.pos++);
  }
  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  uint16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  uint32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  int64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  float64(): number {
    this.need(8);
    const v = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }
  uvarint(): number {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = this.uint8();
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
      if (shift > 28) throw new ProtocolDecodeError('unsigned varint too long');
    }
  }
  raw(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  string(compact: boolean): string | null {
    const n = compact ? this.uvarint() - 1 : this.int16();
    if (n < 0) return null;
    return this.raw(n).toString('utf8');
  }
  bytes(compact: boolean): Buffer | null {
    const n = compact ? this.uvarint() - 1 : this.int32();
    if (n < 0) return null;
    return this.raw(n);
  }
  arrayLength(compact: boolean): number | null {
    const n = compact ? this.uvarint() - 1 : this.int32();
    return n < 0 ? null : n;
  }
  uuid(): string {
    return this.raw(16).toString('base64url');
  }
  get remaining(): number {
    return this.buf.length - this.pos;
  }
}

export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';
