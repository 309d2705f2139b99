/**
 * Schema Registry against the suite's real Apicurio registry and broker: encode with produce, decode with tail,
 * and the byte-exact round trip `tail -o json | produce --input json`, checked on the wire with kcat.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, spawnCli, uniqueName } from '../helpers/cli.js';
import { testBroker } from '../helpers/broker-info.js';
import { createTopic } from '../helpers/kafka.js';
import { registryClient, registryEnv, registryReady } from '../helpers/registry.js';
import { requireTool } from '../helpers/require-tool.js';
import { lines, parseJsonLines, send } from './tail-helpers.js';

const FIX = join(ROOT, 'test', 'fixtures', 'schema');
const env = () => registryEnv();

/** Every record's value as kcat (librdkafka) reads it: length-prefixed, so the bytes compare exactly. */
function wireValues(topic: string): Buffer {
  const r = spawnSync('kcat', ['-b', testBroker().bootstrap, '-C', '-t', topic, '-e', '-q', '-f', '%S:%s|%K:%k\n'], { timeout: 30_000 });
  if (r.status !== 0) throw new Error(`kcat failed: ${r.stderr.toString()}`);
  return r.stdout;
}

function wireValue(topic: string, offset: number): Buffer {
  return spawnSync('kcat', ['-b', testBroker().bootstrap, '-C', '-t', topic, '-o', String(offset), '-c', '1', '-e', '-q', '-f', '%s'], { timeout: 30_000 }).stdout;
}

async function produce(topic: string, args: string[], input: string) {
  return runCli(['produce', topic, ...args], { stdin: input, env: env() });
}

async function tailJson(topic: string, args: string[] = []) {
  const r = await runCli(['tail', topic, '--from', 'beginning', '-e', '-o', 'json', ...args], { env: env() });
  return { ...r, records: parseJsonLines(r.stdout) };
}

/** Copies a topic through tail -o json | produce --input json and checks the copy decodes the same; returns the copy. */
async function roundTrip(topic: string): Promise<string> {
  const copy = `${topic}-copy`;
  await createTopic(copy);
  const out = await tailJson(topic);
  expect(out.code).toBe(0);
  const p = await produce(copy, ['--input', 'json'], out.stdout);
  expect(p.stderr).toMatch(/Delivered/);
  expect(p.code).toBe(0);
  const again = await tailJson(copy);
  expect(again.records.map((r) => r.value)).toEqual(out.records.map((r) => r.value));
  return copy;
}

const avroOrders = [
  { id: 1, note: 'first', amount: { int: 12 }, tags: { channel: 'web', region: 'eu' }, blob: 'AAECAw==', hash: '3q2+7w==', status: 'PAID', lines: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 2 }] },
  { id: '9007199254740993', note: null, amount: { 'shop.Money': { cents: 1999, currency: 'EUR' } }, tags: {}, blob: '', hash: 'AAAAAA==', status: 'NEW', lines: [] },
  { id: -5, note: 'third', amount: { string: 'free' }, tags: { k: 'v' }, blob: '/w==', hash: '/////w==', status: 'SHIPPED', lines: [{ sku: 'c', qty: 3 }] },
];

const protoOrder = { id: '12345678901234567', lines: [{ sku: 'a', qty: 2 }], tags: { channel: 'web' }, blob: 'AAE=', status: 'PAID', first: { sku: 'a', qty: 2 } };

/** Three messages of one .proto file: its first message, its second, and a nested one (indexes [0], [1], [0,0]). */
async function produceProtoMessages(topic: string): Promise<void> {
  const proto = join(FIX, 'order.proto');
  expect((await produce(topic, ['--value-schema', proto, '--register'], JSON.stringify(protoOrder))).code).toBe(0);
  expect((await produce(topic, ['--value-schema', proto, '--value-message', 'Refund'], JSON.stringify({ order_id: 'o-1', amount: 12.5 }))).code).toBe(0);
  expect((await produce(topic, ['--value-schema', proto, '--value-message', 'shop.Order.Line'], JSON.stringify({ sku: 'z', qty: 9 }))).code).toBe(0);
}

