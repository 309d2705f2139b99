/**
 * The produce hook fails loudly: kafka-cli's placeholder messages never go out through kafkajs's own Produce
 * encoder (they would be empty records), and a kafkajs that is not 2.2.4 is one clear error.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { checkKafkajsVersion } from '../../src/kafka/protocol/kafkajs.js';
import { installRecordBatchEncoder, partitionPlaceholder, recordPlaceholder } from '../../src/kafka/protocol/produce.js';
import type { OutgoingRecord } from '../../src/core/records.js';

const require = createRequire(import.meta.url);
type Builder = (args: object) => { encode(): Promise<{ buffer: Buffer }> };
const builder = (v: number) => require(`kafkajs/src/protocol/requests/produce/v${v}/request.js`) as Builder;

const record: OutgoingRecord = { key: Buffer.from('k1'), value: Buffer.from('value-that-must-arrive'), headers: [] };
const request = (messages: object[]) => ({ acks: -1, timeout: 1000, compression: 0, topicData: [{ topic: 't', partitions: [{ partition: 0, messages }] }] });

describe('produce hook (kafkajs 2.2.4 Produce request builders)', () => {
  // Runs first: the version check remembers a good answer.
  it('a kafkajs other than 2.2.4 is one clear line', () => {
    expect(() => checkKafkajsVersion(() => '2.3.0')).toThrow(/^installed kafkajs is 2\.3\.0, but kafka-cli needs kafkajs 2\.2\.4 exactly .*: run npm install in kafka-cli's folder$/);
  });

  it("without the hook, kafkajs's own encoder refuses kafka-cli's placeholders instead of sending empty records", async () => {
    for (let v = 3; v <= 7; v++) {
      await expect(builder(v)(request([partitionPlaceholder(0, [record])])).encode()).rejects.toThrow(/KafkaCliPlaceholderNotEncoded/);
      await expect(builder(v)(request([recordPlaceholder(0, record)])).encode()).rejects.toThrow(/KafkaCliPlaceholderNotEncoded/);
    }
  });

  it('with the hook, the same placeholders are encoded as their records; a request mixing in other messages throws', async () => {
    installRecordBatchEncoder();
    for (let v = 3; v <= 7; v++) {
      const grouped = (await builder(v)(request([partitionPlaceholder(0, [record, record])])).encode()).buffer;
      expect(grouped.toString('latin1').split('value-that-must-arrive')).toHaveLength(3);
      const each = (await builder(v)(request([recordPlaceholder(0, record)])).encode()).buffer;
      expect(each.includes(Buffer.from('value-that-must-arrive'))).toBe(true);
      await expect(builder(v)(request([recordPlaceholder(0, record), { key: null, value: Buffer.from('plain') }])).encode()).rejects.toThrow(/mixed kafka-cli records with other messages/);
      // Requests that are not kafka-cli's still go to kafkajs's own builder.
      const plain = (await builder(v)(request([{ key: null, value: Buffer.from('plain-kafkajs') }])).encode()).buffer;
      expect(plain.includes(Buffer.from('plain-kafkajs'))).toBe(true);
    }
  });
});
