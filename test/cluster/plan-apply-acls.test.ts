/**
 * export / plan / apply with ACLs and SCRAM users, on the three-broker cluster that has an authorizer
 * (test/setup/cluster.ts). Scoped with --match to this test's topics; users only in the unscoped export.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, uniqueName } from '../helpers/cli.js';
import { TEST_USERS } from '../helpers/test-users.js';
import { createClusterTopic, withClusterAdmin } from '../helpers/cluster.js';

const dir = mkdtempSync(join(tmpdir(), 'plan-apply-acl-'));

async function aclPrincipals(topic: string): Promise<string[]> {
  return withClusterAdmin(async (a) => {
    const r = await a.describeAcls({ resourceType: 2, resourceName: topic, resourcePatternType: 3, operation: 1, permissionType: 1 } as Parameters<typeof a.describeAcls>[0]);
    return r.resources.flatMap((res) => res.acls.map((x) => `${x.principal} ${x.operation}`)).sort();
  });
}

describe('cluster: export, plan, apply with ACLs and users', () => {
  it('exports the ACLs on the topics, applies them to a fresh namespace, then plans no change; --prune deletes an ACL', async () => {
    const src = uniqueName('paclsrc');
    const dst = uniqueName('pacldst');
    await createClusterTopic(`${src}.a`, 2);
    const acl = await runCli(['acl', 'create', '--principal', 'User:alice', '--operation', 'read', '--operation', 'describe', '--topic', `${src}.a`]);
    expect(acl.code, acl.stderr).toBe(0);
    const exp = await runCli(['export', '--match', `^${src}\\.`]);
    expect(exp.code, exp.stderr).toBe(0);
    expect(exp.stdout).toContain(`resourceName: ${src}.a`);

    const scope = ['--match', `^${dst}\\.`];
    const f = join(dir, 'fresh.yaml');
    writeFileSync(f, exp.stdout.replaceAll(src, dst));
    const plan = await runCli(['plan', '-f', f, ...scope]);
    expect(plan.code, plan.stderr).toBe(3);
    expect(plan.stdout).toMatch(new RegExp(`\\+\\s+acl\\s+allow User:alice read topic:literal:${dst}\\.a host \\*`));
    const applied = await runCli(['apply', '-f', f, '--yes', ...scope]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(await aclPrincipals(`${dst}.a`)).toEqual(['User:alice 3', 'User:alice 8']);
    expect((await runCli(['plan', '-f', f, ...scope])).code).toBe(0);

    const oneAcl = join(dir, 'one-acl.yaml');
    writeFileSync(oneAcl, exp.stdout.replaceAll(src, dst).replace(/\n {2}- principal: User:alice\n(?: {4}.*\n)*? {4}operation: describe\n(?: {4}.*\n)*/, '\n'));
    const prune = await runCli(['apply', '-f', oneAcl, '--prune', '--yes', ...scope]);
    expect(prune.code, prune.stderr).toBe(0);
    expect(prune.stdout).toMatch(/-\s+acl\s+allow User:alice describe/);
    expect(await aclPrincipals(`${dst}.a`)).toEqual(['User:alice 3']);
  });

  it('an unscoped export lists SCRAM user names and never a password', async () => {
    const exp = await runCli(['export']);
    expect(exp.code, exp.stderr).toBe(0);
    const users = exp.stdout.slice(exp.stdout.indexOf('\nusers:\n'));
    for (const u of TEST_USERS) {
      expect(users).toContain(`  - ${u.username}\n`);
      expect(exp.stdout).not.toContain(u.password);
    }
  });
});
