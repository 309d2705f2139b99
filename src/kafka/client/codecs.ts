/**
 * Snappy, LZ4 and ZSTD for kafkajs (GZIP is built in). Pure JS / WASM, so `npm install` needs no compiler:
 * kafkajs-snappy (snappyjs, handles Java's xerial framing), lz4js (LZ4 frame format, as Kafka uses),
 * @bokuweb/zstd-wasm (zstd's reference C code compiled to WASM, loaded on first use).
 */
import { createRequire } from 'node:module';
import kafkajs from 'kafkajs';

const require = createRequire(import.meta.url);
const { CompressionTypes, CompressionCodecs } = kafkajs;

interface Encoder {
  buffer: Buffer;
}

interface Lz4js {
  decompress(b: Uint8Array): Uint8Array;
  compressBound(n: number): number;
  compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
}

/**
 * An LZ4 frame with independent blocks. lz4js's own compress() writes dependent blocks (its FLG byte lacks the
 * block-independence bit), which Kafka brokers refuse ("Dependent block stream is unsupported"). A fresh hash
 * table per block keeps every match inside its block.
 */
function lz4IndependentFrame(lz4: Lz4js, src: Buffer): Buffer {
  const xxh = require('lz4js/xxh32.js') as { hash(seed: number, src: Uint8Array, index: number, len: number): number };
  const BLOCK = 4 * 1024 * 1024; // BD 0x70: 4 MiB blocks
  const header = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x70, 0]); // magic, FLG (v01, independent blocks), BD, HC
  header[6] = (xxh.hash(0, header, 4, 2) >> 8) & 0xff;
  const parts: Buffer[] = [header];
  for (let i = 0; i < src.length; i += BLOCK) {
    const len = Math.min(BLOCK, src.length - i);
    const dst = new Uint8Array(lz4.compressBound(len));
    const n = lz4.compressBlock(src, dst, i, len, new Uint32Array(1 << 16));
    const size = Buffer.alloc(4);
    if (n === 0 || n >= len) {
      size.writeUInt32LE((0x80000000 | len) >>> 0);
      parts.push(size, src.subarray(i, i + len));
    } else {
      size.writeUInt32LE(n);
      parts.push(size, Buffer.from(dst.buffer, dst.byteOffset, n));
    }
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
}

let registered = false;
// kafkajs calls a codec factory for every batch: module state is created once here.
let zstdReady: Promise<void> | undefined;

export function registerCodecs(): void {
  if (registered) return;
  registered = true;
  // Each codec module is loaded when a batch first needs it, not at start-up.
  CompressionCodecs[CompressionTypes.Snappy] = () => {
    const snappy = (require('kafkajs-snappy') as () => { compress(e: Encoder): Promise<Buffer>; decompress(b: Buffer): Promise<Buffer> })();
    return snappy;
  };
  CompressionCodecs[CompressionTypes.LZ4] = () => {
    const lz4 = require('lz4js') as Lz4js;
    return {
      async compress(encoder: Encoder) {
        return lz4IndependentFrame(lz4, encoder.buffer);
      },
      async decompress(buffer: Buffer) {
        return Buffer.from(lz4.decompress(buffer));
      },
    };
  };
  CompressionCodecs[CompressionTypes.ZSTD] = () => {
    const zstd = require('@bokuweb/zstd-wasm') as { init(): Promise<void>; compress(b: Uint8Array, level?: number): Uint8Array; decompress(b: Uint8Array): Uint8Array };
    const init = () => (zstdReady ??= zstd.init());
    return {
      async compress(encoder: Encoder) {
        await init();
        return Buffer.from(zstd.compress(encoder.buffer, 3));
      },
      async decompress(buffer: Buffer) {
        await init();
        return Buffer.from(zstd.decompress(buffer));
      },
    };
  };
}
