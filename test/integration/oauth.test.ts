import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testBroker } from '../helpers/broker-info.js';
import { unsecuredJwt } from '../helpers/oauth.js';
import { requireTool } from '../helpers/require-tool.js';

const b = testBroker();

describe.skipIf(!requireTool('sasl-listener'))('integration: SASL OAUTHBEARER (Kafka unsecured-JWT validator)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kcli-oauth-'));
  const oauth = ['-b', b.sasl!, '--sasl-mechanism', 'oauthbearer'];

  it('a token from a file, from env KAFKA_SASL_OAUTH_TOKEN, or from a command authenticates', async () => {
    const file = join(dir, 'token');
    writeFileSync(file, unsecuredJwt('alice', 3600) + '\n');
    const viaFile = await runCli(['cluster', ...oauth, '--sasl-oauth-token-file', file]);
    expect(viaFile.stderr).toBe('');
    expect(viaFile.code).toBe(0);
    const viaEnv = await runCli(['cluster', ...oauth], { env: { KAFKA_SASL_OAUTH_TOKEN: unsecuredJwt('alice', 3600) } });
    expect(viaEnv.code).toBe(0);
    const viaCommand = await runCli(['cluster', ...oauth, '--sasl-oauth-token-command', `cat '${file}'`]);
    expect(viaCommand.stderr).toBe('');
    expect(viaCommand.code).toBe(0);
  });

  it('an expired token is one line and exit 1, naming where it came from', async () => {
    const r = await runCli(['cluster', ...oauth], { env: { KAFKA_SASL_OAUTH_TOKEN: unsecuredJwt('alice', -60) } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^kafka-cli: the OAUTHBEARER token from env KAFKA_SASL_OAUTH_TOKEN expired at \d{4}-\d\d-\d\dT[\d:.]+Z\n$/);
  });

  it('a token the broker refuses is one line and exit 1', async () => {
    const r = await runCli(['cluster', ...oauth], { env: { KAFKA_SASL_OAUTH_TOKEN: 'not-a-jwt' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`kafka-cli: authentication failed at ${b.sasl} (SASL OAUTHBEARER): the broker refused the token from env KAFKA_SASL_OAUTH_TOKEN (expired, or not valid for this cluster)\n`);
  });

  it('a failing token command is one line and exit 1; usage errors are exit 2', async () => {
    const r = await runCli(['cluster', ...oauth, '--sasl-oauth-token-command', 'echo no idp >&2; exit 4']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('kafka-cli: --sasl-oauth-token-command failed (exit 4): no idp\n');
    const none = await runCli(['cluster', ...oauth]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('kafka-cli: --sasl-mechanism oauthbearer needs a token: --sasl-oauth-token-file, --sasl-oauth-token-command or env KAFKA_SASL_OAUTH_TOKEN\n');
    const orphan = await runCli(['cluster', '-b', b.sasl!, '--sasl-oauth-token-file', 'x']);
    expect(orphan.code).toBe(2);
    expect(orphan.stderr).toBe('kafka-cli: --sasl-oauth-token-file needs --sasl-mechanism oauthbearer\n');
  });
});
