/**
 * The Confluent wire format: byte 0 = 0 (magic), bytes 1-4 = schema id (big-endian int32), then the payload.
 * Protobuf payloads start with the message-index list: a zigzag varint count, then that many zigzag varint
 * indexes (the path to the message in the .proto file); the first message of the file is the single byte 0.
 */

export interface Framed {
  schemaId: number;
  /** The bytes after the 5-byte header (for Protobuf still starting with the message indexes). */
  payload: Buffer;
}

/** The schema id and payload, or undefined when the bytes are not Confluent-framed. */
export function unframe(buf: Buffer): Framed | undefined {
  if (buf.length < 5 || buf[0] !== 0) return undefined;
  return { schemaId: buf.readInt32BE(1), payload: buf.subarray(5) };
}

export function frame(schemaId: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeInt32BE(schemaId, 1);
  return Buffer.concat([head, payload]);
}

function writeZigzag(n: number, out: number[]): void {
  let v = (n << 1) ^ (n >> 31);
  v >>>= 0;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

function readZigzag(buf: Buffer, pos: number): [number, number] {
  let v = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length || shift > 28) throw new Error('truncated Protobuf message index');
    const b = buf[pos++]!;
    v |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) break;
    shift += 7;
  }
  v >>>= 0;
  return [(v >>> 1) ^ -(v & 1), pos];
}

/** The message-index list; [0] (the first message) is written as the single byte 0. */
export function encodeMessageIndexes(path: number[]): Buffer {
  if (path.length === 1 && path[0] === 0) return Buffer.from([0]);
  const out: number[] = [];
  writeZigzag(path.length, out);
  for (const i of path) writeZigzag(i, out);
  return Buffer.from(out);
}

/** Reads the message-index list; returns the path and the Protobuf message bytes after it. */
export function decodeMessageIndexes(payload: Buffer): { path: number[]; rest: Buffer } {
  let [count, pos] = readZigzag(payload, 0);
  if (count === 0) return { path: [0], rest: payload.subarray(pos) };
  if (count < 0 || count > 100) throw new Error(`bad Protobuf message index count ${count}`);
  const path: number[] = [];
  for (let i = 0; i < count; i++) {
    let idx: number;
    [idx, pos] = readZigzag(payload, pos);
    path.push(idx);
  }
  return { path, rest: payload.subarray(pos) };
}