// The registry starts beside the broker; wait for it once per file.
beforeAll(() => registryReady(), 200_000);

describe('integration: Avro through the schema registry', () => {
  it('produce --value-schema needs --register for a new schema, then encodes; tail decodes; the round trip decodes the same', async () => {
    const topic = uniqueName('avro');
    await createTopic(topic);
    const input = avroOrders.map((o) => JSON.stringify(o)).join('\n') + '\n';
    const refused = await produce(topic, ['--value-schema', join(FIX, 'order.avsc')], input);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`kafka-cli: the schema in '${join(FIX, 'order.avsc')}' is not registered under subject '${topic}-value': add --register to register it (or pass --value-schema-id)\n`);
    expect(await registryClient().subjects()).not.toContain(`${topic}-value`);

    const p = await produce(topic, ['--value-schema', join(FIX, 'order.avsc'), '--register', '-K', '|'], input.split('\n').filter(Boolean).map((l, i) => `k${i}|${l}`).join('\n'));
    expect(p.code).toBe(0);
    const id = (await registryClient().version(`${topic}-value`, 'latest')).id;

    const out = await tailJson(topic);
    expect(out.stderr).toBe('');
    expect(out.records.map((r) => [r.key, r.keyEncoding, r.valueEncoding, r.valueSchemaId])).toEqual(avroOrders.map((_, i) => [`k${i}`, 'utf8', 'avro', id]));
    expect(out.records.map((r) => r.value)).toEqual(avroOrders.map((o) => ({ ...o, note: o.note ?? null })));

    const text = await runCli(['tail', topic, '--from', 'beginning', '-e', '-f', '%k %s\\n'], { env: env() });
    expect(lines(text.stdout)[0]).toBe(`k0 ${JSON.stringify(avroOrders[0])}`);
    await roundTrip(topic);
  });

  it('a line that does not match is an invalid line: named, exit 2, never sent; --on-invalid skip sends the rest', async () => {
    const topic = uniqueName('avro-bad');
    await createTopic(topic);
    await produce(topic, ['--value-schema', join(FIX, 'order.avsc'), '--register', '--value', JSON.stringify(avroOrders[0])], '');
    const input = [JSON.stringify(avroOrders[0]), JSON.stringify({ ...avroOrders[0], status: 'LOST' }), 'not json', JSON.stringify(avroOrders[2])].join('\n');
    const stop = await produce(topic, ['--value-subject', `${topic}-value`], input);
    expect(stop.code).toBe(2);
    expect(stop.stderr).toMatch(/line 2: the value does not match schema id \d+ \(avro\)/);
    const skip = await produce(topic, ['--value-subject', `${topic}-value`, '--on-invalid', 'skip'], input);
    expect(skip.code).toBe(2);
    expect(skip.stderr).toMatch(/lines 2-3/);
    const out = await tailJson(topic);
    // 1 from --value, 1 before the stop, 2 with skip.
    expect(out.records.map((r) => (r.value as { id: number }).id)).toEqual([1, 1, 1, -5]);
  });

  it('--avro-json standard prints and reads Avro\'s own JSON encoding', async () => {
    const topic = uniqueName('avro-std');
    await createTopic(topic);
    expect((await produce(topic, ['--value-schema', join(FIX, 'order.avsc'), '--register'], JSON.stringify(avroOrders[0]))).code).toBe(0);
    const out = await tailJson(topic, ['--avro-json', 'standard']);
    const v = out.records[0]!.value as Record<string, unknown>;
    expect(v.note).toEqual({ string: 'first' });
    expect(v.blob).toBe('\u0000\u0001\u0002\u0003');
    const copy = `${topic}-std`;
    await createTopic(copy);
    expect((await produce(copy, ['--input', 'json', '--avro-json', 'standard'], out.stdout)).code).toBe(0);
    expect((await tailJson(copy)).records.map((r) => r.value)).toEqual(avroOrders.slice(0, 1).map((o) => ({ ...o, note: o.note ?? null })));
  });
});

