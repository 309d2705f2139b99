import { describe, expect, it } from 'vitest';
import { compileFormat } from '../../src/format/records/record-format.js';
import { UsageError } from '../../src/core/errors.js';
import type { ConsumedRecord } from '../../src/core/records.js';

const rec: ConsumedRecord = {
  topic: 'orders',
  partition: 3,
  offset: '9007199254740993',
  timestamp: '1795255200000',
  key: Buffer.from('k'),
  value: Buffer.from([0x68, 0x69, 0xff]),
  headers: [
    { key: 'a', value: Buffer.from('1') },
    { key: 'b', value: null },
    { key: 'a', value: Buffer.from('2') },
  ],
};

describe('compileFormat', () => {
  it('replaces every token', () => {
    const out = compileFormat('%t|%p|%o|%k|%K|%S|%T|%I|%h|%%').render(rec, false).toString('latin1');
    expect(out).toBe('orders|3|9007199254740993|k|1|3|1795255200000|2026-11-21T10:00:00.000Z|a=1,b=,a=2|%');
  });
  it('writes key and value bytes raw, or escaped when safe', () => {
    expect(compileFormat('%s').render(rec, false)).toEqual(Buffer.from([0x68, 0x69, 0xff]));
    expect(compileFormat('%s').render(rec, true).toString()).toBe('hi\\xff');
  });
  it('handles escapes and keeps unknown ones as typed', () => {
    expect(compileFormat('%k\\t%p\\n\\\\\\q').render(rec, false).toString()).toBe('k\t3\n\\\\q');
  });
  it('prints null key and value as nothing, lengths as -1', () => {
    const n = { ...rec, key: null, value: null, headers: [] };
    expect(compileFormat('[%k][%s][%K][%S][%h]').render(n, false).toString()).toBe('[][][-1][-1][]');
  });
  it('rejects unknown tokens and a lone % at the end', () => {
    expect(() => compileFormat('%x')).toThrow(UsageError);
    expect(() => compileFormat('%x')).toThrow(/unknown token %x/);
    expect(() => compileFormat('abc%')).toThrow(/lone %/);
  });
});
