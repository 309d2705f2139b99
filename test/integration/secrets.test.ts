import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.js';
import { TEST_USERS, testBroker } from '../helpers/broker-info.js';
import { unsecuredJwt } from '../helpers/oauth.js';
import { requireTool } from '../helpers/require-tool.js';

const b = testBroker();
const alice = TEST_USERS[1]!;
const WRONG = 'Wr0ng-Secret-Value-991';

describe.skipIf(!requireTool('sasl-listener'))('integration: secrets never leak', () => {
  const cases: Array<[string, string[], Record<string, string>]> = [
    ['password from env, success, -vv', ['cluster', '-vv'], { KAFKA_SASL_PASSWORD: alice.password }],
    ['password from flag, success, -vv', ['cluster', '-vv', '--sasl-password', alice.password], {}],
    ['wrong password from env, -vv', ['cluster', '-vv'], { KAFKA_SASL_PASSWORD: WRONG }],
    ['wrong password from flag', ['cluster', '--sasl-password', WRONG], {}],
  ];
  it.each(cases)('%s', async (_name, args, env) => {
    for (const mech of ['plain', 'scram-sha-256', 'scram-sha-512']) {
      const r = await spawnCli([...args, '-b', b.sasl!, '--sasl-mechanism', mech, '--sasl-username', 'alice'], { env });
      const all = r.stdout + r.stderr;
      expect(all).not.toContain(alice.password);
      expect(all).not.toContain(WRONG);
      expect(r.code === 0 || r.code === 1).toBe(true);
    }
  });

  it('an OAUTHBEARER token never appears in output or logs (file, env, command, expired; --verbose)', async () => {
    const good = unsecuredJwt('alice', 3600);
    const dir = mkdtempSync(join(tmpdir(), 'kcli-oauth-secret-'));
    const oauth = ['-b', b.sasl!, '--sasl-mechanism', 'oauthbearer'];
    const file = join(dir, 'secret-token');
    writeFileSync(file, good);
    for (const [args, env] of [
      [['cluster', '-v', ...oauth, '--sasl-oauth-token-file', file], {}],
      [['cluster', '-v', ...oauth], { KAFKA_SASL_OAUTH_TOKEN: good }],
      [['topic', 'list', '-v', ...oauth, '--sasl-oauth-token-command', `cat '${file}'`], {}],
      [['cluster', '-v', ...oauth], { KAFKA_SASL_OAUTH_TOKEN: unsecuredJwt('alice', -5) }],
    ] as const) {
      const r = await spawnCli([...args], { env: { ...env } });
      const all = r.stdout + r.stderr;
      expect(all).not.toContain(good);
      expect(all).not.toContain(good.split('.')[1]!);
      expect(r.code === 0 || r.code === 1).toBe(true);
    }
  });

  it('profile show and list mask the password; the file is 0600', async () => {
    const env = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'kcli-secret-')) };
    await runCli(['profile', 'add', 'p', '-b', b.sasl!, '--sasl-mechanism', 'plain', '--sasl-username', 'alice', '--sasl-password', alice.password], { env });
    expect(statSync(join(env.XDG_CONFIG_HOME, 'kafka-cli', 'config.json')).mode & 0o777).toBe(0o600);
    for (const args of [['profile', 'show', 'p'], ['profile', 'show', 'p', '-o', 'json'], ['profile', 'list'], ['profile', 'list', '-o', 'json'], ['--profile', 'p', 'cluster', '-v']]) {
      const r = await runCli(args, { env });
      expect(r.stdout + r.stderr).not.toContain(alice.password);
    }
  });
});

describe('integration: signals on a short command', () => {
  it('SIGINT while waiting for an unresponsive broker exits 130 at once, no stack trace', async () => {
    const { createServer } = await import('node:net');
    let connections = 0;
    const silent = createServer(() => void connections++).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const { startCli } = await import('../helpers/cli.js');
      const run = startCli(['cluster', '-b', `127.0.0.1:${port}`, '--timeout', '20s']);
      // Interrupt once it waits on the broker that never answers.
      await vi.waitFor(() => expect(connections).toBeGreaterThan(0), { timeout: 15_000, interval: 20 });
      const t0 = Date.now();
      run.child.kill('SIGINT');
      const { code } = await run.done;
      expect(code).toBe(130);
      expect(Date.now() - t0).toBeLessThan(4000);
      expect(run.stderr()).not.toMatch(/\n\s+at /);
    } finally {
      silent.close();
    }
  });
});
