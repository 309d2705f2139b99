/**
 * The protocol room against real bytes: requests sent by Apache's Java tools (and kafka-cli) and the broker's
 * answers, captured by scripts/capture-protocol-fixtures.mjs (test/fixtures/protocol). Each is decoded with
 * the schema interpreter and encoded again: the bytes must come out identical, flexible versions and tagged
 * fields included. No broker needed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGES, type ApiName } from '../../src/kafka/protocol/messages.generated.js';
import { decodeMessage, encodeMessage, inVersions, type Message } from '../../src/kafka/protocol/schema.js';
import { decodeResponse, negotiate, requestBody } from '../../src/kafka/protocol/index.js';
import { checkKafkajsVersion } from '../../src/kafka/protocol/kafkajs.js';
import { Reader, Writer } from '../../src/kafka/protocol/wire.js';
import { ROOT } from '../helpers/cli.js';

interface Fixture {
  api: ApiName;
  version: number;
  client: string;
  kafka: string;
  request: string;
  response: string;
}

const DIR = join(ROOT, 'test', 'fixtures', 'protocol');
const fixtures: Fixture[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Fixture);
const fixture = (api: ApiName, version: number) => fixtures.find((f) => f.api === api && f.version === version)!;

function roundTrip(kind: 'request' | 'response', f: Fixture): Message {
  const schema = MESSAGES[f.api][kind];
  const bytes = Buffer.from(f[kind], 'hex');
  const r = new Reader(bytes);
  const decoded = decodeMessage(schema, f.version, r);
  expect(r.pos, `${f.api} v${f.version} ${kind}: bytes left over`).toBe(bytes.length);
  expect(encodeMessage(schema, f.version, decoded).toString('hex'), `${f.api} v${f.version} ${kind}`).toBe(f[kind]);
  return decoded;
}

describe('protocol codecs: captured bytes decode and encode back identically', () => {
  it('has fixtures for the APIs kafka-cli speaks itself, flexible and classic versions', () => {
    const apis = new Set(fixtures.map((f) => f.api));
    for (const a of ['ListGroups', 'ConsumerGroupDescribe', 'ShareGroupDescribe', 'DescribeShareGroupOffsets', 'AlterShareGroupOffsets', 'DescribeCluster', 'DescribeQuorum', 'ApiVersions', 'IncrementalAlterConfigs', 'ListOffsets', 'OffsetFetch', 'OffsetCommit', 'DeleteGroups', 'DescribeGroups', 'Fetch', 'OffsetDelete'] as ApiName[]) {
      expect(apis, a).toContain(a);
    }
    expect(fixtures.some((f) => inVersions(MESSAGES[f.api].request.flexibleVersions, f.version))).toBe(true);
    expect(fixtures.some((f) => !inVersions(MESSAGES[f.api].request.flexibleVersions, f.version))).toBe(true);
  });

  for (const f of fixtures) {
    it(`${f.api} v${f.version} (request from ${f.client}, Kafka ${f.kafka})`, () => {
      roundTrip('request', f);
      roundTrip('response', f);
    });
  }
});

describe('protocol codecs: what the captured answers say', () => {
  it('ListGroups v5 reports each group type and state', () => {
    const res = roundTrip('response', fixture('ListGroups', 5));
    const byId = new Map((res.groups as Array<{ groupId: string; groupType: string; groupState: string }>).map((g) => [g.groupId, g]));
    expect(byId.get('golden-848')).toMatchObject({ groupType: 'consumer', groupState: 'Stable' });
    expect(byId.get('golden-share')).toMatchObject({ groupType: 'share' });
  });

  it('ConsumerGroupDescribe v1: the member and its assigned partitions by topic name', () => {
    const res = roundTrip('response', fixture('ConsumerGroupDescribe', 1));
    const g = (res.groups as Message[])[0]!;
    expect(g).toMatchObject({ errorCode: 0, groupId: 'golden-848', groupState: 'Stable' });
    const m = (g.members as Message[])[0]!;
    expect(m.clientId).toBe('console-consumer');
    expect((m.assignment as { topicPartitions: Array<{ topicName: string; partitions: number[] }> }).topicPartitions).toEqual([
      expect.objectContaining({ topicName: 'golden', partitions: [0, 1] }),
    ]);
  });

  it('ApiVersions v3: finalized features come in tagged fields', () => {
    const f = fixture('ApiVersions', 3);
    // ApiVersions answers with response header v0: no tag section to skip.
    const res = decodeResponse('ApiVersions', 3, Buffer.from(f.response, 'hex'));
    const features = res.finalizedFeatures as Array<{ name: string; maxVersionLevel: number }>;
    expect(features.find((x) => x.name === 'metadata.version')?.maxVersionLevel).toBeGreaterThan(20);
    expect(res.finalizedFeaturesEpoch).toBeGreaterThan(0n);
  });

  it('DescribeQuorum v2: leader, voters and their controller endpoints', () => {
    const res = roundTrip('response', fixture('DescribeQuorum', 2));
    const p = (res.topics as Array<{ partitions: Message[] }>)[0]!.partitions[0]!;
    expect(p.leaderId).toBe(1);
    expect((p.currentVoters as Message[]).map((v) => v.replicaId)).toEqual([1]);
    expect((res.nodes as Array<{ nodeId: number; listeners: Array<{ name: string }> }>)[0]!.listeners[0]!.name).toBe('CONTROLLER');
  });

  it('OffsetDelete v0: a partition of a topic the live group subscribes to is refused (GROUP_SUBSCRIBED_TO_TOPIC)', () => {
    const req = roundTrip('request', fixture('OffsetDelete', 0));
    expect(req).toEqual({ groupId: 'golden-848', topics: [{ name: 'golden', partitions: [{ partitionIndex: 1 }] }] });
    const res = roundTrip('response', fixture('OffsetDelete', 0));
    expect(res).toEqual({ errorCode: 0, throttleTimeMs: 0, topics: [{ name: 'golden', partitions: [{ partitionIndex: 1, errorCode: 86 }] }] });
  });

  it('DescribeShareGroupOffsets v1: start offset and lag per partition', () => {
    const res = roundTrip('response', fixture('DescribeShareGroupOffsets', 1));
    const parts = (res.groups as Array<{ topics: Array<{ topicName: string; partitions: Message[] }> }>)[0]!.topics[0]!.partitions;
    expect(parts.length).toBe(2);
    for (const p of parts) expect(typeof p.startOffset).toBe('bigint');
  });
});

describe('protocol room: framing and version choice', () => {
  it('a flexible request body starts with the empty tag section of header v2; a classic one does not', () => {
    expect(requestBody('ListGroups', 5, { statesFilter: [], typesFilter: [] }).toString('hex')).toBe('00010100');
    expect(requestBody('ListGroups', 2, {}).toString('hex')).toBe('');
  });

  it('picks the highest version both sides support, within caps; none when the ranges do not meet', () => {
    expect(negotiate('ListGroups', { minVersion: 0, maxVersion: 4 })).toBe(4);
    expect(negotiate('ListGroups', { minVersion: 0, maxVersion: 9 })).toBe(5);
    expect(negotiate('OffsetFetch', { minVersion: 1, maxVersion: 10 }, { maxVersion: 7 })).toBe(7);
    expect(negotiate('ShareGroupDescribe', { minVersion: 0, maxVersion: 0 })).toBeUndefined();
    expect(negotiate('ConsumerGroupDescribe', undefined)).toBeUndefined();
  });

  it('fails with one clear line when kafkajs is not the release the room was written for', () => {
    expect(() => checkKafkajsVersion(() => '2.3.0')).toThrow(/^installed kafkajs is 2\.3\.0, but kafka-cli needs kafkajs 2\.2\.4 exactly/);
    expect(() => checkKafkajsVersion()).not.toThrow();
  });

  it('wire primitives: unsigned varints, compact and classic nulls', () => {
    for (const v of [0, 1, 127, 128, 16383, 16384, 2 ** 31, 0xffffffff]) expect(new Reader(new Writer().uvarint(v).toBuffer()).uvarint()).toBe(v);
    expect(new Writer().uvarint(300).toBuffer().toString('hex')).toBe('ac02');
    expect(new Writer().string(null, true).string(null, false).string('é', true).toBuffer().toString('hex')).toBe('00ffff03c3a9');
    expect(() => new Reader(Buffer.from('02', 'hex')).string(true)).toThrow(/ends early/);
  });
});
