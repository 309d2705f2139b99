/** The `schema` commands and the registry connection options, against the suite's real registry. */
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, runOnTerminal, uniqueName } from '../helpers/cli.js';
import { testBroker } from '../helpers/broker-info.js';
import { registryEnv, registryReady, testRegistry } from '../helpers/registry.js';
import { skipUnless } from '../helpers/require-tool.js';

const FIX = join(ROOT, 'test', 'fixtures', 'schema');
const AVSC = join(FIX, 'order.avsc');
const work = mkdtempSync(join(tmpdir(), 'kcli-schema-'));

function file(name: string, text: string): string {
  const p = join(work, name);
  writeFileSync(p, text);
  return p;
}

const schema = (args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}) => runCli(['schema', ...args], { env: { ...registryEnv(), ...opts.env }, stdin: opts.stdin });

// The registry starts beside the broker; wait for it once per file.
beforeAll(() => registryReady(), 200_000);

describe('integration: schema commands', () => {
  const subject = `${uniqueName('subj')}-value`;
  const v2 = file('order-v2.avsc', JSON.stringify({ ...JSON.parse(readFileSync(AVSC, 'utf8')), fields: [...JSON.parse(readFileSync(AVSC, 'utf8')).fields, { name: 'extra', type: 'string', default: '' }] }));
  const breaking = file('order-breaking.avsc', JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'string' }, { name: 'must', type: 'int' }] }));

  it('register, versions, get (subject version and id), list', async () => {
    const r1 = await schema(['register', subject, AVSC, '-o', 'json']);
    expect(r1.stderr).toBe('');
    const one = JSON.parse(r1.stdout) as { id: number; version: number };
    expect(one).toEqual({ subject, id: expect.any(Number), version: 1 });
    const again = JSON.parse((await schema(['register', subject, AVSC, '-o', 'json'])).stdout);
    expect(again).toEqual(one);
    const two = JSON.parse((await schema(['register', subject, v2, '-o', 'json'])).stdout) as { id: number; version: number };
    expect(two.version).toBe(2);
    expect(two.id).not.toBe(one.id);

    const versions = await schema(['versions', subject]);
    expect(lines(versions.stdout).map((l) => l.split(/\s+/))).toEqual([['VERSION', 'ID', 'TYPE'], ['1', String(one.id), 'AVRO'], ['2', String(two.id), 'AVRO']]);
    expect(JSON.parse((await schema(['versions', subject, '-o', 'json'])).stdout)).toEqual([
      { version: 1, id: one.id, schemaType: 'AVRO' },
      { version: 2, id: two.id, schemaType: 'AVRO' },
    ]);
    const latest = JSON.parse((await schema(['get', subject, '-o', 'json'])).stdout) as { version: number; id: number; schema: string };
    expect([latest.version, latest.id]).toEqual([2, two.id]);
    expect(JSON.parse(latest.schema)).toEqual(JSON.parse(readFileSync(v2, 'utf8')));
    const byId = JSON.parse((await schema(['get', '--id', String(one.id), '-o', 'json'])).stdout) as { subject: null; schemaType: string; schema: string };
    expect(byId.subject).toBeNull();
    expect(JSON.parse(byId.schema)).toEqual(JSON.parse(readFileSync(AVSC, 'utf8')));
    const text = await schema(['get', subject, '1']);
    expect(text.stdout.split('\n')[1]).toMatch(new RegExp(`^${subject}\\s+1\\s+${one.id}\\s+AVRO\\s+-$`));
    const only = await schema(['get', subject, '1', '--schema-only']);
    expect(JSON.parse(only.stdout)).toEqual(JSON.parse(readFileSync(AVSC, 'utf8')));
    expect(lines((await schema(['list'])).stdout)).toContain(subject);
  });

  it('check: exit 0 when compatible, 3 when not (for CI)', async () => {
    const ok = await schema(['check', subject, v2, '-o', 'json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ subject, compatible: true });
    const bad = await schema(['check', subject, breaking]);
    expect(bad.code).toBe(3);
    expect(bad.stdout.split('\n')[1]).toMatch(new RegExp(`^${subject}\\s+NO`));
    expect(bad.stderr).toBe(`kafka-cli: the schema in '${breaking}' is not compatible with the latest version of '${subject}'\n`);
  });

  it('register refuses an incompatible schema (exit 1) and an invalid file (exit 2, named)', async () => {
    const bad = await schema(['register', subject, breaking]);
    expect(bad.code).toBe(1);
    expect(lines(bad.stderr)).toHaveLength(1);
    const invalid = await schema(['register', subject, file('broken.avsc', '{"type":"record"')]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^kafka-cli: invalid Avro schema in '.*broken\.avsc': /);
  });

  it('config: global and per subject, set and read back', async () => {
    expect(JSON.parse((await schema(['config', '-o', 'json'])).stdout)).toEqual({ subject: null, compatibility: 'BACKWARD' });
    expect((await schema(['config', subject, '--compatibility', 'none'])).stdout).toBe(`SUBJECT${' '.repeat(subject.length - 5)}COMPATIBILITY\n${subject}  NONE\n`);
    expect(JSON.parse((await schema(['config', subject, '-o', 'json'])).stdout)).toEqual({ subject, compatibility: 'NONE' });
    expect((await schema(['config', subject, '--compatibility', 'sideways'])).code).toBe(2);
  });

  it("check follows a subject's own compatibility: NONE accepts a breaking schema", async (ctx) => {
    const v = testRegistry().version;
    skipUnless(!v.startsWith('2.'), `Apicurio ${v}'s Confluent API checks against the global rule only`)(ctx);
    const s = `${uniqueName('none')}-value`;
    expect((await schema(['register', s, AVSC])).code).toBe(0);
    expect((await schema(['check', s, breaking])).code).toBe(3);
    expect((await schema(['config', s, '--compatibility', 'none'])).code).toBe(0);
    expect((await schema(['check', s, breaking])).code).toBe(0);
  });

  it('delete: refuses without a terminal unless --yes; soft, then --permanent; --deleted lists soft-deleted', async () => {
    const s = `${uniqueName('del')}-value`;
    await schema(['register', s, AVSC]);
    const refused = await schema(['delete', s]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('kafka-cli: refusing to delete schemas without confirmation: no terminal to ask on; pass --yes\n');
    expect(JSON.parse((await schema(['delete', s, '--yes', '-o', 'json'])).stdout)).toEqual({ subject: s, versions: [1], permanent: false });
    expect(lines((await schema(['list'])).stdout)).not.toContain(s);
    const withDeleted = JSON.parse((await schema(['list', '--deleted', '-o', 'json'])).stdout) as Array<{ subject: string; deleted: boolean }>;
    expect(withDeleted.find((x) => x.subject === s)).toEqual({ subject: s, deleted: true });
    expect(JSON.parse((await schema(['delete', s, '--permanent', '--yes', '-o', 'json'])).stdout)).toEqual({ subject: s, versions: [1], permanent: true });
    const gone = JSON.parse((await schema(['list', '--deleted', '-o', 'json'])).stdout) as Array<{ subject: string }>;
    expect(gone.map((x) => x.subject)).not.toContain(s);
  });

  it('--reference: Avro named types and Protobuf imports from other subjects, used by produce and tail', async () => {
    const { createTopic } = await import('../helpers/kafka.js');
    const money = `${uniqueName('money')}-value`;
    await schema(['register', money, file('money.avsc', '{"type":"record","name":"Money","namespace":"shop","fields":[{"name":"cents","type":"long"}]}')]);
    const inv = `${uniqueName('inv')}-value`;
    const reg = await schema(['register', inv, file('invoice.avsc', '{"type":"record","name":"Invoice","namespace":"shop","fields":[{"name":"total","type":"shop.Money"}]}'), '--reference', `shop.Money=${money}:1`, '-o', 'json']);
    expect(reg.stderr).toBe('');
    const common = `${uniqueName('common')}-value`;
    await schema(['register', common, file('common.proto', 'syntax = "proto3";\npackage common;\nmessage Money { int64 cents = 1; }\n')]);
    const pinv = `${uniqueName('pinv')}-value`;
    await schema(['register', pinv, file('invoice.proto', 'syntax = "proto3";\npackage shop;\nimport "common.proto";\nmessage Invoice { common.Money total = 1; }\n'), '--reference', `common.proto=${common}:1`]);
    const got = JSON.parse((await schema(['get', pinv, '-o', 'json'])).stdout) as { references: unknown };
    expect(got.references).toEqual([{ name: 'common.proto', subject: common, version: 1 }]);
    for (const [subject, value] of [[inv, { total: { cents: 5 } }], [pinv, { total: { cents: '7' } }]] as const) {
      const topic = uniqueName('ref');
      await createTopic(topic);
      const p = await runCli(['produce', topic, '--value-subject', subject, '--value', JSON.stringify(value)], { env: registryEnv() });
      expect(p.code).toBe(0);
      const t = await runCli(['tail', topic, '--from', 'beginning', '-e', '-o', 'json'], { env: registryEnv() });
      expect(JSON.parse(t.stdout).value).toEqual(value);
    }
    expect((await schema(['register', inv, AVSC, '--reference', 'nonsense'])).stderr).toBe("kafka-cli: invalid --reference 'nonsense': expected name=subject:version\n");
  });

  it('delete on a terminal asks first: no deletes nothing (exit 1), yes deletes one version', async () => {
    const s = `${uniqueName('ask')}-value`;
    await schema(['register', s, AVSC]);
    const url = registryEnv().KAFKA_SCHEMA_REGISTRY_URL!;
    const no = await runOnTerminal(['schema', 'delete', s, '1', '--schema-registry', url], 'n\n');
    expect(no.code).toBe(1);
    expect(no.stderr).toContain(`Delete version 1 of subject '${s}'? [y/N]`);
    expect(no.stderr).toContain('kafka-cli: not confirmed: nothing was deleted');
    expect(JSON.parse((await schema(['versions', s, '-o', 'json'])).stdout)).toHaveLength(1);
    const yes = await runOnTerminal(['schema', 'delete', s, '1', '--schema-registry', url, '-o', 'json'], 'y\n');
    expect(yes.code).toBe(0);
    expect(JSON.parse(yes.stdout)).toEqual({ subject: s, versions: [1], permanent: false });
  });

  it('a missing subject or id: one line, exit 1', async () => {
    const r = await schema(['get', 'no-such-subject-value']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^kafka-cli: schema registry: .*no-such-subject-value.* \(error 40401\)\n$/);
    const id = await schema(['get', '--id', '2147480000']);
    expect(id.code).toBe(1);
    expect(id.stderr).toMatch(/\(error 40403\)\n$/);
  });

  it('without a registry: a usage error naming the option', async () => {
    const r = await runCli(['schema', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kafka-cli: schema list needs a schema registry: --schema-registry <url> or KAFKA_SCHEMA_REGISTRY_URL\n');
  });
});

function lines(s: string): string[] {
  return s.split('\n').filter(Boolean).map((l) => l.trim());
}

/**
 * An HTTPS front for the real registry that demands basic auth or a bearer token (and may demand a client
 * certificate), as registries in companies do: proves kafka-cli's TLS and auth options reach a real registry.
 */
describe('integration: registry TLS and authentication', () => {
  let server: https.Server;
  let url: string;
  const tlsDir = () => testBroker().tlsDir!;
  beforeAll(async () => {
    const upstream = new URL(testRegistry().url);
    server = https.createServer(
      { key: readFileSync(join(tlsDir(), 'broker.key')), cert: readFileSync(join(tlsDir(), 'broker.pem')), ca: readFileSync(join(tlsDir(), 'test-ca.pem')), requestCert: true, rejectUnauthorized: false },
      (req, res) => {
        const auth = req.headers.authorization;
        const ok = auth === `Basic ${Buffer.from('alice:s3cret').toString('base64')}` || auth === 'Bearer tok-123';
        const wantsCert = req.url?.startsWith('/mtls/');
        const hasCert = (req.socket as import('node:tls').TLSSocket).authorized;
        if (!ok || (wantsCert && !hasCert)) {
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"error_code":401,"message":"Unauthorized"}');
          return;
        }
        const path = (req.url ?? '/').replace(/^\/(mtls\/)?/, '/');
        const fwd = http.request({ host: upstream.hostname, port: upstream.port, path: upstream.pathname + path.replace(/^\/apis\/ccompat\/v7/, ''), method: req.method, headers: { ...req.headers, host: upstream.host } }, (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        });
        req.pipe(fwd);
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as { port: number }).port}/apis/ccompat/v7`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const ca = () => join(tlsDir(), 'test-ca.pem');

  it('basic auth with the password from env or a file; a wrong password is one line, exit 1', async () => {
    const env = { KAFKA_SCHEMA_REGISTRY_URL: url, KAFKA_SCHEMA_REGISTRY_USER: 'alice' };
    const ok = await runCli(['schema', 'config', '--schema-registry-ca', ca(), '-o', 'json'], { env: { ...env, KAFKA_SCHEMA_REGISTRY_PASSWORD: 's3cret' } });
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toEqual({ subject: null, compatibility: 'BACKWARD' });
    const pw = file('pw.txt', 's3cret\n');
    expect((await runCli(['schema', 'list', '--schema-registry-ca', ca(), '--schema-registry-password-file', pw], { env })).code).toBe(0);
    const wrong = await runCli(['schema', 'list', '--schema-registry-ca', ca()], { env: { ...env, KAFKA_SCHEMA_REGISTRY_PASSWORD: 'nope' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(`kafka-cli: schema registry ${url}: authentication failed (check the user, password or token)\n`);
    expect(wrong.stderr + wrong.stdout).not.toContain('nope');
    const none = await runCli(['schema', 'list', '--schema-registry-ca', ca()], { env });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no schema registry password: set KAFKA_SCHEMA_REGISTRY_PASSWORD/);
  });

  it('a bearer token from env or a file', async () => {
    expect((await runCli(['schema', 'list', '--schema-registry', url, '--schema-registry-ca', ca()], { env: { KAFKA_SCHEMA_REGISTRY_TOKEN: 'tok-123' } })).code).toBe(0);
    const tok = file('token.txt', 'tok-123\n');
    expect((await runCli(['schema', 'list', '--schema-registry', url, '--schema-registry-ca', ca(), '--schema-registry-token-file', tok])).code).toBe(0);
  });

  it('TLS: an untrusted certificate fails in one line; --schema-registry-insecure skips the check; client certificates are sent', async () => {
    const env = { KAFKA_SCHEMA_REGISTRY_TOKEN: 'tok-123' };
    const untrusted = await runCli(['schema', 'list', '--schema-registry', url], { env });
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/^kafka-cli: cannot reach the schema registry at https:\/\/127\.0\.0\.1:\d+\/apis\/ccompat\/v7: .*certificate.*\n$/);
    const other = await runCli(['schema', 'list', '--schema-registry', url, '--schema-registry-ca', join(tlsDir(), 'other-ca.pem')], { env });
    expect(other.code).toBe(1);
    expect((await runCli(['schema', 'list', '--schema-registry', url, '--schema-registry-insecure'], { env })).code).toBe(0);
    const mtls = url.replace('/apis/', '/mtls/apis/');
    expect((await runCli(['schema', 'list', '--schema-registry', mtls, '--schema-registry-ca', ca()], { env })).code).toBe(1);
    const withCert = await runCli(['schema', 'list', '--schema-registry', mtls, '--schema-registry-ca', ca(), '--schema-registry-cert', join(tlsDir(), 'client.pem'), '--schema-registry-key', join(tlsDir(), 'client.key')], { env });
    expect(withCert.stderr).toBe('');
    expect(withCert.code).toBe(0);
  });

  it('a profile stores the registry (paths, never the password) and is used by tail and schema', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kcli-schema-profile-'));
    const pw = file('pw2.txt', 's3cret');
    const env = { XDG_CONFIG_HOME: home };
    const add = await runCli(['profile', 'add', 'reg', '-b', testBroker().bootstrap, '--schema-registry', url, '--schema-registry-user', 'alice', '--schema-registry-password-file', pw, '--schema-registry-ca', ca(), '--use'], { env });
    expect(add.code).toBe(0);
    const saved = readFileSync(join(home, 'kafka-cli', 'config.json'), 'utf8');
    expect(saved).not.toContain('s3cret');
    expect(JSON.parse(saved).profiles.reg.schemaRegistry).toEqual({ url, username: 'alice', passwordFile: pw, ca: ca() });
    const r = await runCli(['schema', 'config', '-o', 'json'], { env });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ subject: null, compatibility: 'BACKWARD' });
  });
});
