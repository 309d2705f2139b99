/**
 * A record of produce's line mode that points into the input chunk it was read from: its key and value are byte
 * ranges, and a Buffer object for them is made only when something asks (a --failed envelope, an error). Hot
 * paths (partitioner, batch sizing, the record batch encoder) read the ranges directly. A million lines in flight
 * would otherwise be three million short-lived heap objects, and the garbage collector was a fifth of produce's CPU.
 */
import type { OutgoingRecord, RecordHeader } from './types.js';

export class ChunkRecord implements OutgoingRecord {
  readonly partition: number | undefined;
  constructor(
    /** The input chunk (or a joined line) holding key and value. */
    readonly src: Buffer,
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
    return this.keyStart < 0 ? this.fixedKey : this.src.subarray(this.keyStart, this.keyEnd);
  }

  get value(): Buffer {
    return this.src.subarray(this.valueStart, this.valueEnd);
  }

  /** Key bytes, or -1 for a null key. */
  get keyLength(): number {
    return this.keyStart < 0 ? (this.fixedKey ? this.fixedKey.length : -1) : this.keyEnd - this.keyStart;
  }

  get valueLength(): number {
    return this.valueEnd - this.valueStart;
  }

  /** Copies the key (which must not be null) to `buf` at `pos`; returns the bytes copied. */
  copyKey(buf: Buffer, pos: number): number {
    return this.keyStart < 0 ? this.fixedKey!.copy(buf, pos) : copyBytes(this.src, this.keyStart, this.keyEnd, buf, pos);
  }

  copyValue(buf: Buffer, pos: number): number {
    return copyBytes(this.src, this.valueStart, this.valueEnd, buf, pos);
  }
}

/** Buffer#copy costs ~200 ns a call whatever the size; a loop copies short keys several times faster. */
function copyBytes(src: Buffer, start: number, end: number, dst: Buffer, pos: number): number {
  const n = end - start;
  if (n > 32) return src.copy(dst, pos, start, end);
  for (let i = 0; i < n; i++) dst[pos + i] = src[start + i]!;
  return n;
}
