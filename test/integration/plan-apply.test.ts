/**
 * export, plan -f and apply -f against the real broker. The broker is shared, so every command is scoped with
 * --match to this test's own topics: export a namespace, apply it renamed to a fresh one, plan finds nothing,
 * an edited config is named by plan (exit 3) and seen by Apache's kafka-configs after apply. Quotas are
 * cluster-wide (--match leaves them out): that test exports the whole cluster and applies a file of only its own
 * quotas, so the others on the shared broker are counted as left alone, never changed (no --prune apply here).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli, runOnTerminal, uniqueName } from '../helpers/cli.js';
import { createTopic, withAdmin } from '../helpers/kafka.js';
import { apacheTool, toolClass } from '../helpers/apache.js';
import { testBroker } from '../helpers/broker-info.js';

const dir = mkdtempSync(join(tmpdir(), 'plan-apply-'));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function apacheTopicConfigs(topic: string): Promise<string> {
  const r = await apacheTool(toolClass('ConfigCommand'), ['--bootstrap-server', testBroker().bootstrap, '--describe', '--entity-type', 'topics', '--entity-name', topic]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

async function apacheUserQuotas(user: string): Promise<string> {
  const r = await apacheTool(toolClass('ConfigCommand'), ['--bootstrap-server', testBroker().bootstrap, '--describe', '--entity-type', 'users', '--entity-name', user]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout, r.stderr).toContain(`user-principal '${user}'`);
  return r.stdout;
}

async function partitions(topic: string): Promise<number> {
  return withAdmin(async (a) => (await a.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.length);
}

describe('integration: export, plan, apply', () => {
  it('exports a namespace, applies it to a fresh one, then plans no change; an edited config is planned, applied and seen by kafka-configs', async () => {
    const src = uniqueName('pasrc');
    const dst = uniqueName('padst');
    await createTopic(`${src}.a`, 3, [{ name: 'retention.ms', value: '3600000' }]);
    await createTopic(`${src}.b`, 1, [{ name: 'cleanup.policy', value: 'compact' }]);

    const exp = await runCli(['export', '--match', `^${src}\\.`]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stdout).toContain(`name: ${src}.a`);
    expect(exp.stdout).toMatch(/partitions: 3\n\s+replicationFactor: 1\n\s+configs:\n\s+retention.ms: "3600000"/);
    // This broker has no authorizer (ACLs: test/cluster/plan-apply-acls.test.ts).
    expect(exp.stderr).toBe('ACLs left out: the cluster has no authorizer\n');
    expect(exp.stdout).not.toMatch(/^acls:/m);
    expect(exp.stdout).not.toContain('__consumer_offsets');
    expect(exp.stdout).not.toMatch(/^users:/m);

    const scope = ['--match', `^${dst}\\.`];
    const f = file('fresh.yaml', exp.stdout.replaceAll(src, dst));
    const before = await runCli(['plan', '-f', f, ...scope]);
    expect(before.code, before.stderr).toBe(3);
    expect(before.stdout).toMatch(new RegExp(`\\+\\s+topic\\s+${dst}\\.a\\s+3 partitions, replication 1`));
    expect(before.stdout).toMatch(new RegExp(`\\+\\s+topic\\s+${dst}\\.b\\s+cleanup\\.policy\\s+compact`));

    const noTty = await runCli(['apply', '-f', f, ...scope]);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toMatch(/no terminal to ask on; pass --yes/);
    await expect(withAdmin((a) => a.listTopics())).resolves.not.toContain(`${dst}.a`);

    const applied = await runCli(['apply', '-f', f, '--yes', ...scope]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await partitions(`${dst}.a`)).toBe(3);
    const same = await runCli(['plan', '-f', f, ...scope]);
    expect(same.code, same.stdout + same.stderr).toBe(0);
    expect(same.stdout).toBe('');
    expect(same.stderr).toMatch(/^no changes: 0 to create, 0 to change, 0 to delete/);

    const edited = file('edited.yaml', exp.stdout.replaceAll(src, dst).replace('retention.ms: "3600000"', 'retention.ms: "7200000"'));
    const plan = await runCli(['plan', '-f', edited, ...scope, '-o', 'json']);
    expect(plan.code, plan.stderr).toBe(3);
    expect(JSON.parse(plan.stdout)).toEqual({ changes: [{ op: '~', kind: 'topic', name: `${dst}.a`, field: 'retention.ms', from: '3600000', to: '7200000' }], refused: [], unmanaged: 0 });
    expect((await runCli(['apply', '-f', edited, '--yes', ...scope])).code).toBe(0);
    expect(await apacheTopicConfigs(`${dst}.a`)).toMatch(/retention\.ms=7200000/);
    expect((await runCli(['plan', '-f', edited, ...scope])).code).toBe(0);
  });

  it('refuses fewer partitions or another replication factor before applying anything, and deletes only with --prune', async () => {
    const ns = uniqueName('paref');
    await createTopic(`${ns}.a`, 2, [{ name: 'retention.ms', value: '3600000' }]);
    await createTopic(`${ns}.b`, 1);
    const scope = ['--match', `^${ns}\\.`];
    const shrink = file(`${ns}-shrink.yaml`, `topics:\n  - name: ${ns}.a\n    partitions: 1\n    replicationFactor: 1\n    configs: {retention.ms: 60000}\n  - name: ${ns}.b\n    partitions: 1\n    replicationFactor: 2\n`);
    const r = await runCli(['apply', '-f', shrink, '--yes', ...scope]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`kafka-cli: refused topic '${ns}.a': cannot go from 2 to 1 partitions: Kafka cannot remove partitions (recreate the topic) (and 1 more, listed above); nothing was applied`]);
    expect(r.stdout).toMatch(/!\s+topic\s+\S+\.b\s+refused\s+replication factor 1 → 2 needs a reassignment/);
    expect(await apacheTopicConfigs(`${ns}.a`)).toMatch(/retention\.ms=3600000/);

    const onlyA = file(`${ns}-only-a.yaml`, `topics:\n  - {name: ${ns}.a, partitions: 2, replicationFactor: 1, configs: {retention.ms: 3600000}}\n`);
    const kept = await runCli(['plan', '-f', onlyA, ...scope]);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toMatch(/1 on the cluster but not in the file \(left alone; --prune deletes them\)/);
    const prune = await runCli(['plan', '-f', onlyA, '--prune', ...scope]);
    expect(prune.code).toBe(3);
    expect(prune.stdout).toMatch(new RegExp(`-\\s+topic\\s+${ns}\\.b\\s+1 partition, replication 1`));
    expect((await runCli(['apply', '-f', onlyA, '--prune', '--yes', ...scope])).code).toBe(0);
    await expect.poll(() => withAdmin((a) => a.listTopics()), { timeout: 15_000 }).not.toContain(`${ns}.b`);
  });

  it('asks on a terminal: no leaves the cluster as it was, yes applies', async () => {
    const ns = uniqueName('patty');
    const f = file(`${ns}.yaml`, `topics:\n  - {name: ${ns}.a, partitions: 2, replicationFactor: 1}\n`);
    const scope = ['--match', `^${ns}\\.`];
    const no = await runOnTerminal(['apply', '-f', f, ...scope], 'n\n');
    expect(no.code).toBe(1);
    expect(no.stderr).toMatch(/Apply these changes \(1 to create, 0 to change, 0 to delete\)\? \[y\/N\]/);
    expect(no.stderr).toMatch(/not confirmed: nothing was applied/);
    await expect(withAdmin((a) => a.listTopics())).resolves.not.toContain(`${ns}.a`);
    const yes = await runOnTerminal(['apply', '-f', f, ...scope], 'y\n');
    expect(yes.code, yes.stderr).toBe(0);
    expect(await partitions(`${ns}.a`)).toBe(2);
  });

  it('exports quotas; a file of them applied to fresh users plans no change; an edited one is planned, applied and seen by kafka-configs', async () => {
    const src = uniqueName('qsrc');
    const dst = uniqueName('qdst');
    for (const args of [['--user', src, '--producer-byte-rate', '1048576', '--consumer-byte-rate', '2097152'], ['--user', src, '--client', 'app', '--request-percentage', '50']]) {
      const set = await runCli(['quota', 'set', ...args, '--execute']);
      expect(set.code, set.stderr).toBe(0);
    }
    // The broker shows an altered quota once its metadata has it: wait until export has both entities.
    const exported = async () => {
      const r = await runCli(['export']);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    await expect.poll(async () => ((await exported()).match(new RegExp(`- user: ${src}\\n`, 'g')) ?? []).length, { timeout: 30_000, interval: 500 }).toBe(2);
    const text = await exported();
    expect(text).toContain(`  - user: ${src}\n    consumer_byte_rate: 2097152\n    producer_byte_rate: 1048576\n`);
    expect(text).toContain(`  - user: ${src}\n    client-id: app\n    request_percentage: 50\n`);
    const mine = (parse(text) as { quotas: Array<Record<string, unknown>> }).quotas.filter((q) => q.user === src);
    const yaml = (entries: Array<Record<string, unknown>>) => `quotas:\n${entries.map((q) => `  - ${JSON.stringify({ ...q, user: dst })}\n`).join('')}`;
    const f = file(`${dst}.yaml`, yaml(mine));

    const before = await runCli(['plan', '-f', f]);
    expect(before.code, before.stderr).toBe(3);
    expect(before.stdout).toMatch(new RegExp(`\\+\\s+quota\\s+user=${dst}\\s+producer_byte_rate\\s+1048576`));
    expect(before.stdout).toMatch(new RegExp(`\\+\\s+quota\\s+user=${dst},client-id=app\\s+request_percentage\\s+50`));
    const applied = await runCli(['apply', '-f', f, '--yes']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain(`+ quota user=${dst} producer_byte_rate`);
    await expect.poll(async () => (await runCli(['plan', '-f', f])).code, { timeout: 30_000, interval: 500 }).toBe(0);

    const edited = file(`${dst}-edited.yaml`, yaml(mine.map((q) => (q['client-id'] === undefined ? { ...q, producer_byte_rate: 3145728 } : q))));
    const plan = await runCli(['plan', '-f', edited, '-o', 'json']);
    expect(plan.code, plan.stderr).toBe(3);
    expect(JSON.parse(plan.stdout)).toEqual({
      changes: [{ op: '~', kind: 'quota', name: `user=${dst}`, field: 'producer_byte_rate', from: '1048576', to: '3145728' }],
      refused: [],
      unmanaged: expect.any(Number),
    });
    // Without the pair entry, its value is left alone; --prune would plan its removal.
    const onlyUser = file(`${dst}-only-user.yaml`, yaml(mine.filter((q) => q['client-id'] === undefined)));
    const pruned = JSON.parse((await runCli(['plan', '-f', onlyUser, '--prune', '-o', 'json'])).stdout) as { changes: Array<{ op: string; name: string }> };
    expect(pruned.changes.filter((c) => c.name.startsWith(`user=${dst}`))).toEqual([{ op: '-', kind: 'quota', name: `user=${dst},client-id=app`, field: 'request_percentage', from: '50', to: null }]);

    const done = await runCli(['apply', '-f', edited, '--yes']);
    expect(done.code, done.stderr).toBe(0);
    await expect.poll(() => apacheUserQuotas(dst), { timeout: 30_000, interval: 1000 }).toMatch(/producer_byte_rate=3145728(\.0)?/);
    expect(await apacheUserQuotas(dst)).toMatch(/consumer_byte_rate=2097152(\.0)?/);
    await expect.poll(async () => (await runCli(['plan', '-f', edited])).code, { timeout: 30_000, interval: 500 }).toBe(0);
  });

  it('a bad file is exit 2 naming the file, the path and the field', async () => {
    const f = file('bad.yaml', 'topics:\n  - {name: x, partitions: "three", replicationFactor: 1}\n');
    const r = await runCli(['plan', '-f', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kafka-cli: ${f}: /topics/0/partitions: must be integer\n`);
  });
});
