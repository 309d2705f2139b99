/**
 * A record of produce's line mode that points into the input chunk it was read from: its key and value are byte
 * ranges, and a Buffer object for them is made only when something asks (a --failed envelope, an error). Hot
 * paths (partitioner, batch sizing, the record batch encoder) read the ranges directly. A million lines in flight
 * would otherwise be three million short-lived heap objects, and the garbage collector was a fifth of produce's CPU.
 */
import type { OutgoingRecord, RecordHeader } from '../../core/records.js';

export class ChunkRecord implements OutgoingRecord {
  readonly partition: number | undefined;
  constructor(
    /**
     * The input chunk (or a joined line) holding key and value, as a plain Uint8Array view: copying out of one
     * (set + subarray) is several times faster than Buffer#copy on Node 20.
     */
    readonly src: Uint8Array,
    /** The key's range in src; keyStart -1: the key is `fixedKey` (a -k key, or null). */
    readonly keyStart: number,
    readonly keyEnd: number,
    readonly valueStart: number,
    readonly valueEnd: number,
    readonly fixedKey: Buffer | null,
    readonly headers: RecordHeader[],
    partition: number | undefined,
  ) {
    this.partition = partition;
  }

  get key(): Buffer | null {
    return this.keyStart < 0 ? this.fixedKey : Buffer.from(this.src.buffer, this.src.byteOffset + this.keyStart, this.keyEnd - this.keyStart);
  }

  get value(): Buffer {
    return Buffer.from(this.src.buffer, this.src.byteOffset + this.valueStart, this.valueEnd - this.valueStart);
  }

  /** Key bytes, or -1 for a null key. */
  get keyLength(): number {
    return this.keyStart < 0 ? (this.fixedKey ? this.fixedKey.length : -1) : this.keyEnd - this.keyStart;
  }

  get valueLength(): number {
    return this.valueEnd - this.valueStart;
  }

  /** Copies the key (which must not be null) to `dst` (a plain Uint8Array view) at `pos`; returns the bytes copied. */
  copyKey(dst: Uint8Array, pos: number): number {
    if (this.keyStart >= 0) return copyBytes(this.src, this.keyStart, this.keyEnd, dst, pos);
    dst.set(this.fixedKey!, pos);
    return this.fixedKey!.length;
  }

  copyValue(dst: Uint8Array, pos: number): number {
    return copyBytes(this.src, this.valueStart, this.valueEnd, dst, pos);
  }
}

/** A plain view of a Buffer's bytes (what ChunkRecord copies from and to). */
export function plainView(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/** Short ranges by a loop (no call into the runtime), longer ones by set() on plain views. */
function copyBytes(src: Uint8Array, start: number, end: number, dst: Uint8Array, pos: number): number {
  const n = end - start;
  if (n > 16) dst.set(src.subarray(start, end), pos);
  else for (let i = 0; i < n; i++) dst[pos + i] = src[start + i]!;
  return n;
}