describe('integration: Protobuf through the schema registry', () => {
  it('nested messages and several messages per file keep their message index; the round trip decodes the same', async () => {
    const topic = uniqueName('proto');
    await createTopic(topic);
    await produceProtoMessages(topic);
    const out = await tailJson(topic);
    expect(out.stderr).toBe('');
    expect(out.records.map((r) => [r.valueEncoding, r.valueMessage, r.value])).toEqual([
      ['protobuf', 'shop.Order', protoOrder],
      ['protobuf', 'shop.Refund', { order_id: 'o-1', amount: 12.5 }],
      ['protobuf', 'shop.Order.Line', { sku: 'z', qty: 9 }],
    ]);
    await roundTrip(topic);
  });
});

describe('integration: JSON Schema through the schema registry', () => {
  it('validates, frames, decodes and round-trips', async () => {
    const topic = uniqueName('jsonschema');
    await createTopic(topic);
    const file = join(FIX, 'order.schema.json');
    const docs = [{ id: 1, customer: { name: 'Ada' }, items: ['a', 'b'] }, { id: 2 }];
    const p = await produce(topic, ['--value-schema', file, '--register', '--on-invalid', 'skip'], [...docs, { id: 'x' }].map((d) => JSON.stringify(d)).join('\n'));
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/line 3: the value does not match schema id \d+ \(json-schema\): does not match the JSON Schema: \/id must be integer/);
    const out = await tailJson(topic);
    expect(out.records.map((r) => [r.valueEncoding, r.value])).toEqual(docs.map((d) => ['json-schema', d]));
    await roundTrip(topic);
  });
});

describe.skipIf(!requireTool('kcat'))('integration: schema-encoded records on the wire (kcat reads the bytes)', () => {
  /** A new topic holding `lines` produced with `args`; the copy `tail -o json | produce --input json` makes holds the same bytes. */
  async function copyIsByteExact(name: string, args: string[], lines: string[]): Promise<string> {
    const topic = uniqueName(name);
    await createTopic(topic);
    const p = await produce(topic, [...args, '--register'], lines.join('\n'));
    expect(p.code, p.stderr).toBe(0);
    const copy = await roundTrip(topic);
    expect(wireValues(copy).equals(wireValues(topic))).toBe(true);
    return topic;
  }

  it('Avro: the Confluent framing (magic 0, the schema id, then Avro); the copy holds the same bytes', async () => {
    const topic = await copyIsByteExact('avro-wire', ['--value-schema', join(FIX, 'order.avsc')], avroOrders.map((o) => JSON.stringify(o)));
    const first = wireValue(topic, 0);
    expect(first[0]).toBe(0);
    expect(first.readInt32BE(1)).toBe((await registryClient().version(`${topic}-value`, 'latest')).id);
  });

  it('Avro keys and values (--key-schema): the copy holds the same key and value bytes', async () => {
    await copyIsByteExact('keyed-wire', ['-K', '|', '--key-schema', join(FIX, 'key.avsc'), '--value-schema', join(FIX, 'order.avsc')], avroOrders.map((o, i) => `"order-${i}"|${JSON.stringify(o)}`));
  });

  it('--avro-json standard: the copy made through Avro\'s own JSON encoding holds the same bytes', async () => {
    const topic = uniqueName('avro-std-wire');
    await createTopic(topic);
    expect((await produce(topic, ['--value-schema', join(FIX, 'order.avsc'), '--register'], avroOrders.map((o) => JSON.stringify(o)).join('\n'))).code).toBe(0);
    const out = await tailJson(topic, ['--avro-json', 'standard']);
    const copy = `${topic}-std`;
    await createTopic(copy);
    expect((await produce(copy, ['--input', 'json', '--avro-json', 'standard'], out.stdout)).code).toBe(0);
    expect(wireValues(copy).equals(wireValues(topic))).toBe(true);
  });

  it('Protobuf: message indexes on the wire ([0] as the byte 0, [1] as 02 02, [0,0] as 04 00 00); the copy holds the same bytes', async () => {
    const topic = uniqueName('proto-wire');
    await createTopic(topic);
    await produceProtoMessages(topic);
    const id = (await registryClient().version(`${topic}-value`, 'latest')).id;
    const heads = [0, 1, 2].map((o) => wireValue(topic, o));
    expect(heads.map((h) => h.readInt32BE(1))).toEqual([id, id, id]);
    expect(heads.map((h) => h.subarray(5, 8).toString('hex'))).toEqual([`00${heads[0]!.subarray(6, 8).toString('hex')}`, `0202${heads[1]!.subarray(7, 8).toString('hex')}`, '040000']);
    const copy = await roundTrip(topic);
    expect(wireValues(copy).equals(wireValues(topic))).toBe(true);
  });

  it('JSON Schema: the copy holds the same bytes', async () => {
    await copyIsByteExact('jsonschema-wire', ['--value-schema', join(FIX, 'order.schema.json')], [{ id: 1, customer: { name: 'Ada' }, items: ['a', 'b'] }, { id: 2 }].map((d) => JSON.stringify(d)));
  });
});

