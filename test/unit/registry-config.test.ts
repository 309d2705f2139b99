import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRegistry } from '../../src/config/registry.js';
import { parseSchemaTailFlags } from '../../src/cli/schema/schema-flags.js';

function home(profile?: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'kcli-reg-conf-'));
  if (profile) {
    mkdirSync(join(dir, 'kafka-cli'), { recursive: true });
    writeFileSync(join(dir, 'kafka-cli', 'config.json'), JSON.stringify({ current: 'p', profiles: { p: { schemaRegistry: profile } } }));
  }
  return dir;
}

const ctx = (env: Record<string, string>, xdg = home()) => ({ env: { XDG_CONFIG_HOME: xdg, ...env }, cwd: tmpdir() });

describe('schema registry connection settings', () => {
  it('none configured: undefined (decoding stays off)', async () => {
    expect(await resolveRegistry({}, ctx({}))).toBeUndefined();
  });

  it('flags > env > profile', async () => {
    const xdg = home({ url: 'http://profile:1', username: 'p' });
    const env = { KAFKA_SCHEMA_REGISTRY_URL: 'http://env:2', KAFKA_SCHEMA_REGISTRY_PASSWORD: 'pw' };
    expect((await resolveRegistry({ schemaRegistry: 'http://flag:3' }, ctx(env, xdg)))?.url).toBe('http://flag:3');
    expect((await resolveRegistry({}, ctx(env, xdg)))?.url).toBe('http://env:2');
    const fromProfile = await resolveRegistry({}, ctx({ KAFKA_SCHEMA_REGISTRY_PASSWORD: 'pw' }, xdg));
    expect(fromProfile).toMatchObject({ url: 'http://profile:1', username: 'p', password: 'pw', insecure: false, timeoutMs: 5000 });
  });

  it('secrets: a password needs a source (no TTY: a usage error), a token excludes a user, cert and key go together', async () => {
    await expect(resolveRegistry({ schemaRegistry: 'http://r:1', schemaRegistryUser: 'u' }, ctx({}))).rejects.toThrow(/no schema registry password: set KAFKA_SCHEMA_REGISTRY_PASSWORD/);
    await expect(resolveRegistry({ schemaRegistry: 'http://r:1', schemaRegistryUser: 'u' }, ctx({ KAFKA_SCHEMA_REGISTRY_TOKEN: 't' }))).rejects.toThrow('use either a schema registry user (basic auth) or a token, not both');
    await expect(resolveRegistry({ schemaRegistry: 'http://r:1', schemaRegistryCert: 'c.pem' }, ctx({}))).rejects.toThrow('--schema-registry-cert and --schema-registry-key go together');
    expect((await resolveRegistry({ schemaRegistry: 'http://r:1' }, ctx({ KAFKA_SCHEMA_REGISTRY_TOKEN: 't' })))?.token).toBe('t');
    const prompted = await resolveRegistry({ schemaRegistry: 'http://r:1', schemaRegistryUser: 'u' }, { ...ctx({}), promptPassword: async () => 'typed' });
    expect(prompted?.password).toBe('typed');
  });

  it('bad input is a usage error naming the option', async () => {
    await expect(resolveRegistry({ schemaRegistry: 'localhost:8081' }, ctx({}))).rejects.toThrow("invalid --schema-registry 'localhost:8081': expected http(s)://host:port[/path]");
    await expect(resolveRegistry({ schemaRegistry: true }, ctx({}))).rejects.toThrow('--schema-registry needs a URL');
    await expect(resolveRegistry({ schemaRegistryUser: 'u' }, ctx({}))).rejects.toThrow('schema registry options need --schema-registry <url>');
    expect(() => parseSchemaTailFlags({ valueFormat: 'xml' })).toThrow("invalid --value-format 'xml': expected one of auto, avro, protobuf, json-schema, raw");
    expect(parseSchemaTailFlags({})).toEqual({ keyFormat: 'auto', valueFormat: 'auto', avroJson: 'plain', avroLogical: 'readable', explicit: false });
    expect(parseSchemaTailFlags({ valueFormat: 'Avro' }).explicit).toBe(true);
  });
});
