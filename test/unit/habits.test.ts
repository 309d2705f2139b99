/** What users bring from Apache's tools: config lists with units, `--topic t:0,2`. Pure parsing, no broker. */
import { describe, expect, it } from 'vitest';
import { convertConfigs, convertConfigUnits, parseAddConfig, parseDeleteConfig } from '../../src/cli/config-values.js';
import { parseResetTopics } from '../../src/commands/group/reset-offsets.js';

describe('topic config --add-config / --delete-config (kafka-configs.sh syntax)', () => {
  it('splits k=v pairs on commas, keeping [lists] and bare continuations together', () => {
    expect(parseAddConfig('retention.ms=1000,segment.bytes=2048')).toEqual([['retention.ms', '1000'], ['segment.bytes', '2048']]);
    expect(parseAddConfig('cleanup.policy=[compact,delete],retention.ms=5')).toEqual([['cleanup.policy', 'compact,delete'], ['retention.ms', '5']]);
    expect(parseAddConfig('cleanup.policy=compact,delete')).toEqual([['cleanup.policy', 'compact,delete']]);
    expect(() => parseAddConfig('nokey')).toThrow(/^invalid --add-config 'nokey': expected key=value/);
    expect(() => parseAddConfig('=v')).toThrow(/a key is empty/);
    expect(parseDeleteConfig('retention.ms, segment.bytes')).toEqual(['retention.ms', 'segment.bytes']);
    expect(() => parseDeleteConfig('a,,b')).toThrow(/^invalid --delete-config/);
  });
});

describe('config values with units', () => {
  it.each([
    ['retention.ms', '7d', '604800000'],
    ['retention.ms', '1w', '604800000'],
    ['segment.ms', '1.5h', '5400000'],
    ['delete.retention.ms', '90s', '90000'],
    ['retention.ms', '250ms', '250'],
    ['segment.bytes', '1GiB', '1073741824'],
    ['retention.bytes', '10GB', '10000000000'],
    ['max.message.bytes', '1.5MiB', '1572864'],
    ['segment.index.bytes', '10 MB', '10000000'],
  ])('%s=%s is sent as %s', (name, typed, sent) => {
    expect(convertConfigUnits(name, typed)).toEqual({ value: sent, typed });
  });
  it('leaves plain numbers, other configs and -1 alone', () => {
    expect(convertConfigUnits('retention.ms', '-1')).toEqual({ value: '-1' });
    expect(convertConfigUnits('retention.ms', '86400000')).toEqual({ value: '86400000' });
    expect(convertConfigUnits('cleanup.policy', '7d')).toEqual({ value: '7d' });
    expect(convertConfigUnits('min.insync.replicas', '2')).toEqual({ value: '2' });
  });
  it('refuses fractions that are not whole', () => {
    expect(() => convertConfigUnits('retention.ms', '0.0001s')).toThrow(/not a whole number of milliseconds/);
    expect(() => convertConfigUnits('segment.bytes', '1.3B')).toThrow(/not a whole number of bytes/);
  });
  it('notes each conversion in one line (golden)', () => {
    const notes: string[] = [];
    expect(convertConfigs([['retention.ms', '7d'], ['cleanup.policy', 'compact'], ['segment.bytes', '1GiB']], notes)).toEqual([['retention.ms', '604800000'], ['cleanup.policy', 'compact'], ['segment.bytes', '1073741824']]);
    expect(notes).toEqual(['kafka-cli: retention.ms=7d is sent as retention.ms=604800000', 'kafka-cli: segment.bytes=1GiB is sent as segment.bytes=1073741824']);
  });
});

describe('group reset-offsets topics', () => {
  it("takes --topic t, Apache's --topic t:0,2, -p with one topic, or --all-topics", () => {
    expect(parseResetTopics({ topic: ['orders'] })).toEqual([{ topic: 'orders', partitions: undefined }]);
    expect(parseResetTopics({ topic: ['orders:0,2', 'payments'] })).toEqual([{ topic: 'orders', partitions: [0, 2] }, { topic: 'payments', partitions: undefined }]);
    expect(parseResetTopics({ topic: ['orders:0-2'] })).toEqual([{ topic: 'orders', partitions: [0, 1, 2] }]);
    expect(parseResetTopics({ topic: ['orders'], partition: '1' })).toEqual([{ topic: 'orders', partitions: [1] }]);
    expect(parseResetTopics({ topic: [], allTopics: true })).toEqual([]);
  });
  it('refuses ambiguous or missing topics with a usage error', () => {
    expect(() => parseResetTopics({ topic: [] })).toThrow(/name the topic: --topic <name>.* or --all-topics/);
    expect(() => parseResetTopics({ topic: ['a'], allTopics: true })).toThrow(/either --topic or --all-topics/);
    expect(() => parseResetTopics({ topic: ['a', 'b'], partition: '0' })).toThrow(/--partition goes with exactly one --topic/);
    expect(() => parseResetTopics({ topic: ['a:0'], partition: '0' })).toThrow(/give the partitions of 'a' once/);
    expect(() => parseResetTopics({ topic: ['a', 'a:1'] })).toThrow(/topic 'a' is given twice/);
  });
});

