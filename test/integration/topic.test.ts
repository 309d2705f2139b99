import { describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import { join } from 'node:path';
import { ROOT, runCli, runOnTerminal, spawnCli, uniqueName } from '../helpers/cli.js';
import { createTopic, testKafka, withAdmin } from '../helpers/kafka.js';

const TOPIC = kafkajs.ConfigResourceTypes.TOPIC;
const BROKER = kafkajs.ConfigResourceTypes.BROKER;

async function topicExists(name: string): Promise<boolean> {
  return withAdmin(async (a) => (await a.listTopics()).includes(name));
}

async function partitionCount(name: string): Promise<number> {
  return withAdmin(async (a) => (await a.fetchTopicMetadata({ topics: [name] })).topics[0]!.partitions.length);
}

/** The topic's own overrides, read independently of kafka-cli. */
async function overrides(name: string): Promise<Record<string, string>> {
  return withAdmin(async (a) => {
    const r = await a.describeConfigs({ resources: [{ type: TOPIC, name }], includeSynonyms: false });
    const out: Record<string, string> = {};
    for (const e of r.resources[0]!.configEntries) if ((e as { configSource?: number }).configSource === 1) out[e.configName] = e.configValue;
    return out;
  });
}

async function produce(topic: string, messages: Array<{ partition: number; value: string; key?: string }>): Promise<void> {
  const p = testKafka().producer({ allowAutoTopicCreation: false });
  await p.connect();
  try {
    await p.send({ topic, messages });
  } finally {
    await p.disconnect();
  }
}


/** One line on stderr, prefixed as main prefixes every error. */
function oneErrorLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^kafka-cli: /);
  return lines[0]!;
}

