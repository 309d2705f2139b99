/**
 * produce's and copy's flags, checked without I/O: each refused combination is one UsageError (exit 2) with its
 * exact message; accepted ones give the options the commands send with.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { produceOptionsFrom, type ProduceFlags } from '../../src/cli/input/produce-options.js';
import { copyOptionsFrom, type CopyOptionFlags } from '../../src/cli/input/copy-options.js';

/** What commander hands produce's action when no flag is given. */
const PRODUCE_DEFAULTS: ProduceFlags = {
  input: 'line',
  acks: 'all',
  compression: 'none',
  batchSize: '10000',
  maxInFlight: '8',
  transactionTimeout: '60s',
  deliveryTimeout: '30s',
  onInvalid: 'stop',
};
const WHERE = { cwd: '/work', deliveryTimeoutGiven: false };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('produceOptionsFrom refuses', () => {
  const cases: Array<[string, Partial<ProduceFlags>, string, { topic?: string; deliveryTimeoutGiven?: boolean }?]> = [
    ['an invalid topic', {}, "invalid topic name 'a b': only letters, digits, '.', '_' and '-' are allowed", { topic: 'a b' }],
    ['an unknown --input', { input: 'xml' }, "invalid --input 'xml': expected one of line, json"],
    ['an unknown --acks', { acks: '2' }, "invalid --acks '2': expected one of all, 1, 0"],
    ['an unknown codec', { compression: 'brotli' }, "invalid --compression 'brotli': expected one of none, gzip, snappy, lz4, zstd"],
    ['--batch-size 0', { batchSize: '0' }, "invalid --batch-size '0': expected an integer from 1 to 1000000"],
    ['--max-in-flight over 1000', { maxInFlight: '1001' }, "invalid --max-in-flight '1001': expected an integer from 1 to 1000"],
    ['a bad --delivery-timeout', { deliveryTimeout: 'soon' }, "invalid --delivery-timeout 'soon': expected a duration, a number and a unit (ms, s, m, h, d or w), e.g. 500ms, 5s, 2m, 1h"],
    ['an unknown --on-invalid', { onInvalid: 'ignore' }, "invalid --on-invalid 'ignore': expected one of stop, skip"],
    ['--rate 0', { rate: '0' }, "invalid --rate '0': expected messages per second, > 0"],
    ['--rate that is no number', { rate: 'fast' }, "invalid --rate 'fast': expected messages per second, > 0"],
    ['a negative --partition', { partition: '-1' }, "invalid --partition '-1': expected an integer from 0 to 2147483647"],
    ['a bad --transaction-timeout', { transactionTimeout: 'x' }, "invalid --transaction-timeout 'x': expected a duration, a number and a unit (ms, s, m, h, d or w), e.g. 500ms, 5s, 2m, 1h"],
    ['a transaction with --acks 1', { transactionalId: 't', acks: '1' }, '--transactional-id needs --acks all (a transaction is idempotent), not --acks 1'],
    ['a transaction with --no-idempotence', { transactionalId: 't', idempotence: false }, '--no-idempotence cannot be combined with --transactional-id (a transaction is idempotent)'],
    ['a transaction with --delivery-timeout', { transactionalId: 't' }, '--delivery-timeout does not apply with --transactional-id (a failed send aborts the transaction)', { deliveryTimeoutGiven: true }],
    ['a header without =', { header: ['h'] }, "invalid --header 'h': expected key=value"],
    ['an empty --delimiter', { delimiter: '' }, 'invalid --delimiter: it is empty'],
    ['an empty -K', { keySeparator: '' }, 'invalid --key-separator: it is empty'],
    ['--value with --file', { value: 'v', file: 'in.txt' }, '--value and --file cannot be combined'],
    ['--input json with -k', { input: 'json', key: 'k' }, '--input json takes keys from the envelopes: -k, -K and --value do not apply'],
    ['--input json with -K', { input: 'json', keySeparator: ':' }, '--input json takes keys from the envelopes: -k, -K and --value do not apply'],
    ['--input json with --value', { input: 'json', value: 'v' }, '--input json takes keys from the envelopes: -k, -K and --value do not apply'],
    ['-k with -K', { key: 'k', keySeparator: ':' }, '-k/--key and -K/--key-separator cannot be combined'],
    ['--allow-missing-key without -K', { allowMissingKey: true }, '--allow-missing-key needs -K/--key-separator'],
    ['--value with -K', { value: 'v', keySeparator: ':' }, '--value takes its key from --key, not -K'],
    ['--failed naming the --file', { file: 'in.jsonl', failed: './in.jsonl' }, '--failed must not be the --file being read'],
  ];
  it.each(cases)('%s', (_name, flags, message, o = {}) => {
    const got = refusal(() => produceOptionsFrom(o.topic ?? 'orders', { ...PRODUCE_DEFAULTS, ...flags }, { ...WHERE, ...o }));
    expect(got).toBe(message);
  });
});

