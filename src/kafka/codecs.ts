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
    const lz4 = require('lz4js') as { compress(b: Uint8Array): Uint8Array; decompress(b: Uint8Array): Uint8Array };
    return {
      async compress(encoder: Encoder) {
        return Buffer.from(lz4.compress(encoder.buffer));
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
