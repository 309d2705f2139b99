import { mkdtempSync, mkdirSync, readFileSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { TEST_USERS, testBroker } from '../helpers/broker-info.js';
import { requireTool } from '../helpers/require-tool.js';

const b = testBroker();

function freshHome() {
  return { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'kcli-prof-')), KAFKA_BROKERS: undefined };
}

describe('integration: profiles', () => {
  it('add, list, show (masked), use and remove', async () => {
    const env = freshHome();
    const add = await runCli(['profile', 'add', 'dev', '-b', b.bootstrap], { env });
    expect(add.code).toBe(0);
    const file = join(env.XDG_CONFIG_HOME, 'kafka-cli', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    // The first profile becomes current, so a bare command uses it.
    const cluster = await runCli(['cluster', '-o', 'json'], { env });
    expect(cluster.code).toBe(0);

    const secret = TEST_USERS[1]!.password;
    expect((await runCli(['profile', 'add', 'sec', '-b', b.sasl ?? '127.0.0.1:1', '--sasl-mechanism', 'scram-sha-256', '--sasl-username', 'alice', '--sasl-password', secret], { env })).code).toBe(0);
    const list = await runCli(['profile', 'list', '-o', 'json'], { env });
    expect(JSON.parse(list.stdout)).toEqual([
      { name: 'dev', current: true, brokers: b.bootstrap },
      { name: 'sec', current: false, brokers: b.sasl ?? '127.0.0.1:1' },
    ]);
    const show = await runCli(['profile', 'show', 'sec'], { env });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('sasl.password');
    expect(show.stdout).toContain('********');
    expect(show.stdout + show.stderr).not.toContain(secret);
    const showJson = await runCli(['profile', 'show', 'sec', '-o', 'json'], { env });
    expect(JSON.parse(showJson.stdout).sasl).toEqual({ mechanism: 'scram-sha-256', username: 'alice', password: '********' });

    expect((await runCli(['profile', 'use', 'sec'], { env })).code).toBe(0);
    expect(JSON.parse((await runCli(['profile', 'list', '-o', 'json'], { env })).stdout).find((p: { current: boolean }) => p.current).name).toBe('sec');
    expect((await runCli(['profile', 'remove', 'sec'], { env })).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).profiles).not.toHaveProperty('sec');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it.skipIf(!requireTool('sasl-listener'))('a profile with SASL settings connects to the SASL listener', async () => {
    const env = freshHome();
    const secret = TEST_USERS[1]!.password;
    expect((await runCli(['profile', 'add', 'sec', '-b', b.sasl!, '--sasl-mechanism', 'scram-sha-256', '--sasl-username', 'alice', '--sasl-password', secret], { env })).code).toBe(0);
    const viaProfile = await runCli(['--profile', 'sec', 'cluster'], { env });
    expect(viaProfile.stderr).toBe('');
    expect(viaProfile.code).toBe(0);
    // Without the profile the same listener refuses: the profile's settings did the work.
    expect((await runCli(['cluster', '-b', b.sasl!], { env: freshHome() })).code).toBe(1);
  });

  it('flags and env beat the current profile; env says so in one warning line', async () => {
    const env = freshHome();
    await runCli(['profile', 'add', 'broken', '-b', '127.0.0.1:1'], { env });
    expect((await runCli(['cluster'], { env })).code).toBe(1);
    const viaEnv = await runCli(['cluster'], { env: { ...env, KAFKA_BROKERS: b.bootstrap } });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.stderr).toBe("kafka-cli: warning: KAFKA_BROKERS overrides brokers of profile 'broken' (the current profile; --profile broken would use the profile's settings)\n");
    const viaFlag = await runCli(['cluster', '-b', b.bootstrap], { env });
    expect(viaFlag.code).toBe(0);
    expect(viaFlag.stderr).toBe('');
  });

  it('a typed --profile beats an exported KAFKA_BROKERS (it acts on the profile\'s cluster)', async () => {
    const env = freshHome();
    await runCli(['profile', 'add', 'real', '-b', b.bootstrap], { env });
    await runCli(['profile', 'add', 'broken', '-b', '127.0.0.1:1', '--use'], { env });
    const typed = await runCli(['--profile', 'real', 'cluster', '-o', 'json'], { env: { ...env, KAFKA_BROKERS: '127.0.0.1:1' } });
    expect(typed.code, typed.stderr).toBe(0);
    expect(typed.stderr).toBe('');
    expect(JSON.parse(typed.stdout).brokers.length).toBeGreaterThan(0);
    // The other way round: the typed profile is unreachable, a reachable KAFKA_BROKERS must not rescue it.
    const wrong = await runCli(['--profile', 'broken', 'cluster'], { env: { ...env, KAFKA_BROKERS: b.bootstrap } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^kafka-cli: cannot connect to 127\.0\.0\.1:1/);
  });

  it('-v prints one line of what it connects to (profile, no secrets); -vv adds kafkajs\'s log', async () => {
    const env = freshHome();
    await runCli(['profile', 'add', 'real', '-b', b.bootstrap], { env });
    const v = await runCli(['-v', 'cluster'], { env });
    expect(v.code, v.stderr).toBe(0);
    expect(v.stderr).toBe(`kafka-cli: connecting to ${b.bootstrap}; profile real (current); no SASL; no TLS; client id kafka-cli; timeout 5000 ms\n`);
    const vv = await runCli(['-vv', 'cluster'], { env });
    expect(vv.code, vv.stderr.split('\n').filter((l) => l.startsWith('kafka-cli:')).join(' | ')).toBe(0);
    expect(vv.stderr).toMatch(/\[kafkajs DEBUG\]/);
  });

  it('errors: unknown profile, duplicate name, bad name', async () => {
    const env = freshHome();
    const unknown = await runCli(['--profile', 'nope', 'cluster'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("kafka-cli: unknown profile 'nope' (see: kafka-cli profile list)\n");
    await runCli(['profile', 'add', 'p1', '-b', 'h:1'], { env });
    const dup = await runCli(['profile', 'add', 'p1', '-b', 'h:2'], { env });
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/exists; use --force/);
    expect((await runCli(['profile', 'add', 'p1', '-b', 'h:2', '--force'], { env })).code).toBe(0);
    const bad = await runCli(['profile', 'add', 'a b'], { env });
    expect(bad.code).toBe(2);
    const empty = await runCli(['profile', 'add', 'empty'], { env });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^kafka-cli: nothing to save/);
    const orphan = await runCli(['profile', 'add', 'o', '-b', 'h:1', '--sasl-username', 'u'], { env });
    expect(orphan.code).toBe(2);
    expect(orphan.stderr).toBe('kafka-cli: SASL settings need --sasl-mechanism (plain, scram-sha-256 or scram-sha-512)\n');
    const noFile = await runCli(['profile', 'add', 'f', '-b', 'h:1', '--sasl-mechanism', 'plain', '--sasl-username', 'u', '--sasl-password-file', '/nonexistent/pw'], { env });
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/--sasl-password-file '\/nonexistent\/pw' does not exist/);
    expect(JSON.parse((await runCli(['profile', 'list', '-o', 'json'], { env })).stdout).map((p: { name: string }) => p.name)).toEqual(['p1']);
  });

  it('warns when the profiles file is readable by others', async () => {
    const env = freshHome();
    await runCli(['profile', 'add', 'p', '-b', 'h:1'], { env });
    chmodSync(join(env.XDG_CONFIG_HOME, 'kafka-cli', 'config.json'), 0o644);
    const r = await runCli(['profile', 'list'], { env });
    expect(r.stderr).toMatch(/readable by other users; run: chmod 600/);
  });

  it('a wrong value in the profiles file is exit 2 naming the file, the profile and the field (not "text.split is not a function")', async () => {
    const env = freshHome();
    const dir = join(env.XDG_CONFIG_HOME, 'kafka-cli');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ current: 'x', profiles: { x: { brokers: 42 } } }), { mode: 0o600 });
    const r = await runCli(['topic', 'list'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/profile 'x': "brokers" must be a string/);
    expect(r.stderr).toMatch(/not the number 42/);
    writeFileSync(file, JSON.stringify({ current: 'x', profiles: { x: { tls: { enabled: 'yes' } } } }), { mode: 0o600 });
    const t = await runCli(['topic', 'list'], { env });
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/"tls.enabled" must be a boolean/);
  });

  it('a current profile that does not exist is exit 2 naming it, never a silent fall back to 127.0.0.1:9092', async () => {
    const env = freshHome();
    const dir = join(env.XDG_CONFIG_HOME, 'kafka-cli');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ current: 'gone', profiles: { dev: { brokers: b.bootstrap } } }), { mode: 0o600 });
    const r = await runCli(['topic', 'list'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the current profile 'gone' .* does not exist; choose one of dev/);
    expect(r.stderr).not.toMatch(/9092/);
    // A profile named explicitly still works.
    const ok = await runCli(['topic', 'list', '--profile', 'dev'], { env });
    expect(ok.code, ok.stderr).toBe(0);
  });
});
