import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeMessageIndexes, encodeMessageIndexes, frame, unframe } from '../../src/schema/framing.js';

describe('Confluent framing', () => {
  it('writes magic 0 and the big-endian schema id before the payload (golden bytes)', () => {
    expect(frame(258, Buffer.from([0xaa, 0xbb])).toString('hex')).toBe('0000000102aabb');
    expect(unframe(Buffer.from('0000000102aabb', 'hex'))).toEqual({ schemaId: 258, payload: Buffer.from([0xaa, 0xbb]) });
  });

  it('does not take plain bytes for framed ones', () => {
    expect(unframe(Buffer.from('{"a":1}'))).toBeUndefined();
    expect(unframe(Buffer.from([0, 0, 0, 1]))).toBeUndefined();
  });

  it('writes the first message of a file as the single byte 0, others as zigzag count and indexes (golden bytes)', () => {
    expect(encodeMessageIndexes([0]).toString('hex')).toBe('00');
    expect(encodeMessageIndexes([1]).toString('hex')).toBe('0202');
    expect(encodeMessageIndexes([0, 0]).toString('hex')).toBe('040000');
    expect(encodeMessageIndexes([2, 70]).toString('hex')).toBe('04048c01');
  });

  it('reads what it writes, and the 0 shorthand as [0]', () => {
    expect(decodeMessageIndexes(Buffer.from('00ff', 'hex'))).toEqual({ path: [0], rest: Buffer.from([0xff]) });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 6 }), fc.uint8Array({ maxLength: 8 }), (path, rest) => {
        const d = decodeMessageIndexes(Buffer.concat([encodeMessageIndexes(path), rest]));
        expect(d.path).toEqual(path);
        expect([...d.rest]).toEqual([...rest]);
      }),
    );
  });

  it('rejects a truncated index list', () => {
    expect(() => decodeMessageIndexes(Buffer.from([0x04, 0x80]))).toThrow(/truncated/);
  });
});
