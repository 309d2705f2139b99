import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envOverrideWarning, resolveConnection } from '../../src/config/connection.js';
import { connectionLine } from '../../src/format/connection.js';
import { saveProfiles } from '../../src/config/profiles.js';
import { UsageError } from '../../src/core/errors.js';

function home(profiles?: Parameters<typeof saveProfiles>[1]) {
  const dir = mkdtempSync(join(tmpdir(), 'kcli-conf-'));
  const env: NodeJS.ProcessEnv = { XDG_CONFIG_HOME: dir };
  if (profiles) saveProfiles(env, profiles);
  return env;
}


const pw = (c: { sasl?: object }): string | undefined => (c.sasl && 'password' in c.sasl ? (c.sasl as { password: string }).password : undefined);
describe('connection precedence: flags > env > profile > defaults', () => {
  const profiles = { current: 'dev', profiles: { dev: { brokers: 'profile:1', clientId: 'from-profile', timeout: '9s' }, other: { brokers: 'other:2' } } };

  it('uses defaults with nothing set', async () => {
    const c = await resolveConnection({}, { env: home(), cwd: '/' });
    expect(c).toMatchObject({ brokers: ['127.0.0.1:9092'], clientId: 'kafka-cli', timeoutMs: 5000 });
    expect(c.sasl).toBeUndefined();
    expect(c.tls).toBeUndefined();
  });
  it('the current profile beats defaults', async () => {
    const c = await resolveConnection({}, { env: home(profiles), cwd: '/' });
    expect(c).toMatchObject({ brokers: ['profile:1'], clientId: 'from-profile', timeoutMs: 9000, profileName: 'dev' });
  });
  it('env beats the profile', async () => {
    const env = { ...home(profiles), KAFKA_BROKERS: 'env:3,env:4' };
    expect((await resolveConnection({}, { env, cwd: '/' })).brokers).toEqual(['env:3', 'env:4']);
  });
  it('flags beat env and profile', async () => {
    const env = { ...home(profiles), KAFKA_BROKERS: 'env:3' };
    const c = await resolveConnection({ brokers: 'flag:5', timeout: '700ms' }, { env, cwd: '/' });
    expect(c.brokers).toEqual(['flag:5']);
    expect(c.timeoutMs).toBe(700);
  });
  it('KAFKA_CLI_PROFILE and --profile choose another profile', async () => {
    const env = { ...home(profiles), KAFKA_CLI_PROFILE: 'other' };
    expect((await resolveConnection({}, { env, cwd: '/' })).brokers).toEqual(['other:2']);
    expect((await resolveConnection({ profile: 'dev' }, { env, cwd: '/' })).brokers).toEqual(['profile:1']);
  });
  it('a typed --profile beats the environment, silently', async () => {
    const env = { ...home(profiles), KAFKA_BROKERS: 'env:3' };
    const c = await resolveConnection({ profile: 'other' }, { env, cwd: '/' });
    expect(c.brokers).toEqual(['other:2']);
    expect(c.envOverrides).toEqual([]);
    expect(envOverrideWarning(c)).toBeUndefined();
    // A setting the typed profile does not have still comes from the environment.
    const sasl = await resolveConnection({ profile: 'other' }, { env: { ...env, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, cwd: '/' });
    expect(sasl.sasl).toEqual({ mechanism: 'plain', username: 'u', password: 'p' });
  });
  it('a typed --profile beats env for SASL settings too', async () => {
    const env = { ...home({ profiles: { p: { sasl: { mechanism: 'scram-sha-512', username: 'prof-user', password: 'prof-pw' } } } }), KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'env-user', KAFKA_SASL_PASSWORD: 'env-pw' };
    expect((await resolveConnection({ profile: 'p' }, { env, cwd: '/' })).sasl).toEqual({ mechanism: 'scram-sha-512', username: 'prof-user', password: 'prof-pw' });
    const implicit = await resolveConnection({}, { env: { ...env, KAFKA_CLI_PROFILE: 'p' }, cwd: '/' });
    expect(implicit.sasl).toEqual({ mechanism: 'plain', username: 'env-user', password: 'env-pw' });
    expect(envOverrideWarning(implicit)).toBe(
      "kafka-cli: warning: KAFKA_SASL_MECHANISM overrides sasl.mechanism, KAFKA_SASL_USERNAME overrides sasl.username, KAFKA_SASL_PASSWORD overrides sasl.password of profile 'p' (chosen by KAFKA_CLI_PROFILE; --profile p would use the profile's settings)",
    );
  });
  it('env overriding the current profile is recorded for one warning line', async () => {
    const c = await resolveConnection({}, { env: { ...home(profiles), KAFKA_BROKERS: 'env:3' }, cwd: '/' });
    expect(c.envOverrides).toEqual([{ variable: 'KAFKA_BROKERS', setting: 'brokers' }]);
    expect(envOverrideWarning(c)).toBe("kafka-cli: warning: KAFKA_BROKERS overrides brokers of profile 'dev' (the current profile; --profile dev would use the profile's settings)");
    // Without a profile setting to override, nothing to say.
    expect(envOverrideWarning(await resolveConnection({}, { env: { ...home(), KAFKA_BROKERS: 'env:3' }, cwd: '/' }))).toBeUndefined();
    expect(envOverrideWarning(await resolveConnection({ brokers: 'flag:1' }, { env: { ...home(profiles), KAFKA_BROKERS: 'env:3' }, cwd: '/' }))).toBeUndefined();
  });
  it('-v: one line of what kafka-cli connects to, never the password (golden)', async () => {
    const env = { ...home({ current: 'prod', profiles: { prod: { brokers: 'k1:9093,k2:9093', sasl: { mechanism: 'scram-sha-512', username: 'app', password: 'S3cret!' }, tls: { enabled: true } } } }) };
    const c = await resolveConnection({ verbose: 1 }, { env, cwd: '/' });
    expect(c.verbose).toBe(false);
    expect(connectionLine(c)).toBe('kafka-cli: connecting to k1:9093,k2:9093; profile prod (current); SASL SCRAM-SHA-512 as app; TLS (verified, system CAs); client id kafka-cli; timeout 5000 ms');
    expect(connectionLine(await resolveConnection({ tlsInsecure: true, profile: 'prod' }, { env, cwd: '/' }))).toBe('kafka-cli: connecting to k1:9093,k2:9093; profile prod; SASL SCRAM-SHA-512 as app; TLS (NOT verified); client id kafka-cli; timeout 5000 ms');
    expect(connectionLine(await resolveConnection({}, { env: home(), cwd: '/' }))).toBe('kafka-cli: connecting to 127.0.0.1:9092; no SASL; no TLS; client id kafka-cli; timeout 5000 ms');
    expect((await resolveConnection({ verbose: 2 }, { env, cwd: '/' })).verbose).toBe(true);
  });
  it('an unknown profile is a usage error', async () => {
    await expect(resolveConnection({ profile: 'nope' }, { env: home(profiles), cwd: '/' })).rejects.toThrow(/unknown profile 'nope'/);
  });
  it('SASL password: flag > file > env > profile', async () => {
    const env = { ...home({ profiles: { p: { sasl: { mechanism: 'plain', username: 'u', password: 'from-profile' } } } }), KAFKA_CLI_PROFILE: 'p' };
    expect(pw(await resolveConnection({}, { env, cwd: '/' }))).toBe('from-profile');
    expect(pw(await resolveConnection({}, { env: { ...env, KAFKA_SASL_PASSWORD: 'from-env' }, cwd: '/' }))).toBe('from-env');
    const f = join(mkdtempSync(join(tmpdir(), 'pw-')), 'pw');
    writeFileSync(f, 'from-file\n');
    expect(pw(await resolveConnection({ saslPasswordFile: f }, { env: { ...env, KAFKA_SASL_PASSWORD: 'from-env' }, cwd: '/' }))).toBe('from-file');
    expect(pw(await resolveConnection({ saslPassword: 'from-flag', saslPasswordFile: f }, { env, cwd: '/' }))).toBe('from-flag');
  });
  it('no password and no TTY is a usage error that names the ways to give one', async () => {
    await expect(resolveConnection({ saslMechanism: 'plain', saslUsername: 'u' }, { env: home(), cwd: '/' })).rejects.toThrow(/KAFKA_SASL_PASSWORD/);
  });
  it('asks on a TTY when no password is given', async () => {
    const c = await resolveConnection({ saslMechanism: 'scram-sha-256', saslUsername: 'u' }, { env: home(), cwd: '/', promptPassword: async () => 'typed' });
    expect(c.sasl).toEqual({ mechanism: 'scram-sha-256', username: 'u', password: 'typed' });
  });
  it.each([
    [{ brokers: 'nohost' }, /host:port/],
    [{ brokers: 'h:99999' }, /host:port/],
    [{ timeout: 'soon' }, /--timeout/],
    [{ saslMechanism: 'gssapi', saslUsername: 'u', saslPassword: 'p' }, /--sasl-mechanism/],
    [{ saslUsername: 'u' }, /--sasl-username needs --sasl-mechanism/],
    [{ saslPassword: 'p' }, /--sasl-password needs --sasl-mechanism/],
    [{ saslPasswordFile: '/x' }, /--sasl-password-file needs --sasl-mechanism/],
    [{ tlsCa: '/does/not/exist.pem' }, /cannot read --tls-ca/],
    [{ tlsCert: '/x' }, /go together/],
  ])('rejects %j', async (flags, msg) => {
    const p = resolveConnection(flags, { env: home(), cwd: '/' });
    await expect(p).rejects.toThrow(UsageError);
    await expect(p).rejects.toThrow(msg);
  });
  it('writes the profiles file with mode 0600', () => {
    const env = home(profiles);
    expect(statSync(join(env.XDG_CONFIG_HOME!, 'kafka-cli', 'config.json')).mode & 0o777).toBe(0o600);
  });
});
