import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32c, crc32cIsNative, crc32cPortable, encodeRecordBatch } from '../../src/kafka/protocol/record-batch.js';
import { murmur2, partitionForKey } from '../../src/kafka/produce/murmur2.js';
import type { OutgoingRecord } from '../../src/core/records.js';

const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (k: Buffer) => number;
const kafkajsCrc32C = require('kafkajs/src/protocol/recordBatch/crc32C/index.js') as (b: Buffer) => number;
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => unknown;
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js') as (d: unknown) => Promise<{
  firstOffset: string;
  lastOffsetDelta: number;
  inTransaction: boolean;
  producerId: string;
  firstSequence: number;
  records: Array<{ key: Buffer | null; value: Buffer | null; timestamp: string; offset: string; headers: Record<string, Buffer | Buffer[] | null> }>;
}>;

describe('murmur2', () => {
  it("matches Apache Kafka's own test vectors (UtilsTest.testMurmur2)", () => {
    const cases: Array<[string | number[], number]> = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      [[0x61, 0x62, 0x63], 479470107],
    ];
    for (const [input, expected] of cases) expect(murmur2(Buffer.from(input as string))).toBe(expected);
  });

  it("equals kafkajs's DefaultPartitioner hash for any bytes (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(murmur2(bytes)).toBe(kafkajsMurmur2(Buffer.from(bytes)));
      }),
      { numRuns: 2000 },
    );
  });

  it('picks a partition in range', () => {
    for (let i = 0; i < 1000; i++) {
      const p = partitionForKey(randomBytes(i % 20), 7);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(7);
    }
  });
});

describe('crc32c', () => {
  it('equals kafkajs CRC-32C on random buffers and the standard check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    for (let n = 0; n < 300; n++) {
      const b = randomBytes(n);
      expect(crc32c(b)).toBe(kafkajsCrc32C(b));
      expect(crc32cPortable(b)).toBe(kafkajsCrc32C(b));
    }
    expect(crc32cPortable(Buffer.from('123456789'))).toBe(0xe3069283);
    // Large, unaligned views (subarrays of a record batch) too.
    const big = randomBytes(1 << 20);
    expect(crc32c(big.subarray(21, big.length - 3))).toBe(crc32cPortable(big.subarray(21, big.length - 3)));
  });

  it('the native CRC-32C (@node-rs/crc32) is in use on this platform (linux x64 ships a binary)', () => {
    if (process.platform === 'linux' && process.arch === 'x64') expect(crc32cIsNative).toBe(true);
  });
});

