/**
 * Cluster admin verbs on the shared three-broker cluster (test/setup/cluster.ts, StandardAuthorizer, SASL users):
 * topic delete-records, topic reassign, acl list|create|delete, broker config, and the local node commands.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, uniqueName } from '../helpers/cli.js';
import { TEST_USERS } from '../helpers/test-users.js';
import { createClusterTopic, partitions, testCluster, waitHealthy, withClusterAdmin } from '../helpers/cluster.js';

const alice = TEST_USERS[1]!;

async function produce(topic: string, n: number): Promise<void> {
  const r = await runCli(['produce', topic, '-K:', '--acks', 'all'], { stdin: Array.from({ length: n }, (_, i) => `k${i}:v${i}`).join('\n') + '\n' });
  expect(r.code, r.stderr).toBe(0);
}

async function lowWatermarks(topic: string): Promise<Record<number, string>> {
  const o = await withClusterAdmin((a) => a.fetchTopicOffsets(topic));
  return Object.fromEntries(o.map((p) => [p.partition, p.low]));
}

describe('cluster: topic delete-records', () => {
  it('a plan first (nothing deleted), --execute moves the low watermarks, an offset past the end deletes all', async () => {
    const topic = uniqueName('cl-delrec');
    await createClusterTopic(topic, 2);
    const r0 = await runCli(['produce', topic, '-p', '0', '--acks', 'all'], { stdin: Array.from({ length: 10 }, (_, i) => `a${i}`).join('\n') + '\n' });
    const r1 = await runCli(['produce', topic, '-p', '1', '--acks', 'all'], { stdin: Array.from({ length: 4 }, (_, i) => `b${i}`).join('\n') + '\n' });
    expect(r0.code + r1.code, r0.stderr + r1.stderr).toBe(0);

    const plan = await runCli(['topic', 'delete-records', topic, '--before', '6', '-o', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout)).toEqual({
      topic,
      executed: false,
      partitions: [
        { partition: 0, lowWatermark: '0', highWatermark: '10', deleteBefore: '6', deleted: 6, newLowWatermark: null },
        { partition: 1, lowWatermark: '0', highWatermark: '4', deleteBefore: '4', deleted: 4, newLowWatermark: null },
      ],
    });
    expect(plan.stderr).toBe(`plan only: would delete 10 messages from '${topic}'; run again with --execute to delete them\n`);
    expect(await lowWatermarks(topic)).toEqual({ 0: '0', 1: '0' });

    const run = await runCli(['topic', 'delete-records', topic, '--before', '6', '-p', '0', '--execute']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^PARTITION\s+OLD-LOW\s+NEW-LOW\s+HIGH\s+DELETED\n0\s+0\s+6\s+10\s+6\n$/);
    expect(await lowWatermarks(topic)).toEqual({ 0: '6', 1: '0' });
    // What is left is what kafka-cli reads.
    const left = await runCli(['tail', topic, '-p', '0', '--from', 'beginning', '-e', '-o', 'value']);
    expect(left.stdout).toBe('a6\na7\na8\na9\n');
  });

  it('bad input: a missing partition, a bad --before, a missing topic', async () => {
    const topic = uniqueName('cl-delrec-bad');
    await createClusterTopic(topic, 1);
    expect(await runCli(['topic', 'delete-records', topic, '--before', '1', '-p', '5'])).toMatchObject({ code: 2, stderr: `kafka-cli: topic '${topic}' has no partition 5 (it has 1)\n` });
    expect((await runCli(['topic', 'delete-records', topic, '--before', 'soon'])).stderr).toMatch(/^kafka-cli: invalid --before 'soon': expected an offset/);
    expect(await runCli(['topic', 'delete-records', uniqueName('nope'), '--before', '1'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^kafka-cli: topic '.*' does not exist\n$/) });
  });
});

describe('cluster: topic reassign', () => {
  it('a plan, --execute moves replicas and the preferred leader, --status shows it done', async () => {
    const topic = uniqueName('cl-reassign');
    await withClusterAdmin((a) => a.createTopics({ topics: [{ topic, replicaAssignment: [{ partition: 0, replicas: [1, 2] }, { partition: 1, replicas: [2, 3] }] }] }));
    await waitHealthy([topic]);
    await produce(topic, 20);

    const plan = await runCli(['topic', 'reassign', topic, '--replicas', '0:3,1', '--replicas', '1:2,3', '-o', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout)).toEqual({
      topic,
      executed: false,
      throttle: null,
      partitions: [
        { partition: 0, currentReplicas: [1, 2], targetReplicas: [3, 1], changes: true },
        { partition: 1, currentReplicas: [2, 3], targetReplicas: [2, 3], changes: false },
      ],
    });
    expect(plan.stderr).toBe(`plan only: 1 partition of '${topic}' would move; run again with --execute to start\n`);
    expect((await partitions(topic))[0]!.replicas).toEqual([1, 2]);

    const run = await runCli(['topic', 'reassign', topic, '--replicas', '0:3,1', '--execute']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/reassignment of 1 partition of '.*' started/);
    await expect.poll(async () => (await partitions(topic))[0]!.replicas, { timeout: 30_000, interval: 250 }).toEqual([3, 1]);
    const status = await runCli(['topic', 'reassign', topic, '--status', '-o', 'json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ topic, inProgress: false, partitions: [{ partition: 0, replicas: [3, 1], inProgress: false }, { partition: 1, inProgress: false }] });

    // --broker-list spreads evenly: partition i on the brokers rotated by i, keeping RF 2.
    const spread = await runCli(['topic', 'reassign', topic, '--broker-list', '1,2,3', '-o', 'json']);
    expect(JSON.parse(spread.stdout).partitions.map((p: { targetReplicas: number[] }) => p.targetReplicas)).toEqual([[1, 2], [2, 3]]);
    // The messages are all still there.
    const back = await runCli(['tail', topic, '--from', 'beginning', '-e', '-o', 'value']);
    expect(back.stdout.split('\n').filter(Boolean)).toHaveLength(20);
  });

  it('a leader change through reassignment: the new first replica becomes leader once elected', async () => {
    const topic = uniqueName('cl-reassign-leader');
    await withClusterAdmin((a) => a.createTopics({ topics: [{ topic, replicaAssignment: [{ partition: 0, replicas: [1, 2, 3] }] }] }));
    await waitHealthy([topic]);
    expect((await partitions(topic))[0]!.leader).toBe(1);
    const run = await runCli(['topic', 'reassign', topic, '--replicas', '0:2,3,1', '--execute']);
    expect(run.code, run.stderr).toBe(0);
    await expect.poll(async () => (await partitions(topic))[0]!.replicas, { timeout: 30_000, interval: 250 }).toEqual([2, 3, 1]);
    // The order changed; leadership moves to the preferred replica at the next preferred election
    // (the controller runs one every leader.imbalance.check.interval.seconds).
    const p = (await partitions(topic))[0]!;
    expect([1, 2]).toContain(p.leader);
  });

  it('--throttle sets the replication throttle on the topic and the brokers involved; --status removes it once done', async () => {
    const topic = uniqueName('cl-reassign-throttle');
    await withClusterAdmin((a) => a.createTopics({ topics: [{ topic, replicaAssignment: [{ partition: 0, replicas: [1, 2] }] }] }));
    await waitHealthy([topic]);
    await produce(topic, 50);
    const run = await runCli(['topic', 'reassign', topic, '--replicas', '0:2,3', '--execute', '--throttle', '50000000']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('with a replication throttle of 50000000 B/s');
    const topicThrottle = async () =>
      withClusterAdmin(async (a) => (await a.describeConfigs({ resources: [{ type: 2, name: topic, configNames: ['leader.replication.throttled.replicas'] }], includeSynonyms: false })).resources[0]!.configEntries[0]?.configValue);
    const brokerRate = async (id: number) =>
      withClusterAdmin(async (a) => (await a.describeConfigs({ resources: [{ type: 4, name: String(id), configNames: ['leader.replication.throttled.rate'] }], includeSynonyms: false })).resources[0]!.configEntries[0]?.configValue);
    expect(await topicThrottle()).toBe('*');
    expect(await brokerRate(3)).toBe('50000000');
    await expect.poll(async () => (await partitions(topic))[0]!.replicas, { timeout: 30_000, interval: 250 }).toEqual([2, 3]);
    await expect.poll(async () => JSON.parse((await runCli(['topic', 'reassign', topic, '--status', '-o', 'json'])).stdout).inProgress, { timeout: 30_000 }).toBe(false);
    // A broker applies a dynamic config change once the metadata reaches it: poll rather than read once.
    await expect.poll(topicThrottle, { timeout: 15_000, interval: 250 }).not.toBe('*');
    await expect.poll(() => brokerRate(3), { timeout: 15_000, interval: 250 }).not.toBe('50000000');
    expect(await runCli(['topic', 'reassign', topic, '--replicas', '0:1,2', '--throttle', '5'])).toMatchObject({ code: 2, stderr: 'kafka-cli: --throttle goes with --execute\n' });
  });

  it('bad input: unknown broker, unknown partition, no mode, --cancel with nothing in progress', async () => {
    const topic = uniqueName('cl-reassign-bad');
    await createClusterTopic(topic, 1);
    expect(await runCli(['topic', 'reassign', topic, '--replicas', '0:1,9'])).toMatchObject({ code: 2, stderr: 'kafka-cli: no broker 9 in the cluster (brokers: 1, 2, 3)\n' });
    expect(await runCli(['topic', 'reassign', topic, '--replicas', '4:1,2'])).toMatchObject({ code: 2, stderr: 'kafka-cli: the topic has no partition 4 (it has 1)\n' });
    expect((await runCli(['topic', 'reassign', topic])).code).toBe(2);
    expect(await runCli(['topic', 'reassign', topic, '--replicas', '0:1,1'])).toMatchObject({ code: 2, stderr: "kafka-cli: invalid --replicas '1,1': a broker is named twice\n" });
    expect(await runCli(['topic', 'reassign', topic, '--cancel'])).toMatchObject({ code: 1, stderr: `kafka-cli: no reassignment of '${topic}' is in progress\n` });
  });
});

describe('cluster: acl with StandardAuthorizer and a SASL user', () => {
  const asAlice = (args: string[]) =>
    runCli([...args, '-b', testCluster().brokers[0]!.sasl, '--sasl-mechanism', 'scram-sha-256', '--sasl-username', alice.username], { env: { KAFKA_SASL_PASSWORD: alice.password } });

  it('alice is denied, allowed after acl create, denied again after acl delete', async () => {
    const topic = uniqueName('cl-acl');
    await createClusterTopic(topic, 1);
    await produce(topic, 3);
    const read = ['tail', topic, '--from', 'beginning', '-e', '-o', 'value'];

    const denied = await asAlice(['topic', 'describe', topic]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/^kafka-cli: [^\n]*(not authorized|not allowed|does not exist)[^\n]*\n$/i);

    const create = await runCli(['acl', 'create', '--principal', 'User:alice', '--operation', 'read', '--operation', 'describe', '--topic', topic, '-o', 'json']);
    expect(create.code, create.stderr).toBe(0);
    expect(JSON.parse(create.stdout)).toEqual([
      { principal: 'User:alice', host: '*', operation: 'describe', permission: 'allow', resourceType: 'topic', resourceName: topic, patternType: 'literal' },
      { principal: 'User:alice', host: '*', operation: 'read', permission: 'allow', resourceType: 'topic', resourceName: topic, patternType: 'literal' },
    ]);
    const groupAcl = await runCli(['acl', 'create', '--principal', 'User:alice', '--operation', 'all', '--group', 'kafka-cli-', '--pattern', 'prefixed']);
    expect(groupAcl.code, groupAcl.stderr).toBe(0);
    await expect.poll(async () => (await runCli(['acl', 'list', '--principal', 'User:alice', '--topic', topic, '-o', 'json'])).stdout, { timeout: 15_000 }).toContain('"read"');
    const list = await runCli(['acl', 'list', '--principal', 'User:alice', '--topic', topic]);
    expect(list.stdout).toMatch(/^PRINCIPAL\s+HOST\s+OPERATION\s+PERMISSION\s+RESOURCE\s+NAME\s+PATTERN\nUser:alice\s+\*\s+describe\s+allow\s+topic\s+\S+\s+literal\nUser:alice\s+\*\s+read\s+allow\s+topic/);

    // ACLs reach every broker through the metadata log: wait until alice can read through the broker she talks to.
    await expect.poll(async () => (await asAlice(read)).stdout, { timeout: 20_000, interval: 500 }).toBe('v0\nv1\nv2\n');
    const readIt = await asAlice(read);
    expect(readIt.code, readIt.stderr).toBe(0);

    const noYes = await runCli(['acl', 'delete', '--principal', 'User:alice', '--topic', topic]);
    expect(noYes).toMatchObject({ code: 2, stderr: 'kafka-cli: refusing to delete ACLs without confirmation: no terminal to ask on; pass --yes\n' });
    expect((await runCli(['acl', 'delete', '--yes'])).code).toBe(2);
    const del = await runCli(['acl', 'delete', '--principal', 'User:alice', '--topic', topic, '--yes', '-o', 'json']);
    expect(del.code, del.stderr).toBe(0);
    expect((JSON.parse(del.stdout) as unknown[]).length).toBe(2);
    expect(del.stderr).toBe('deleted 2 ACLs\n');
    await expect.poll(async () => (await asAlice(read)).code, { timeout: 20_000, interval: 500 }).toBe(1);
    const deniedAgain = await asAlice(read);
    expect(deniedAgain.stderr).toMatch(/^kafka-cli: [^\n]*(not authorized|not allowed|does not exist)[^\n]*\n$/i);
    await runCli(['acl', 'delete', '--principal', 'User:alice', '--group', 'kafka-cli-', '--pattern', 'prefixed', '--yes']);
  });

  it('a user who may write nowhere is refused a producer id: one warning line, sent without idempotence; allowed to write a topic, idempotent (KIP-679)', async () => {
    const topic = uniqueName('cl-idem');
    await createClusterTopic(topic, 1);
    const produceAsAlice = (line: string) =>
      runCli(['produce', topic, '-b', testCluster().brokers[0]!.sasl, '--sasl-mechanism', 'scram-sha-256', '--sasl-username', alice.username, '--delivery-timeout', '5s'], { env: { KAFKA_SASL_PASSWORD: alice.password }, stdin: `${line}\n` });
    const warnings = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('kafka-cli: warning:'));
    const grant = async (operation: string) => {
      const r = await runCli(['acl', 'create', '--principal', 'User:alice', '--operation', operation, '--topic', topic]);
      expect(r.code, r.stderr).toBe(0);
    };
    try {
      await grant('describe');
      // ACLs reach every broker through the metadata log: until then the topic is not even visible to alice.
      await expect.poll(async () => warnings((await produceAsAlice('x')).stderr).length, { timeout: 20_000, interval: 500 }).toBe(1);
      const refused = await produceAsAlice('no-write');
      expect(warnings(refused.stderr)).toEqual([expect.stringMatching(/^kafka-cli: warning: sending without idempotence: the broker refused a producer id \([^)]*\); a request sent again may write its messages twice \(the summary counts them\)$/)]);
      expect(refused.stderr).toMatch(/CLUSTER_AUTHORIZATION|cluster/i);
      // And the write itself is refused: not authorized for the topic, exit 1.
      expect(refused.code, refused.stderr).toBe(1);
      expect(refused.stderr).toMatch(/authoriz/i);

      await grant('write');
      await expect.poll(async () => (await produceAsAlice('probe')).code, { timeout: 20_000, interval: 500 }).toBe(0);
      const allowed = await produceAsAlice('idempotent');
      expect(allowed.code, allowed.stderr).toBe(0);
      expect(warnings(allowed.stderr)).toEqual([]);
    } finally {
      await runCli(['acl', 'delete', '--principal', 'User:alice', '--topic', topic, '--yes']);
    }
  });

  it('bad input is exit 2 with one line', async () => {
    expect(await runCli(['acl', 'create', '--operation', 'read', '--topic', 't'])).toMatchObject({ code: 2, stderr: 'kafka-cli: acl create needs --principal, e.g. --principal User:alice\n' });
    expect(await runCli(['acl', 'create', '--principal', 'alice', '--operation', 'read', '--topic', 't'])).toMatchObject({ code: 2, stderr: "kafka-cli: invalid --principal 'alice': expected type:name, e.g. User:alice\n" });
    expect((await runCli(['acl', 'create', '--principal', 'User:a', '--operation', 'fly', '--topic', 't'])).stderr).toMatch(/^kafka-cli: invalid --operation 'fly': expected one of/);
    expect(await runCli(['acl', 'create', '--principal', 'User:a', '--operation', 'read', '--topic', 't', '--group', 'g'])).toMatchObject({ code: 2 });
  });
});

describe('cluster: broker config', () => {
  afterAll(async () => {
    await runCli(['broker', 'config', '2', '--unset', 'log.cleaner.threads']);
  });

  it('shows sources (min.insync.replicas 2), sets and unsets a dynamic config, masks secrets', async () => {
    const show = await runCli(['broker', 'config', '2', '-o', 'json']);
    expect(show.code, show.stderr).toBe(0);
    const configs = (JSON.parse(show.stdout) as { broker: number; configs: Array<{ name: string; value: string | null; source: string; sensitive: boolean }> });
    expect(configs.broker).toBe(2);
    // server.properties (3.9), or the cluster-wide default written when the metadata log was formatted (4.x).
    const minIsr = configs.configs.find((c) => c.name === 'min.insync.replicas');
    expect(minIsr?.value).toBe('2');
    expect(['STATIC_BROKER_CONFIG', 'DYNAMIC_DEFAULT_BROKER_CONFIG']).toContain(minIsr?.source);
    // The SASL JAAS lines hold passwords: never shown.
    const jaas = configs.configs.find((c) => c.name.endsWith('sasl.jaas.config'));
    if (jaas) expect(jaas).toMatchObject({ value: null, sensitive: true });
    expect(show.stdout).not.toContain(alice.password);
    const table = await runCli(['broker', 'config', '2']);
    expect(table.stdout).toMatch(/^CONFIG\s+VALUE\s+SOURCE\s+READ-ONLY\n/);
    expect(table.stdout).not.toContain(alice.password);

    const set = await runCli(['broker', 'config', '2', '--set', 'log.cleaner.threads=2']);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/^CONFIG\s+FROM\s+TO\nlog\.cleaner\.threads\s+\(inherited\)\s+2\n$/);
    const after = JSON.parse((await runCli(['broker', 'config', '2', '-o', 'json'])).stdout) as typeof configs;
    expect(after.configs.find((c) => c.name === 'log.cleaner.threads')).toMatchObject({ value: '2', source: 'DYNAMIC_BROKER_CONFIG' });
    // Cross-check with Kafka's own view through an independent client.
    const seen = await withClusterAdmin((a) => a.describeConfigs({ resources: [{ type: 4, name: '2', configNames: ['log.cleaner.threads'] }], includeSynonyms: false }));
    expect(seen.resources[0]!.configEntries[0]!.configValue).toBe('2');

    const unset = await runCli(['broker', 'config', '2', '--unset', 'log.cleaner.threads']);
    expect(unset.code, unset.stderr).toBe(0);
    const back = JSON.parse((await runCli(['broker', 'config', '2', '--all', '-o', 'json'])).stdout) as typeof configs;
    expect(back.configs.find((c) => c.name === 'log.cleaner.threads')?.source).not.toBe('DYNAMIC_BROKER_CONFIG');
  });

  it('bad input: unknown broker (exit 1), unknown config, id and --default together (exit 2)', async () => {
    expect(await runCli(['broker', 'config', '9'])).toMatchObject({ code: 1, stderr: 'kafka-cli: no broker 9 in the cluster (brokers: 1, 2, 3)\n' });
    expect(await runCli(['broker', 'config', '1', '--set', 'no.such.thing=1'])).toMatchObject({ code: 2, stderr: "kafka-cli: unknown broker config 'no.such.thing'\n" });
    expect((await runCli(['broker', 'config', '1', '--default'])).code).toBe(2);
    expect((await runCli(['broker', 'config'])).code).toBe(2);
  });
});

describe('cluster: local node commands on the fixture', () => {
  it('local status lists every node; local stop|start --node stop and start one broker', async () => {
    const dir = testCluster().dir;
    const status = await runCli(['local', 'status', '--data-dir', dir, '-o', 'json']);
    expect(status.code, status.stderr).toBe(0);
    const nodes = (JSON.parse(status.stdout) as { instances: Array<{ nodes: Array<{ id: number; roles: string[]; up: boolean }> }> }).instances[0]!.nodes;
    expect(nodes.map((n) => [n.id, n.roles.join(','), n.up])).toEqual([
      [0, 'controller', true],
      [1, 'broker', true],
      [2, 'broker', true],
      [3, 'broker', true],
    ]);
    const stop = await runCli(['local', 'stop', '--node', '3', '--data-dir', dir]);
    expect(stop).toMatchObject({ code: 0, stderr: 'node 3 stopped\n' });
    const degraded = await runCli(['local', 'status', '--data-dir', dir]);
    expect(degraded.stdout).toMatch(/degraded \(3 of 4 nodes up\)/);
    expect(degraded.stdout).toMatch(/\n3\s+broker\s+127\.0\.0\.1:\d+\s+-\s+down\n/);
    const start = await runCli(['local', 'start', '--node', '3', '--data-dir', dir]);
    expect(start.code, start.stderr).toBe(0);
    expect(start.stderr).toMatch(/^node 3 up \(pid \d+, 127\.0\.0\.1:\d+\)\n$/);
    await waitHealthy();
    // local start on the running cluster: says so, prints every broker; another size is a usage error.
    const again = await runCli(['local', 'start', '--nodes', '3', '--data-dir', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/^already running \(pid \d+, \d+, \d+, \d+, Kafka /);
    expect(again.stdout).toBe(`${testCluster().bootstrap}\n`);
    expect(await runCli(['local', 'start', '--nodes', '2', '--data-dir', dir])).toMatchObject({ code: 2, stderr: `kafka-cli: ${dir} holds a 3-node cluster; start it with --nodes 3, or choose another --data-dir\n` });
    expect((await runCli(['local', 'start', '--nodes', '6'])).code).toBe(2);
    expect(await runCli(['local', 'kill', '--node', '5', '--data-dir', dir])).toMatchObject({ code: 2, stderr: `kafka-cli: no node 5 in the local cluster in ${dir} (nodes: 0, 1, 2, 3)\n` });
  });
});