describe('integration: keys, subject strategies, start-up', () => {
  it('--key-schema encodes keys (subject <topic>-key), --subject-strategy record names the value subject after the record', async () => {
    const topic = uniqueName('keyed');
    await createTopic(topic);
    const keyAvsc = join(FIX, 'key.avsc');
    const input = avroOrders.map((o, i) => `order-${i}|${JSON.stringify(o)}`).join('\n');
    const args = ['-K', '|', '--key-schema', keyAvsc, '--value-schema', join(FIX, 'order.avsc'), '--register'];
    const unnamed = await produce(topic, [...args, '--subject-strategy', 'record'], input);
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toBe('kafka-cli: --subject-strategy record needs a named key schema (Avro named type, Protobuf message, JSON Schema title): give --key-subject instead\n');
    const p = await produce(topic, [...args, '--subject-strategy', 'record', '--key-subject', `${topic}-key`], input.replace(/order-(\d)/g, '"order-$1"'));
    expect(p.stderr).toMatch(/keys: schema id \d+ \(subject .*-key\)/);
    expect(p.stderr).toMatch(/values: schema id \d+ \(subject shop\.Order\)/);
    expect(p.code).toBe(0);
    const subjects = await registryClient().subjects();
    expect(subjects).toEqual(expect.arrayContaining([`${topic}-key`, 'shop.Order']));
    const out = await tailJson(topic);
    expect(out.records.map((r) => [r.key, r.keyEncoding, r.valueEncoding])).toEqual(avroOrders.map((_, i) => [`order-${i}`, 'avro', 'avro']));
    // Text output and --key see a decoded string key as itself.
    const one = await runCli(['tail', topic, '--from', 'beginning', '-e', '--key', 'order-1', '-f', '%k %s\n'], { env: env() });
    expect(one.stdout).toBe(`order-1 ${JSON.stringify(avroOrders[1])}\n`);
    await roundTrip(topic);
  });

  it('--help, and produce of plain lines, do not load the serde libraries (avsc, protobufjs, ajv)', async () => {
    for (const args of [['--help'], ['tail', '--help'], ['produce', '--help'], ['schema', '--help']]) {
      const r = await spawnCli(args, { nodeArgs: ['--import', join(ROOT, 'test', 'fixtures', 'trace-serde-imports.mjs')] });
      expect(r.code).toBe(0);
      expect(r.stderr).not.toContain('TRACE-IMPORT');
    }
    // Lines without schema flags are sent as they are: no serde library loads, even with a registry configured.
    const topic = uniqueName('plain');
    await createTopic(topic);
    const r = await spawnCli(['produce', topic, '-K:'], { stdin: 'a:1\nb:2\n', env: env(), nodeArgs: ['--import', join(ROOT, 'test', 'fixtures', 'trace-serde-imports.mjs')] });
    expect(r.stderr).toContain('Delivered 2 messages');
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('TRACE-IMPORT');
  });
});