describe('encodeRecordBatch', () => {
  const records: OutgoingRecord[] = [
    { key: Buffer.from('k1'), value: Buffer.from('v1'), headers: [{ key: 'a', value: Buffer.from('1') }, { key: 'b', value: null }, { key: 'a', value: Buffer.from([0xff]) }] },
    { key: null, value: null, headers: [] },
    { key: Buffer.from([0, 1, 2]), value: Buffer.alloc(300, 7), headers: [], timestamp: '1000' },
    { key: Buffer.from('é'), value: Buffer.from(''), headers: [{ key: 'ü', value: Buffer.from('x') }], timestamp: '1700000000000' },
  ];

  it('decodes with kafkajs to the same records, with a valid CRC-32C', async () => {
    const buf = await encodeRecordBatch(records, { compression: 0, transactional: true, producerId: 42n, producerEpoch: 3, firstSequence: 7, now: 1700000000500 });
    expect(buf.readUInt32BE(17)).toBe(kafkajsCrc32C(buf.subarray(21)));
    expect(buf.readInt32BE(8)).toBe(buf.length - 12);
    const b = await decodeBatch(new Decoder(buf));
    expect(b.lastOffsetDelta).toBe(3);
    expect(b.inTransaction).toBe(true);
    expect(b.producerId).toBe('42');
    expect(b.firstSequence).toBe(7);
    expect(b.records.map((r) => [r.key, r.value, r.timestamp, r.offset])).toEqual([
      [Buffer.from('k1'), Buffer.from('v1'), '1700000000500', '0'],
      [null, null, '1700000000500', '1'],
      [Buffer.from([0, 1, 2]), Buffer.alloc(300, 7), '1000', '2'],
      [Buffer.from('é'), Buffer.from(''), '1700000000000', '3'],
    ]);
    // kafkajs groups header keys when decoding; the null value survives.
    expect(b.records[0]!.headers).toEqual({ a: [Buffer.from('1'), Buffer.from([0xff])], b: null });
    expect(b.records[3]!.headers).toEqual({ ü: Buffer.from('x') });
  });

  it('keeps header order exactly on the wire (a, b, a)', async () => {
    const buf = await encodeRecordBatch([records[0]!], { compression: 0, transactional: false, producerId: -1n, producerEpoch: 0, firstSequence: 0, now: 1 });
    const s = buf.toString('latin1');
    expect(s.indexOf('\x02a\x021')).toBeLessThan(s.indexOf('\x02b\x01'));
    expect(s.indexOf('\x02b\x01')).toBeLessThan(s.indexOf('\x02a\x02\xff'));
  });

  it('compresses the records part and marks the codec in the attributes', async () => {
    const compress = async (b: Buffer) => gzipSync(b);
    const buf = await encodeRecordBatch(records, { compression: 1, compress, transactional: false, producerId: -1n, producerEpoch: 0, firstSequence: 0, now: 5 });
    expect(buf.readInt16BE(21) & 0x07).toBe(1);
    const b = await decodeBatch(new Decoder(buf));
    expect(b.records.map((r) => r.value)).toEqual(records.map((r) => r.value));
  });

  it('encodes timestamps far apart (varlong deltas beyond 32 bits)', async () => {
    const rs: OutgoingRecord[] = [
      { key: null, value: Buffer.from('old'), headers: [], timestamp: '0' },
      { key: null, value: Buffer.from('new'), headers: [], timestamp: '4102444800000' },
    ];
    const b = await decodeBatch(new Decoder(await encodeRecordBatch(rs, { compression: 0, transactional: false, producerId: -1n, producerEpoch: 0, firstSequence: 0 })));
    expect(b.records.map((r) => r.timestamp)).toEqual(['0', '4102444800000']);
  });
});

