import { describe, expect, it } from 'vitest';
import { TOPIC_CONFIGS, validateTopicConfigs } from '../../src/kafka/admin/configs.js';
import { isInternalTopic, messageCount } from '../../src/kafka/admin/topics.js';
import { UsageError } from '../../src/core/errors.js';

describe('validateTopicConfigs', () => {
  it('accepts valid values of each kind', () => {
    expect(() =>
      validateTopicConfigs([
        ['retention.ms', '-1'],
        ['retention.bytes', '9223372036854775807'],
        ['cleanup.policy', 'compact,delete'],
        ['compression.type', 'zstd'],
        ['min.cleanable.dirty.ratio', '0.25'],
        ['unclean.leader.election.enable', 'TRUE'],
        ['message.timestamp.type', 'LogAppendTime'],
        ['leader.replication.throttled.replicas', '0:1,1:2'],
      ]),
    ).not.toThrow();
  });

  it.each([
    ['retention.ms', '1.5', /expected an integer/],
    ['retention.ms', '-2', /expected an integer >= -1/],
    ['retention.bytes', '9223372036854775808', /expected an integer/],
    ['max.message.bytes', '2147483648', /expected an integer from 0 to 2147483647/],
    ['compression.gzip.level', '10', /from -1 to 9/],
    ['compression.type', 'brotli', /one of uncompressed, zstd, lz4, snappy, gzip, producer/],
    ['cleanup.policy', 'compact,', /comma-separated list/],
    ['preallocate', 'yes', /true or false/],
    ['min.cleanable.dirty.ratio', 'half', /expected a number/],
  ])('rejects %s=%s', (key, value, why) => {
    expect(() => validateTopicConfigs([[key, value]])).toThrow(why);
  });

  it('rejects unknown keys with a suggestion, unless the broker knows the key', () => {
    expect(() => validateTopicConfigs([['segment.byte', '1']])).toThrow("unknown topic config 'segment.byte' (did you mean 'segment.bytes'?)");
    expect(() => validateTopicConfigs([['zzz', '1']])).toThrow(/^unknown topic config 'zzz'$/);
    expect(() => validateTopicConfigs([['new.in.kafka.9', 'x']], new Set(['new.in.kafka.9']))).not.toThrow();
  });

  it('errors are usage errors (exit 2)', () => {
    try {
      validateTopicConfigs([['retention.ms', 'x']]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
    }
  });

  it('the catalog names only topic-level keys', () => {
    for (const k of Object.keys(TOPIC_CONFIGS)) expect(k).toMatch(/^[a-z0-9.]+$/);
    expect(Object.keys(TOPIC_CONFIGS)).toContain('retention.ms');
  });
});

describe('small helpers', () => {
  it('messageCount: exact beyond 2^53, never negative, null when unknown', () => {
    expect(messageCount({ partition: 0, low: '1', high: '9007199254740993' })).toBe(9007199254740992n);
    expect(messageCount({ partition: 0, low: '10', high: '3' })).toBe(0n);
    expect(messageCount(undefined)).toBeNull();
  });
  it('isInternalTopic', () => {
    expect(isInternalTopic('__consumer_offsets')).toBe(true);
    expect(isInternalTopic('_schemas')).toBe(false);
    expect(isInternalTopic('orders')).toBe(false);
  });
});
