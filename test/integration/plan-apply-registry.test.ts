/**
 * export, plan -f and apply -f for Schema Registry subject compatibility, against the suite's registry
 * (the subject's level read back with a plain HTTP GET, not kafka-cli's client).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT, runCli, uniqueName } from '../helpers/cli.js';
import { registryClient, registryEnv, registryReady, testRegistry } from '../helpers/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'plan-apply-sr-'));
const AVSC = readFileSync(join(ROOT, 'test', 'fixtures', 'schema', 'order.avsc'), 'utf8');

async function levelOf(subject: string): Promise<string | undefined> {
  const r = await fetch(`${testRegistry().url.replace(/\/$/, '')}/config${subject ? `/${encodeURIComponent(subject)}` : ''}`);
  if (r.status === 404) return undefined;
  const j = (await r.json()) as { compatibilityLevel?: string; compatibility?: string };
  return j.compatibilityLevel ?? j.compatibility;
}

beforeAll(() => registryReady(), 200_000);

describe('integration: plan and apply subject compatibility', () => {
  it('exports a subject level, plans an edited one (exit 3), applies it, and the registry answers the new level', async () => {
    const ns = uniqueName('pasr');
    const subject = `${ns}-value`;
    const c = registryClient();
    await c.register(subject, { schema: AVSC, schemaType: 'AVRO', references: [] });
    await c.setConfig('FULL', subject);
    const env = registryEnv();
    const match = ['--match', `^${ns}`];

    const exp = await runCli(['export', ...match], { env });
    expect(exp.code, exp.stderr).toBe(0);
    const state = parse(exp.stdout) as { schemaRegistry: { compatibility?: string; subjects: Record<string, string> } };
    expect(state.schemaRegistry).toEqual({ subjects: { [subject]: 'FULL' } });

    const f = join(dir, 'c.yaml');
    writeFileSync(f, stringify({ schemaRegistry: { subjects: { [subject]: 'NONE' } } }));
    const plan = await runCli(['plan', '-f', f, ...match], { env });
    expect(plan.code, plan.stderr).toBe(3);
    expect(plan.stdout.split('\n').find((l) => l.includes(subject))?.split(/\s+/)).toEqual(['~', 'subject', subject, 'compatibility', 'FULL', 'NONE']);

    const apply = await runCli(['apply', '-f', f, ...match, '--yes'], { env });
    expect(apply.code, apply.stderr).toBe(0);
    expect(await levelOf(subject)).toBe('NONE');
    expect((await runCli(['plan', '-f', f, ...match], { env })).code).toBe(0);

    // --prune removes the subject's own level (a registry may then answer the global level); without a registry the
    // section is one line, exit 2.
    await c.setConfig('FULL_TRANSITIVE', subject);
    const global = await levelOf('');
    expect(global).not.toBe('FULL_TRANSITIVE');
    writeFileSync(f, stringify({ schemaRegistry: { subjects: {} } }));
    const pruned = await runCli(['apply', '-f', f, ...match, '--prune', '--yes'], { env });
    expect(pruned.code, pruned.stderr).toBe(0);
    expect([undefined, global]).toContain(await levelOf(subject));
    const none = await runCli(['plan', '-f', f], { env: { KAFKA_SCHEMA_REGISTRY_URL: '' } });
    expect([none.code, none.stderr.trim().split('\n').length]).toEqual([2, 1]);
    expect(none.stderr).toMatch(/schemaRegistry section: pass --schema-registry/);
  });
});
