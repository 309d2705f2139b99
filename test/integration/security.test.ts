import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.js';
import { TEST_USERS, testBroker } from '../helpers/broker-info.js';
import { requireTool } from '../helpers/require-tool.js';

const b = testBroker();
const alice = TEST_USERS[1]!;

describe.skipIf(!requireTool('sasl-listener'))('integration: SASL', () => {
  it.each(['plain', 'scram-sha-256', 'scram-sha-512'])('%s with the right password works', async (mech) => {
    const r = await runCli(['cluster', '-b', b.sasl!, '--sasl-mechanism', mech, '--sasl-username', alice.username, '-o', 'json'], {
      env: { KAFKA_SASL_PASSWORD: alice.password },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).brokers).toHaveLength(1);
  });

  it.each(['plain', 'scram-sha-256', 'scram-sha-512'])('%s with a wrong password fails fast with one line that hides the password', async (mech) => {
    const r = await spawnCli(['cluster', '-b', b.sasl!, '--sasl-mechanism', mech, '--sasl-username', alice.username], {
      env: { KAFKA_SASL_PASSWORD: 'wrong-pass-XYZ' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`kafka-cli: authentication failed at ${b.sasl} for user 'alice' (SASL ${mech.toUpperCase()}): check the user name and password\n`);
    expect(r.ms).toBeLessThan(5000);
  });

  it('the password comes from a file', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const f = join(mkdtempSync(join(tmpdir(), 'pw-')), 'password');
    writeFileSync(f, alice.password + '\n', { mode: 0o600 });
    const r = await runCli(['cluster', '-b', b.sasl!, '--sasl-mechanism', 'scram-sha-512', '--sasl-username', 'alice', '--sasl-password-file', f]);
    expect(r.code).toBe(0);
  });

  it('SASL settings come from environment variables too', async () => {
    const r = await runCli(['cluster', '-b', b.sasl!], {
      env: { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'alice', KAFKA_SASL_PASSWORD: alice.password },
    });
    expect(r.code).toBe(0);
  });

  it('a SASL listener without SASL settings fails with one line', async () => {
    const r = await spawnCli(['cluster', '-b', b.sasl!]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^kafka-cli: cannot connect to /);
    expect(r.ms).toBeLessThan(8000);
  });
});

describe.skipIf(!requireTool('ssl-listener'))('integration: TLS', () => {
  const ca = join(b.tlsDir ?? '', 'test-ca.pem');
  const otherCa = join(b.tlsDir ?? '', 'other-ca.pem');

  it('connects with the right CA and verification on', async () => {
    const r = await runCli(['cluster', '-b', b.ssl!, '--tls-ca', ca, '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('fails with one clear line against the wrong CA', async () => {
    const r = await spawnCli(['cluster', '-b', b.ssl!, '--tls-ca', otherCa]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^kafka-cli: TLS handshake with ${b.ssl!.replace(/\./g, '\\.')} failed: .+\\n$`));
    expect(r.ms).toBeLessThan(5000);
  });

  it('fails without a CA (the test CA is not a system CA), and --tls-insecure skips verification', async () => {
    const strict = await spawnCli(['cluster', '-b', b.ssl!, '--tls']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/TLS handshake/);
    const insecure = await runCli(['cluster', '-b', b.ssl!, '--tls-insecure']);
    expect(insecure.code).toBe(0);
  });

  it('TLS against a plaintext listener fails fast with one line', async () => {
    const r = await spawnCli(['cluster', '-b', b.bootstrap, '--tls-ca', ca]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.ms).toBeLessThan(8000);
  });
});