describe('ChunkRecord (line mode records that point into their input chunk)', () => {
  it('encodes byte for byte as the same records with their own Buffers, and partitions alike (property)', async () => {
    const { ChunkRecord } = await import('../../src/kafka/protocol/chunk-record.js');
    const { Batcher } = await import('../../src/kafka/produce/batcher.js');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ key: fc.option(fc.uint8Array({ maxLength: 20 })), value: fc.uint8Array({ maxLength: 300 }) }), { minLength: 1, maxLength: 30 }),
        fc.option(fc.uint8Array({ minLength: 1, maxLength: 8 })),
        fc.uint8Array({ maxLength: 5 }),
        async (parts, fixed, pad) => {
          // Lay every record out in one chunk, after some unrelated bytes, as the input parser finds them.
          const chunk = Buffer.concat([Buffer.from(pad), ...parts.flatMap((p) => [Buffer.from(p.key ?? []), Buffer.from(p.value)])]);
          const fixedKey = fixed === null ? null : Buffer.from(fixed);
          const chunked: OutgoingRecord[] = [];
          const plain: OutgoingRecord[] = [];
          let pos = pad.length;
          for (const p of parts) {
            const k = p.key ?? new Uint8Array();
            const withKey = p.key !== null;
            chunked.push(new ChunkRecord(chunk, withKey ? pos : -1, pos + k.length, pos + k.length, pos + k.length + p.value.length, fixedKey, [], undefined));
            plain.push({ key: withKey ? Buffer.from(k) : fixedKey, value: Buffer.from(p.value), headers: [] });
            pos += k.length + p.value.length;
          }
          const o = { compression: 0, transactional: false, producerId: -1n, producerEpoch: 0, firstSequence: 0, now: 1_700_000_000_000 };
          expect((await encodeRecordBatch(chunked, o)).equals(await encodeRecordBatch(plain, o))).toBe(true);
          chunked.forEach((r, i) => {
            expect(r.key === null ? null : [...r.key]).toEqual(plain[i]!.key === null ? null : [...plain[i]!.key!]);
            expect([...r.value!]).toEqual([...plain[i]!.value!]);
          });
          const place = (rs: OutgoingRecord[]) => {
            const b = new Batcher({ topic: 't', numPartitions: 7, maxBytes: 1 << 20, batchSize: 1000, firstNullKeyPartition: 3 });
            rs.forEach((r, i) => b.add(i + 1, r));
            return [...b.take().groups].map(([p, g]) => [p, g.lines, g.bytes]);
          };
          expect(place(chunked)).toEqual(place(plain));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('records encoded ahead (EncodedRecords) give the same batch bytes, and decode back to the same records (property)', async () => {
    const { ChunkRecord } = await import('../../src/kafka/protocol/chunk-record.js');
    const { EncodedRecords, prepareEncodedBatch, writeBatch } = await import('../../src/kafka/protocol/record-batch.js');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ key: fc.option(fc.uint8Array({ maxLength: 20 })), value: fc.uint8Array({ maxLength: 400 }) }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.record({ key: fc.string({ maxLength: 6 }), value: fc.option(fc.uint8Array({ maxLength: 6 })) }), { maxLength: 3 }),
        fc.constantFrom(0, 1),
        async (parts, hdrs, compression) => {
          const headers = hdrs.map((h) => ({ key: h.key, value: h.value === null ? null : Buffer.from(h.value) }));
          const chunk = Buffer.concat(parts.flatMap((p) => [Buffer.from(p.key ?? []), Buffer.from(p.value)]));
          const enc = new EncodedRecords(64); // small, so it grows
          const plain: OutgoingRecord[] = [];
          let pos = 0;
          for (const p of parts) {
            const k = p.key ?? new Uint8Array();
            enc.append(new ChunkRecord(chunk, p.key === null ? -1 : pos, pos + k.length, pos + k.length, pos + k.length + p.value.length, null, headers, undefined));
            plain.push({ key: p.key === null ? null : Buffer.from(k), value: Buffer.from(p.value), headers });
            pos += k.length + p.value.length;
          }
          const o = { compression, compress: async (b: Buffer) => gzipSync(b), transactional: false, producerId: -1n, producerEpoch: 0, firstSequence: 0, now: 1_700_000_000_000 };
          const b = await prepareEncodedBatch(enc, o);
          const out = Buffer.alloc(b.size);
          expect(writeBatch(out, 0, b, o)).toBe(b.size);
          if (compression === 0) expect(out.equals(await encodeRecordBatch(plain, o))).toBe(true);
          const decoded = await decodeBatch(new Decoder(out));
          expect(decoded.records.map((r) => [r.key === null ? null : [...r.key], [...r.value!], r.offset])).toEqual(plain.map((r, i) => [r.key === null ? null : [...r.key], [...r.value!], String(i)]));
          expect(enc.records().map((r) => [r.key === null ? null : [...r.key], [...r.value!], r.headers.map((h) => [h.key, h.value === null ? null : [...h.value]])])).toEqual(
            plain.map((r) => [r.key === null ? null : [...r.key], [...r.value!], r.headers.map((h) => [h.key, h.value === null ? null : [...h.value]])]),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('murmur2 of a range equals murmur2 of the same bytes on their own', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(40), fc.nat(40), (bytes, a, b) => {
        const [s, e] = [Math.min(a, b, bytes.length), Math.min(Math.max(a, b), bytes.length)];
        expect(murmur2(bytes, s, e)).toBe(murmur2(bytes.slice(s, e)));
      }),
    );
  });
});