describe('hints for habits from Apache tools and kcat (golden)', async () => {
  const { habitHint } = await import('../../src/cli/hints.js');
  it.each([
    [['tail', 't', '--from-beginning'], "--from-beginning is kafka-console-consumer's: here it is --from beginning (kafka-cli tail <topic> --from beginning)"],
    [['--bootstrap-server', 'k:9092', 'topic', 'list'], 'use -b/--brokers <host:port,...> for the bootstrap servers (or env KAFKA_BROKERS)'],
    [['topic', 'list', '--bootstrap-server=k:9092'], 'use -b/--brokers <host:port,...> for the bootstrap servers (or env KAFKA_BROKERS)'],
    [['tail', 't', '-J'], "kcat's -J is -o json here: one JSON envelope per line (kafka-cli tail <topic> -o json)"],
    [['consume', 't', '-o', 'beginning'], "-o is the output format here (text, value, json); kcat's -o beginning is --from beginning"],
    [['tail', 't', '-o', '-10'], "-o is the output format here (text, value, json); kcat's -o -10 is --from -10"],
    [['tail', 't', '-o', 's@1700000000000'], "-o is the output format here (text, value, json); kcat's -o s@1700000000000 is --from @1700000000000"],
    [['tail', 't', '-o', 'e@1700000000000'], "-o is the output format here (text, value, json); kcat's -o e@1700000000000 is --until @1700000000000"],
    [['tail', 't', '-f'], "tail follows new messages by default (no -f needed; -e stops at the end); -f is --format <template>, e.g. -f '%k %s\\n'"],
    [['-b', 'k:1', 'tail', '-f', 't'], "tail follows new messages by default (no -f needed; -e stops at the end); -f is --format <template>, e.g. -f '%k %s\\n'"],
    [['produce', 't', 'hello'], 'produce takes one topic; the message goes in --value (kafka-cli produce t --value hello) or on stdin'],
    [['produce', 't', '-k', 'a', 'hello', 'world'], "produce takes one topic; the message goes in --value (kafka-cli produce t --value 'hello world') or on stdin"],
    [['-C', '-b', 'k:9092', '-t', 'orders'], "kcat's -C is the tail command here, the topic its argument: kafka-cli tail orders (-e stops at the end, --from beginning starts there)"],
    [['-C', '-t', 'orders', '-e'], "kcat's -C is the tail command here, the topic its argument: kafka-cli tail orders (-e stops at the end, --from beginning starts there)"],
    [['consume', '-C', '-t', 'orders'], "kcat's -C is the tail command here, the topic its argument: kafka-cli tail orders (-e stops at the end, --from beginning starts there)"],
    [['-P', '-t', 'orders'], "kcat's -P is the produce command here, the topic its argument: kafka-cli produce orders (one message per line on stdin, or --value)"],
    [['-b', 'k:9092', '-P'], "kcat's -P is the produce command here, the topic its argument: kafka-cli produce <topic> (one message per line on stdin, or --value)"],
    [['-L', '-b', 'k:9092'], "kcat's -L is kafka-cli cluster (brokers, controllers) and kafka-cli topic describe <topic> (partitions, leaders, replicas); kafka-cli topic list names the topics"],
    [['-L', '-t', 'orders'], "kcat's -L is kafka-cli cluster (brokers, controllers) and kafka-cli topic describe orders (partitions, leaders, replicas); kafka-cli topic list names the topics"],
    [['tail', '-t', 'orders'], "kcat's -t: the topic is an argument here, not a flag: kafka-cli tail orders"],
    [['produce', '-t', 'orders', '--value', 'x'], "kcat's -t: the topic is an argument here, not a flag: kafka-cli produce orders"],
    [['-t', 'orders'], "kcat's -t: the topic is an argument here, not a flag: kafka-cli tail orders"],
  ])('%j', (argv, hint) => {
    expect(habitHint(argv)).toBe(hint);
  });
  it.each([
    [['tail', 't', '--from', 'beginning', '-o', 'json']],
    [['tail', 't', '-f', '%k %s\\n']],
    [['produce', 't', '--value', 'x', '-b', 'k:1', '--acks', '1']],
    [['produce', 't', '-f', 'in.txt', '-K', ':']],
    [['topic', 'list', '-o', 'json']],
    [['tail', 't', '--', '--from-beginning']],
    // -t is an option of lag and group reset-offsets; a value that looks like a kcat flag is a value.
    [['lag', 'g', '-t', 'orders']],
    [['group', 'reset-offsets', 'g', '-t', 'orders', '--to-earliest']],
    [['produce', 't', '--value', '-C']],
    [['produce', 't', '-k', '-P', '--value', 'x']],
    [['tail', 't', '--', '-C']],
  ])('no hint for %j', (argv) => {
    expect(habitHint(argv)).toBeUndefined();
  });
});