describe('integration: records tail cannot decode', () => {
  it('shows unframed values and unknown schema ids raw, warning once per id, skipping nothing', async () => {
    const topic = uniqueName('mixed');
    await createTopic(topic);
    const unknown = Buffer.from([0, 0x7f, 0xff, 0xff, 0x00, 1, 2]);
    await send(topic, [{ value: 'plain text' }, { value: unknown }, { value: unknown }, { value: 'more text' }]);
    const out = await tailJson(topic);
    expect(out.code).toBe(0);
    expect(out.records.map((r) => [r.value, r.valueEncoding])).toEqual([
      ['plain text', 'utf8'],
      [unknown.toString('base64'), 'base64'],
      [unknown.toString('base64'), 'base64'],
      ['more text', 'utf8'],
    ]);
    const warnings = lines(out.stderr);
    expect(warnings.sort()).toEqual([
      'kafka-cli: warning: a value is not in the schema registry format (no magic byte 0 and schema id): shown raw',
      `kafka-cli: warning: schema id ${0x7fffff00} (value): not found in the registry; its records are shown raw`,
    ]);
    const raw = await runCli(['tail', topic, '--from', 'beginning', '-e', '-o', 'json', '--value-format', 'raw'], { env: env() });
    expect(raw.stderr).toBe('');
  });

  it('an envelope with a schema id and no registry is an invalid line, never sent as text', async () => {
    const topic = uniqueName('noreg');
    await createTopic(topic);
    const r = await runCli(['produce', topic, '--input', 'json'], { stdin: '{"value":{"id":1},"valueEncoding":"avro","valueSchemaId":1}\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 1: the value is avro \(schema id 1\): encoding it needs a schema registry/);
  });
});

describe('integration: registry connection failures', () => {
  it('a registry that is down: one line, exit 1, fast (tail, produce and schema)', async () => {
    const t0 = Date.now();
    const down = { KAFKA_SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1/apis/ccompat/v7' };
    for (const args of [['schema', 'list'], ['tail', 'x', '-e'], ['produce', 'x', '--value-subject', 'x-value', '--value', '{}']]) {
      const r = await runCli(args, { env: down });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('kafka-cli: cannot reach the schema registry at http://127.0.0.1:1/apis/ccompat/v7: connection refused (is it running?)\n');
    }
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('TLS to a plain-HTTP registry fails in one line', async () => {
    const url = registryEnv().KAFKA_SCHEMA_REGISTRY_URL!.replace('http://', 'https://');
    const r = await runCli(['schema', 'list', '--schema-registry', url]);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^kafka-cli: cannot reach the schema registry at https:/);
  });
});

describe('integration: Avro logical types', () => {
  it('every logical type is shown readable and the round trip tail -o json | produce --input json is byte-exact', async () => {
    const topic = uniqueName('avro-logical');
    await createTopic(topic);
    const v = {
      a: '9007199254740993', tm: '2025-12-06T05:46:40.456Z', tu: '2025-12-06T05:46:40.456789Z', tn: '2026-12-07T05:53:46.371000001Z',
      lm: '2025-12-06T05:46:40.456', ln: '2026-12-07T05:53:46.371000000', tmi: '13:45:30.123', tmu: '13:45:30.123456', d: '2026-12-07',
      db: '-987.65', df: '-1.500', u: '123e4567-e89b-12d3-a456-426614174000', du: { months: 1, days: 2, milliseconds: 3 }, o: null,
    };
    const p = await produce(topic, ['--value-schema', join(FIX, 'every-logical.avsc'), '--register'], `${JSON.stringify(v)}\n${JSON.stringify({ ...v, o: '1969-12-31T23:59:59.999Z', tn: 1796620426371000000 })}\n`);
    expect(p.code).toBe(0);
    const out = await tailJson(topic);
    expect(out.stderr).toBe('');
    expect(out.records.map((r) => r.value)).toEqual([v, { ...v, o: '1969-12-31T23:59:59.999Z', tn: '2026-12-07T05:13:46.371000000Z' }]);
    await roundTrip(topic);
    const bad = await produce(topic, ['--value-schema', join(FIX, 'every-logical.avsc')], `${JSON.stringify({ ...v, u: 'not-a-uuid' })}\n`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/u: expected a UUID/);
  });
});
