import { describe, expect, it } from 'vitest';
import { missingPartitions } from '../../src/kafka/produce/send-coverage.js';

describe('missingPartitions (kafkajs skipping partitions whose leader moved)', () => {
  it('names the partitions asked for that the result does not acknowledge, sorted', () => {
    const res = [{ topicName: 't', partition: 2 }, { topicName: 't', partition: 0 }, { topicName: 'other', partition: 5 }];
    expect(missingPartitions(res, 't', [5, 0, 2, 1])).toEqual([1, 5]);
  });
  it('nothing missing when every partition is there', () => {
    expect(missingPartitions([{ topicName: 't', partition: 0 }], 't', [0])).toEqual([]);
  });
});