describe('produceOptionsFrom accepts', () => {
  it('the defaults', () => {
    const o = produceOptionsFrom('orders', PRODUCE_DEFAULTS, WHERE);
    expect(o.send).toEqual({
      topic: 'orders', acks: 'all', compression: 'none', batchSize: 10000, maxInFlight: 8, rate: undefined, transactionalId: undefined,
      transactionTimeoutMs: 60_000, deliveryTimeoutMs: 30_000, onInvalid: 'stop', partition: undefined, idempotence: true,
    });
    expect(o.input).toEqual({ mode: 'line', delimiter: Buffer.from('\n'), keySeparator: undefined, allowMissingKey: undefined, fixedKey: undefined, headers: [], partition: undefined });
    expect([o.value, o.file, o.filePath, o.failed, o.failedPath]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('line mode with -K, escapes, headers, a partition, a rate and files resolved against cwd', () => {
    const o = produceOptionsFrom('orders', { ...PRODUCE_DEFAULTS, keySeparator: '\\t', delimiter: '\\0', allowMissingKey: true, header: ['a=1=2'], partition: '3', rate: '2.5', acks: '-1', compression: 'ZSTD', file: 'in.txt', failed: 'out/failed.jsonl' }, WHERE);
    expect(o.input).toEqual({ mode: 'line', delimiter: Buffer.from([0]), keySeparator: Buffer.from('\t'), allowMissingKey: true, fixedKey: undefined, headers: [{ key: 'a', value: Buffer.from('1=2') }], partition: 3 });
    expect(o.send).toMatchObject({ acks: 'all', compression: 'zstd', rate: 2.5, partition: 3 });
    expect([o.file, o.filePath, o.failed, o.failedPath]).toEqual(['in.txt', '/work/in.txt', 'out/failed.jsonl', '/work/out/failed.jsonl']);
  });

  it('--value with --key, and a transaction with the default --delivery-timeout', () => {
    const o = produceOptionsFrom('orders', { ...PRODUCE_DEFAULTS, value: '', key: 'k', transactionalId: 'load-1', transactionTimeout: '2m' }, WHERE);
    expect(o.value).toEqual(Buffer.alloc(0));
    expect(o.input.fixedKey).toEqual(Buffer.from('k'));
    expect(o.send).toMatchObject({ transactionalId: 'load-1', transactionTimeoutMs: 120_000 });
  });

  it('--input json, --no-idempotence with --acks 0, --on-invalid skip', () => {
    const o = produceOptionsFrom('orders', { ...PRODUCE_DEFAULTS, input: 'JSON', idempotence: false, acks: '0', onInvalid: 'skip', deliveryTimeout: '0' }, { ...WHERE, deliveryTimeoutGiven: true });
    expect(o.input.mode).toBe('json');
    expect(o.send).toMatchObject({ idempotence: false, acks: '0', onInvalid: 'skip', deliveryTimeoutMs: 0 });
  });
});

/** What commander hands copy's action when no flag is given. */
const COPY_DEFAULTS: CopyOptionFlags = {
  from: 'beginning',
  header: [],
  removeHeader: [],
  acks: 'all',
  compression: 'none',
  batchSize: '5000',
  maxInFlight: '8',
  deliveryTimeout: '30s',
};

describe('copyOptionsFrom refuses', () => {
  const cases: Array<[string, string, string | undefined, Partial<CopyOptionFlags>, string]> = [
    ['an invalid source topic', 'a/b', 'b', {}, "invalid topic name 'a/b': only letters, digits, '.', '_' and '-' are allowed"],
    ['a destination and --to-topic-from-header', 'a', 'b', { toTopicFromHeader: 'h' }, 'give either a destination topic or --to-topic-from-header, not both'],
    ['no destination', 'a', undefined, {}, 'missing destination: copy <source-topic> <dest-topic>, or --to-topic-from-header <name>'],
    ['--execute on a plain copy', 'a', 'b', { execute: true }, '--execute goes with --to-topic-from-header (a plain copy always sends)'],
    ['a redrive that follows', 'a', undefined, { toTopicFromHeader: 'h', follow: true }, '--to-topic-from-header reads to the end and cannot --follow'],
    ['an empty redrive header', 'a', undefined, { toTopicFromHeader: ' ' }, 'invalid --to-topic-from-header: it is empty'],
    ['an invalid destination topic', 'a', '..', {}, "invalid topic name '..': '.' and '..' are not allowed"],
    ['a topic onto itself', 'a', 'a', {}, "'a' is both source and destination on the same cluster"],
    ['--from with --last', 'a', 'b', { from: '1h', last: '5' }, 'use either --from or -n/--last, not both'],
    ['a bad --grep', 'a', 'b', { grep: '(' }, "invalid --grep '(': Invalid regular expression: /(/: Unterminated group"],
    ['a bad --acks', 'a', 'b', { acks: 'some' }, "invalid --acks 'some': expected one of all, 1, 0"],
    ['a header filter without =', 'a', 'b', { header: ['x'] }, "invalid --header 'x': expected key=value"],
  ];
  it.each(cases)('%s', (_name, source, dest, flags, message) => {
    const got = refusal(() => copyOptionsFrom(source, dest, { ...COPY_DEFAULTS, ...flags }));
    expect(got).toBe(message);
  });
});

describe('copyOptionsFrom accepts', () => {
  it('a plain copy with the defaults', () => {
    const o = copyOptionsFrom('a', 'b', COPY_DEFAULTS, 1_700_000_000_000);
    expect(o).toMatchObject({ redrive: undefined, destTopic: 'b', failedFile: undefined });
    expect(o.read).toMatchObject({ topic: 'a', partitions: undefined, fromGiven: true, exitAtEnd: true, until: undefined, readCommitted: false });
    expect(o.write).toEqual({ acks: 'all', compression: 'none', batchSize: 5000, maxInFlight: 8, deliveryTimeoutMs: 30_000, idempotence: true, rate: undefined, onInvalid: 'stop', keepPartitions: false, removeHeaders: [] });
  });

  it('a topic onto itself on another cluster, and a redrive with --execute', () => {
    expect(copyOptionsFrom('a', 'a', { ...COPY_DEFAULTS, toBrokers: 'dr:9092' }).destTopic).toBe('a');
    const o = copyOptionsFrom('a.dlq', undefined, { ...COPY_DEFAULTS, toTopicFromHeader: 'origin', execute: true, last: '10', partition: '1,0', rate: '50', removeHeader: ['err'] });
    expect(o.redrive).toBe('origin');
    expect(o.read).toMatchObject({ partitions: [0, 1], from: { kind: 'last', count: 10n } });
    expect(o.write).toMatchObject({ rate: 50, removeHeaders: ['err'] });
  });
});