describe('integration: topic create', () => {
  it('creates a topic with partitions, replication factor and configs, shown as a table', async () => {
    const t = uniqueName('create');
    const r = await runCli(['topic', 'create', t, '-p', '3', '-r', '1', '--config', 'retention.ms=3600000', '--config', 'cleanup.policy=compact']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^TOPIC\\s+STATUS\\s+PARTITIONS\\s+REPLICATION\\s+CONFIGS\\n${t}\\s+created\\s+3\\s+1\\s+retention.ms=3600000,cleanup.policy=compact\\n$`));
    expect(await partitionCount(t)).toBe(3);
    expect(await overrides(t)).toEqual({ 'retention.ms': '3600000', 'cleanup.policy': 'compact' });
  });

  it("uses the broker's defaults when -p and -r are omitted, and prints the documented JSON", async () => {
    const t1 = uniqueName('create-default');
    const t2 = uniqueName('create-default');
    const defaults = await withAdmin(async (a) => {
      const r = await a.describeConfigs({ resources: [{ type: BROKER, name: '1', configNames: ['num.partitions', 'default.replication.factor'] }], includeSynonyms: false });
      const get = (n: string) => Number(r.resources[0]!.configEntries.find((e) => e.configName === n)!.configValue);
      return { partitions: get('num.partitions'), replicationFactor: get('default.replication.factor') };
    });
    const r = await runCli(['topic', 'create', t1, t2, '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { topic: t1, status: 'created', partitions: defaults.partitions, replicationFactor: defaults.replicationFactor, configs: {} },
      { topic: t2, status: 'created', partitions: defaults.partitions, replicationFactor: defaults.replicationFactor, configs: {} },
    ]);
    expect(await partitionCount(t1)).toBe(defaults.partitions);
  });

  it('an existing topic fails with exit 1, or exit 0 and a note with --if-not-exists', async () => {
    const t = uniqueName('create-exists');
    await createTopic(t, 2);
    const r = await runCli(['topic', 'create', t, '-p', '5']);
    expect(r.code).toBe(1);
    expect(oneErrorLine(r.stderr)).toBe(`kafka-cli: topic '${t}' already exists (use --if-not-exists to accept that)`);
    expect(r.stdout).toBe('');

    const fresh = uniqueName('create-exists');
    const ok = await runCli(['topic', 'create', t, fresh, '-p', '5', '--if-not-exists', '-o', 'json']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe(`topic '${t}' already exists; left as it is\n`);
    expect(JSON.parse(ok.stdout)).toEqual([
      { topic: t, status: 'exists', partitions: 2, replicationFactor: 1, configs: {} },
      { topic: fresh, status: 'created', partitions: 5, replicationFactor: 1, configs: {} },
    ]);
    expect(await partitionCount(t)).toBe(2);
  });

  it("a name colliding with another in '.' against '_' is refused naming the other; nothing of the command is created", async () => {
    const base = uniqueName('collide');
    await createTopic(`${base}.orders`, 1);
    const fresh = uniqueName('collide-fresh');
    const r = await runCli(['topic', 'create', fresh, `${base}_orders`, '-p', '1']);
    expect(r.code).toBe(1);
    expect(oneErrorLine(r.stderr)).toBe(`kafka-cli: cannot create topic '${base}_orders': it collides with the existing topic '${base}.orders' ('.' and '_' are the same in Kafka's metric names, so a cluster cannot hold both)`);
    expect(await topicExists(fresh)).toBe(false);
    // Two new names that collide with each other: a usage error before anything is sent.
    const both = await runCli(['topic', 'create', `${base}.a_b`, `${base}_a.b`, '-p', '1']);
    expect(both.code).toBe(2);
    expect(oneErrorLine(both.stderr)).toBe(`kafka-cli: topics '${base}.a_b' and '${base}_a.b' collide ('.' and '_' are the same in Kafka's metric names, so a cluster cannot hold both): nothing was created`);
    expect(await topicExists(`${base}.a_b`)).toBe(false);
  });

  it('--validate-only checks with the broker and creates nothing', async () => {
    const t = uniqueName('create-validate');
    const r = await runCli(['topic', 'create', t, '-p', '4', '--config', 'retention.ms=1000', '--validate-only', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('validate only: nothing was created\n');
    expect(JSON.parse(r.stdout)).toEqual([{ topic: t, status: 'valid', partitions: 4, replicationFactor: 1, configs: { 'retention.ms': '1000' } }]);
    expect(await topicExists(t)).toBe(false);
  });

  it.each([
    [['bad name'], "invalid topic name 'bad name': only letters, digits, '.', '_' and '-' are allowed"],
    [['.'], "invalid topic name '.': '.' and '..' are not allowed"],
    [['..'], "invalid topic name '..': '.' and '..' are not allowed"],
    [['ok-name', 'x/y'], "invalid topic name 'x/y': only letters, digits, '.', '_' and '-' are allowed"],
    [['a'.repeat(250)], 'longer than 249 characters'],
    [['', ], 'invalid topic name: it is empty'],
  ])('rejects invalid topic names %j with exit 2', async (names, message) => {
    const r = await runCli(['topic', 'create', ...names]);
    expect(r.code).toBe(2);
    expect(oneErrorLine(r.stderr)).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('a config the broker refuses (valid to our checks) is exit 1 and creates nothing', async () => {
    const t = uniqueName('create-refused');
    const r = await runCli(['topic', 'create', t, '--config', 'message.format.version=garbage']);
    expect(r.code).toBe(1);
    expect(oneErrorLine(r.stderr)).toBe(`kafka-cli: cannot create topic '${t}': the broker refused the configs`);
    expect(await topicExists(t)).toBe(false);
  });

  it('accepts a 249-character name (the limit)', async () => {
    const t = uniqueName('c').padEnd(249, 'x');
    const r = await runCli(['topic', 'create', t, '-p', '1']);
    expect(r.code).toBe(0);
    expect(await topicExists(t)).toBe(true);
  });

  it.each([
    [['-p', '0'], "invalid --partitions '0': expected an integer from 1 to 2147483647"],
    [['-p', '-3'], "invalid --partitions '-3'"],
    [['-p', 'many'], "invalid --partitions 'many': expected an integer"],
    [['-r', '0'], "invalid --replication-factor '0'"],
    [['-r', '2'], 'replication factor 2 is larger than the number of brokers (1)'],
    [['--config', 'retention.mss=1'], "unknown topic config 'retention.mss' (did you mean 'retention.ms'?)"],
    [['--config', 'no.such.thing=1'], "unknown topic config 'no.such.thing'"],
    [['--config', 'retention.ms=abc'], "invalid value 'abc' for config 'retention.ms': expected an integer"],
    [['--config', 'cleanup.policy=shred'], "invalid value 'shred' for config 'cleanup.policy': expected a comma-separated list of compact, delete"],
    [['--config', 'min.insync.replicas=0'], "invalid value '0' for config 'min.insync.replicas': expected an integer >= 1"],
    [['--config', 'min.cleanable.dirty.ratio=2'], "invalid value '2' for config 'min.cleanable.dirty.ratio': expected a number from 0 to 1"],
    [['--config', 'retention.ms'], "invalid --config 'retention.ms': expected key=value"],
    [['-o', 'yaml'], "invalid --output 'yaml': expected table or json"],
  ])('rejects %j with exit 2 and creates nothing', async (flags, message) => {
    const t = uniqueName('create-bad');
    const r = await runCli(['topic', 'create', t, ...flags]);
    expect(r.code).toBe(2);
    expect(oneErrorLine(r.stderr)).toContain(message);
    expect(await topicExists(t)).toBe(false);
  });
});

describe('integration: topic add-partitions', () => {
  it('grows with --total and --add, warns about keyed messages, and prints JSON', async () => {
    const t = uniqueName('grow');
    await createTopic(t, 2);
    const a = await runCli(['topic', 'add-partitions', t, '--total', '4']);
    expect(a.code).toBe(0);
    expect(a.stderr).toBe(`kafka-cli: warning: topic '${t}' grew from 2 to 4 partitions; keyed messages will now map to different partitions than before\n`);
    expect(a.stdout).toMatch(new RegExp(`^TOPIC\\s+PREVIOUS\\s+PARTITIONS\\s+STATUS\\n${t}\\s+2\\s+4\\s+grown\\n$`));
    expect(await partitionCount(t)).toBe(4);

    const b = await runCli(['topic', 'add-partitions', t, '--add', '3', '-o', 'json']);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)).toEqual({ topic: t, previousPartitions: 4, partitions: 7, validateOnly: false });
    expect(await partitionCount(t)).toBe(7);
  });

  it('--validate-only changes nothing', async () => {
    const t = uniqueName('grow-validate');
    await createTopic(t, 1);
    const r = await runCli(['topic', 'add-partitions', t, '--add', '2', '--validate-only', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ topic: t, previousPartitions: 1, partitions: 3, validateOnly: true });
    expect(await partitionCount(t)).toBe(1);
  });

  it.each([
    [['--total', '2'], "has 3 partitions; --total 2 would remove some, and partitions can never be removed"],
    [['--total', '3'], 'already has 3 partitions: nothing to add (partitions can only be added)'],
    [['--add', '0'], "invalid --add '0'"],
    [[], 'give exactly one of --total <n> or --add <n>'],
    [['--total', '5', '--add', '1'], 'give exactly one of --total <n> or --add <n>'],
  ])('%j is a usage error (exit 2) and changes nothing', async (flags, message) => {
    const t = uniqueName('grow-bad');
    await createTopic(t, 3);
    const r = await runCli(['topic', 'add-partitions', t, ...flags]);
    expect(r.code).toBe(2);
    expect(oneErrorLine(r.stderr)).toContain(message);
    expect(await partitionCount(t)).toBe(3);
  });

  it('a missing topic fails fast with exit 1', async () => {
    const t = uniqueName('grow-missing');
    const t0 = Date.now();
    const r = await runCli(['topic', 'add-partitions', t, '--add', '1']);
    expect(r.code).toBe(1);
    expect(oneErrorLine(r.stderr)).toBe(`kafka-cli: topic '${t}' does not exist`);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await topicExists(t)).toBe(false);
  });
});

describe('integration: topic list', () => {
  it('lists matching topics sorted by name with partitions, replication and message counts', async () => {
    const prefix = uniqueName('list');
    await createTopic(`${prefix}-b`, 3);
    await createTopic(`${prefix}-a`, 1);
    await produce(`${prefix}-b`, [
      { partition: 0, value: '1' },
      { partition: 0, value: '2' },
      { partition: 2, value: '3' },
    ]);
    const r = await runCli(['topic', 'list', '--match', `^${prefix}-`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^NAME\\s+PARTITIONS\\s+REPLICATION\\s+MESSAGES\\s+STATUS\\n${prefix}-a\\s+1\\s+1\\s+0\\s+ok\\n${prefix}-b\\s+3\\s+1\\s+3\\s+ok\\n$`));

    const j = await runCli(['topic', 'list', '-m', `^${prefix}-`, '-o', 'json']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toEqual([
      { name: `${prefix}-a`, partitions: 1, replicationFactor: 1, messages: 0, internal: false, underReplicatedPartitions: 0, offlinePartitions: 0 },
      { name: `${prefix}-b`, partitions: 3, replicationFactor: 1, messages: 3, internal: false, underReplicatedPartitions: 0, offlinePartitions: 0 },
    ]);
  });

  it('lists topics right after creating them (leaders still settling) without failing', async () => {
    const prefix = uniqueName('list-fresh');
    const names = Array.from({ length: 20 }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
    const c = await runCli(['topic', 'create', ...names, '-p', '4']);
    expect(c.code, c.stderr).toBe(0);
    const r = await runCli(['topic', 'list', '--match', `^${prefix}-`, '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(names.map((name) => ({ name, partitions: 4, replicationFactor: 1, messages: 0, internal: false, underReplicatedPartitions: 0, offlinePartitions: 0 })));
  });

  it('hides internal topics unless --all', async () => {
    const internal = `__${uniqueName('internal')}`;
    await createTopic(internal, 1);
    const plain = await runCli(['topic', 'list', '-o', 'json']);
    expect(plain.code).toBe(0);
    const names = (JSON.parse(plain.stdout) as Array<{ name: string }>).map((t) => t.name);
    expect(names).not.toContain(internal);
    expect(names.some((n) => n.startsWith('__'))).toBe(false);
    expect([...names].sort()).toEqual(names);

    const all = await runCli(['topic', 'list', '--all', '--match', internal, '-o', 'json']);
    expect(JSON.parse(all.stdout)).toEqual([{ name: internal, partitions: 1, replicationFactor: 1, messages: 0, internal: true, underReplicatedPartitions: 0, offlinePartitions: 0 }]);
  });

  it('no match: empty JSON array, or a note on stderr and nothing on stdout', async () => {
    const j = await runCli(['topic', 'list', '--match', `^${uniqueName('none')}$`, '-o', 'json']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout)).toEqual([]);
    const t = await runCli(['topic', 'list', '--match', `^${uniqueName('none')}$`]);
    expect(t.code).toBe(0);
    expect(t.stdout).toBe('');
    expect(t.stderr).toBe('no topics\n');
  });

  it('an invalid --match is a usage error', async () => {
    const r = await runCli(['topic', 'list', '--match', '(unclosed']);
    expect(r.code).toBe(2);
    expect(oneErrorLine(r.stderr)).toMatch(/^kafka-cli: invalid --match '\(unclosed'/);
  });
});

describe('integration: topic describe', () => {
  it('shows partitions with leader, replicas, ISR, watermarks and the non-default configs', async () => {
    const t = uniqueName('describe');
    await createTopic(t, 2, [{ name: 'retention.ms', value: '7200000' }]);
    await produce(t, [
      { partition: 1, value: 'a' },
      { partition: 1, value: 'b' },
    ]);
    const r = await runCli(['topic', 'describe', t]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      new RegExp(
        `^Topic ${t}: 2 partitions, replication factor 1, 2 messages\\n\\n` +
          'PARTITION\\s+LEADER\\s+REPLICAS\\s+ISR\\s+LOW\\s+HIGH\\s+MESSAGES\\s+STATUS\\n' +
          '0\\s+1\\s+1\\s+1\\s+0\\s+0\\s+0\\s+ok\\n' +
          '1\\s+1\\s+1\\s+1\\s+0\\s+2\\s+2\\s+ok\\n' +
          '\\nConfigs \\(non-default\\):\\nCONFIG\\s+VALUE\\s+SOURCE\\n' +
          '(.*\\n)*retention\\.ms\\s+7200000\\s+DYNAMIC_TOPIC_CONFIG\\n',
      ),
    );
    expect(r.stdout).not.toMatch(/DEFAULT_CONFIG/);
  });

  it('prints the documented JSON shape; --configs all lists every config', async () => {
    const t = uniqueName('describe-json');
    await createTopic(t, 1, [{ name: 'cleanup.policy', value: 'compact' }]);
    await produce(t, [{ partition: 0, key: 'k', value: 'x' }]);
    const r = await runCli(['topic', 'describe', t, '-o', 'json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d).toEqual({
      name: t,
      internal: false,
      partitions: 1,
      replicationFactor: 1,
      messages: 1,
      partitionDetails: [
        { partition: 0, leader: 1, replicas: [1], isr: [1], offlineReplicas: [], lowWatermark: '0', highWatermark: '1', messages: 1, underReplicated: false, leaderless: false },
      ],
      configs: expect.arrayContaining([{ name: 'cleanup.policy', value: 'compact', source: 'DYNAMIC_TOPIC_CONFIG', isDefault: false, readOnly: false, sensitive: false }]),
    });
    expect(d.configs.every((c: { isDefault: boolean }) => !c.isDefault)).toBe(true);

    const all = JSON.parse((await runCli(['topic', 'describe', t, '--configs', 'all', '-o', 'json'])).stdout);
    expect(all.configs.length).toBeGreaterThan(20);
    expect(all.configs).toContainEqual(expect.objectContaining({ name: 'segment.bytes', source: 'DEFAULT_CONFIG', isDefault: true }));
    const names = all.configs.map((c: { name: string }) => c.name);
    expect([...names].sort()).toEqual(names);
  });

  it('a missing topic fails fast with exit 1; bad flags exit 2', async () => {
    const t = uniqueName('describe-missing');
    const t0 = Date.now();
    const r = await runCli(['topic', 'describe', t]);
    expect(r.code).toBe(1);
    expect(oneErrorLine(r.stderr)).toBe(`kafka-cli: topic '${t}' does not exist`);
    expect(Date.now() - t0).toBeLessThan(3000);

    const bad = await runCli(['topic', 'describe', t, '--configs', 'some']);
    expect(bad.code).toBe(2);
    expect(oneErrorLine(bad.stderr)).toBe("kafka-cli: invalid --configs 'some': expected one of non-default, all");
    const name = await runCli(['topic', 'describe', 'a b']);
    expect(name.code).toBe(2);
  });
});

describe('integration: topic config', () => {
  it('concurrent changes of different keys all take effect (IncrementalAlterConfigs, no read-modify-write race)', async () => {
    const t = uniqueName('config-race');
    await createTopic(t, 1);
    const keys = ['retention.ms=3600001', 'segment.ms=600001', 'max.message.bytes=2000001', 'min.compaction.lag.ms=1001', 'delete.retention.ms=86400001', 'segment.jitter.ms=1'];
    // Separate processes, started together: each reads before any writes, as two operators' commands would.
    const runs = await Promise.all(keys.map((kv) => spawnCli(['topic', 'config', t, '--set', kv])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(await overrides(t)).toEqual(Object.fromEntries(keys.map((kv) => kv.split('='))));
  });

  it('changing one config keeps every other override', async () => {
    const t = uniqueName('config-keep');
    await createTopic(t, 1, [
      { name: 'retention.ms', value: '3600000' },
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'max.message.bytes', value: '2000000' },
    ]);
    const r = await runCli(['topic', 'config', t, '--set', 'retention.ms=7200000']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`topic '${t}' changed: retention.ms: 3600000 -> 7200000\n`);
    expect(await overrides(t)).toEqual({ 'retention.ms': '7200000', 'cleanup.policy': 'compact', 'max.message.bytes': '2000000' });

    const add = await runCli(['topic', 'config', t, '--set', 'segment.ms=600000', '--unset', 'cleanup.policy', '-o', 'json']);
    expect(add.code).toBe(0);
    expect(await overrides(t)).toEqual({ 'retention.ms': '7200000', 'max.message.bytes': '2000000', 'segment.ms': '600000' });
    const j = JSON.parse(add.stdout);
    expect(j.topic).toBe(t);
    expect(j.changes).toEqual([
      { name: 'segment.ms', from: null, to: '600000' },
      { name: 'cleanup.policy', from: 'compact', to: null },
    ]);
    expect(j.configs).toEqual(
      expect.arrayContaining([
        { name: 'max.message.bytes', value: '2000000', source: 'DYNAMIC_TOPIC_CONFIG', isDefault: false, readOnly: false, sensitive: false },
        { name: 'retention.ms', value: '7200000', source: 'DYNAMIC_TOPIC_CONFIG', isDefault: false, readOnly: false, sensitive: false },
        { name: 'segment.ms', value: '600000', source: 'DYNAMIC_TOPIC_CONFIG', isDefault: false, readOnly: false, sensitive: false },
      ]),
    );
    expect(j.configs.find((c: { name: string }) => c.name === 'cleanup.policy')).toBeUndefined();
  });

  it('without --set/--unset shows the non-default configs (--all: every config)', async () => {
    const t = uniqueName('config-show');
    await createTopic(t, 1, [{ name: 'retention.ms', value: '1234567' }]);
    const r = await runCli(['topic', 'config', t]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^CONFIG\s+VALUE\s+SOURCE\n/);
    expect(r.stdout).toMatch(/\nretention\.ms\s+1234567\s+DYNAMIC_TOPIC_CONFIG\n/);
    const j = JSON.parse((await runCli(['topic', 'config', t, '--all', '-o', 'json'])).stdout);
    expect(j.changes).toEqual([]);
    expect(j.configs).toContainEqual({ name: 'segment.bytes', value: '1073741824', source: 'DEFAULT_CONFIG', isDefault: true, readOnly: false, sensitive: false });
  });

  it('--validate-only and unsetting what is not set change nothing', async () => {
    const t = uniqueName('config-noop');
    await createTopic(t, 1, [{ name: 'retention.ms', value: '3600000' }]);
    const v = await runCli(['topic', 'config', t, '--set', 'retention.ms=1000', '--validate-only']);
    expect(v.code).toBe(0);
    expect(v.stderr).toBe(`topic '${t}' would change (validated, not applied): retention.ms: 3600000 -> 1000\n`);
    const u = await runCli(['topic', 'config', t, '--unset', 'segment.ms']);
    expect(u.code).toBe(0);
    expect(u.stderr).toBe(`topic '${t}': no change\n`);
    expect(await overrides(t)).toEqual({ 'retention.ms': '3600000' });
  });

  it.each([
    [['--set', 'retention.mss=1'], "unknown topic config 'retention.mss' (did you mean 'retention.ms'?)"],
    [['--unset', 'bogus.key'], "unknown topic config 'bogus.key'"],
    [['--set', 'retention.ms=soon'], "invalid value 'soon' for config 'retention.ms': expected an integer"],
    [['--set', 'unclean.leader.election.enable=maybe'], "invalid value 'maybe' for config 'unclean.leader.election.enable': expected true or false"],
    [['--set', 'retention.ms'], "invalid --set 'retention.ms': expected key=value"],
    [['--set', 'retention.ms=1', '--unset', 'retention.ms'], "config 'retention.ms' is both set and unset"],
    [['--set', 'retention.ms=1', '--set', 'retention.ms=2'], "config 'retention.ms' is given twice"],
  ])('%j is a usage error (exit 2) and changes nothing', async (flags, message) => {
    const t = uniqueName('config-bad');
    await createTopic(t, 1, [{ name: 'retention.ms', value: '3600000' }]);
    const r = await runCli(['topic', 'config', t, ...flags]);
    expect(r.code).toBe(2);
    expect(oneErrorLine(r.stderr)).toContain(message);
    expect(await overrides(t)).toEqual({ 'retention.ms': '3600000' });
  });

  it('a value the broker refuses is exit 1 and changes nothing', async () => {
    const t = uniqueName('config-refused');
    await createTopic(t, 1, [{ name: 'retention.ms', value: '3600000' }]);
    const r = await runCli(['topic', 'config', t, '--set', 'message.format.version=garbage', '--set', 'segment.ms=600000']);
    expect(r.code).toBe(1);
    // The broker's own reason (it differs by release: 4.x no longer knows message.format.version).
    expect(oneErrorLine(r.stderr)).toMatch(new RegExp(`^kafka-cli: cannot change configs of topic '${t}': \\S.*$`));
    expect(await overrides(t)).toEqual({ 'retention.ms': '3600000' });
  });

  it('a missing topic fails fast with exit 1', async () => {
    const t = uniqueName('config-missing');
    const t0 = Date.now();
    const r = await runCli(['topic', 'config', t, '--set', 'retention.ms=1000']);
    expect(r.code).toBe(1);
    expect(oneErrorLine(r.stderr)).toBe(`kafka-cli: topic '${t}' does not exist`);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});

describe('integration: topic delete', () => {
  it("never deletes Kafka's internal topics, even with --yes (exit 2)", async () => {
    const r = await runCli(['topic', 'delete', '__consumer_offsets', '--yes']);
    expect(r.code).toBe(2);
    expect(oneErrorLine(r.stderr)).toBe("kafka-cli: refusing to delete Kafka's internal topic '__consumer_offsets': the broker needs it (consumer offsets, transactions)");
    expect(r.stdout).toBe('');
  });

  it('without a terminal it refuses unless --yes (exit 2, nothing deleted)', async () => {
    const t = uniqueName('delete-notty');
    await createTopic(t, 1);
    const r = await runCli(['topic', 'delete', t]);
    expect(r.code).toBe(2);
    expect(oneErrorLine(r.stderr)).toBe('kafka-cli: refusing to delete topics without confirmation: no terminal to ask on; pass --yes');
    expect(await topicExists(t)).toBe(true);
  });

  it('--yes deletes and prints the documented JSON', async () => {
    const t1 = uniqueName('delete');
    const t2 = uniqueName('delete');
    await createTopic(t1, 2);
    await createTopic(t2, 1);
    await produce(t1, [{ partition: 1, value: 'x' }]);
    const r = await runCli(['topic', 'delete', t1, t2, '--yes', '-o', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([
      { topic: t1, status: 'deleted', partitions: 2, messages: 1 },
      { topic: t2, status: 'deleted', partitions: 1, messages: 0 },
    ]);
    expect(await topicExists(t1)).toBe(false);
    expect(await topicExists(t2)).toBe(false);
  });

  it('a missing topic fails fast with exit 1 and deletes nothing, not even the others', async () => {
    const present = uniqueName('delete-present');
    const missing = uniqueName('delete-missing');
    await createTopic(present, 1);
    const t0 = Date.now();
    const r = await runCli(['topic', 'delete', present, missing, '--yes']);
    expect(r.code).toBe(1);
    expect(oneErrorLine(r.stderr)).toBe(`kafka-cli: topic '${missing}' does not exist`);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await topicExists(present)).toBe(true);
  });

  it('asks on a terminal: "y" deletes, anything else keeps the topic (exit 1)', async () => {
    const t = uniqueName('delete-tty');
    await createTopic(t, 1);
    const no = await runOnTerminal(['topic', 'delete', t], 'n\n');
    expect(no.code).toBe(1);
    expect(no.stderr).toContain(`Delete topic '${t}' (1 partition, 0 messages)? This cannot be undone. [y/N]`);
    expect(no.stderr).toContain('kafka-cli: not confirmed: nothing was deleted');
    expect(await topicExists(t)).toBe(true);

    const yes = await runOnTerminal(['topic', 'delete', t], 'y\n');
    expect(yes.code).toBe(0);
    expect(yes.stdout).toMatch(new RegExp(`^TOPIC\\s+STATUS\\s+PARTITIONS\\s+MESSAGES\\n${t}\\s+deleted\\s+1\\s+0\\n$`));
    expect(await topicExists(t)).toBe(false);
  });
});

describe('integration: topic help', () => {
  it.each(['create', 'add-partitions', 'list', 'describe', 'config', 'delete'])('topic %s --help has an example and the JSON shape', async (verb) => {
    const r = await runCli(['topic', verb, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`kafka-cli topic ${verb}`);
    expect(r.stdout).toContain('JSON:');
  });

  it('help and usage errors of the spawned binary do not load kafkajs', async () => {
    const trace = ['--import', join(ROOT, 'test', 'fixtures', 'trace-imports.mjs')];
    const help = await spawnCli(['topic', 'describe', '--help'], { nodeArgs: trace });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stderr).not.toContain('TRACE-IMPORT');
    const bad = await spawnCli(['topic', 'create', 'a b'], { nodeArgs: trace });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("kafka-cli: invalid topic name 'a b': only letters, digits, '.', '_' and '-' are allowed\n");
  });
});
