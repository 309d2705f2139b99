/**
 * Secrets never leak from the data commands: produce, tail, lag and topic over SASL with --verbose (kafkajs
 * debug logs on stderr), with the password from the environment, a flag or a file, right or wrong.
 * Needs dist/ (npx tsc): the real process runs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, uniqueName } from '../helpers/cli.js';
import { createTopic } from '../helpers/kafka.js';
import { TEST_USERS, testBroker } from '../helpers/broker-info.js';
import { requireTool } from '../helpers/require-tool.js';

const b = testBroker();
const alice = TEST_USERS[1]!;
const WRONG = 'Wr0ng-Secret-Value-7731';

describe.skipIf(!requireTool('sasl-listener'))('integration: secrets never leak from produce, tail, lag and topic (--verbose, SASL)', () => {
  const topic = uniqueName('secret-cmds');
  const group = uniqueName('secret-g');
  const dir = mkdtempSync(join(tmpdir(), 'kcli-secret-cmds-'));
  const passwordFile = join(dir, 'password');
  const wrongFile = join(dir, 'wrong');

  beforeAll(async () => {
    await createTopic(topic, 2);
    writeFileSync(passwordFile, alice.password + '\n', { mode: 0o600 });
    writeFileSync(wrongFile, WRONG + '\n', { mode: 0o600 });
  });

  const sources: Array<[string, string[], Record<string, string>]> = [
    ['env', [], { KAFKA_SASL_PASSWORD: alice.password }],
    ['flag', ['--sasl-password', alice.password], {}],
    ['file', ['--sasl-password-file', passwordFile], {}],
  ];

  const leaks = (text: string) => {
    expect(text).not.toContain(alice.password);
    expect(text).not.toContain(WRONG);
    // Nor an obvious encoding of it (SASL PLAIN sends "\0user\0password"; base64 of the password).
    expect(text).not.toContain(Buffer.from(alice.password).toString('base64'));
    expect(text).not.toContain(Buffer.from(WRONG).toString('base64'));
  };

  it.each(['plain', 'scram-sha-256', 'scram-sha-512'])('%s: produce, tail, lag, topic with -vv, password from env, flag and file', async (mech) => {
    for (const [how, extra, env] of sources) {
      const conn = ['-b', b.sasl!, '--sasl-mechanism', mech, '--sasl-username', alice.username, '-vv', ...extra];
      const value = `${mech}-${how}`;
      const produce = await spawnCli([...conn, 'produce', topic, '-k', 'k', '--value', value, '-o', 'json'], { env, timeoutMs: 30_000 });
      const tail = await spawnCli([...conn, 'tail', topic, '--from', 'beginning', '-e', '-o', 'value', '--group', group], { env, timeoutMs: 30_000 });
      const lag = await spawnCli([...conn, 'lag', group, '-o', 'json'], { env, timeoutMs: 30_000 });
      const list = await spawnCli([...conn, 'topic', 'describe', topic], { env, timeoutMs: 30_000 });
      for (const [name, r] of [['produce', produce], ['tail', tail], ['lag', lag], ['topic describe', list]] as const) {
        const what = `${mech}/${how}/${name}: exit ${r.code}: ${r.stderr.split('\n').filter((l) => !l.startsWith('[kafkajs')).join(' | ')}`;
        expect(r.code, what).toBe(0);
        // --verbose really logged the client's work (so the grep below looked at something).
        expect(r.stderr, what).toMatch(/\[kafkajs DEBUG\]/);
        leaks(r.stdout + r.stderr);
      }
      expect(tail.stdout.split('\n')).toContain(value);
    }
  });

  it.each(['plain', 'scram-sha-256'])('%s: a wrong password (env, flag, file): exit 1, an error naming the user, never the password', async (mech) => {
    const wrongs: Array<[string, string[], Record<string, string>]> = [
      ['env', [], { KAFKA_SASL_PASSWORD: WRONG }],
      ['flag', ['--sasl-password', WRONG], {}],
      ['file', ['--sasl-password-file', wrongFile], {}],
    ];
    for (const [how, extra, env] of wrongs) {
      for (const cmd of [['produce', topic, '--value', 'x'], ['tail', topic, '-e'], ['lag', group], ['topic', 'list']]) {
        const r = await spawnCli(['-b', b.sasl!, '--sasl-mechanism', mech, '--sasl-username', alice.username, '-vv', ...extra, ...cmd], { env, timeoutMs: 30_000 });
        const what = `${mech}/${how}/${cmd[0]}: ${r.stderr.split('\n').filter((l) => !l.startsWith('[kafkajs') && !/^\s+at /.test(l)).join(' | ')}`;
        expect(r.code, what).toBe(1);
        expect(r.stderr, what).toMatch(/^kafka-cli: authentication failed at .* for user 'alice'/m);
        leaks(r.stdout + r.stderr);
      }
    }
  });
});
