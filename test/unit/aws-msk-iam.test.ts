import { describe, expect, it } from 'vitest';
import { mskIamToken, oauthTokenProvider } from '../../src/kafka/client/oauth.js';
import { resolveConnection } from '../../src/config/connection.js';

const CREDS = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE12', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

function withEnv<T>(vars: Record<string, string>, f: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return f().finally(() => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  });
}

describe('aws-msk-iam tokens', () => {
  it('signs a kafka-cluster:Connect URL for the region with the credentials from the environment (no network)', async () => {
    const before = Date.now();
    const t = await withEnv(CREDS, () => mskIamToken('eu-west-1'));
    const url = new URL(Buffer.from(t.token, 'base64url').toString('utf8'));
    expect(url.origin).toBe('https://kafka.eu-west-1.amazonaws.com');
    expect(url.search.startsWith('?Action=kafka-cluster%3AConnect')).toBe(true);
    const q = url.searchParams;
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Credential')).toMatch(/^AKIAEXAMPLEEXAMPLE12\/\d{8}\/eu-west-1\/kafka-cluster\/aws4_request$/);
    expect(q.get('X-Amz-Expires')).toBe('900');
    expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(q.get('User-Agent')).toBeTruthy();
    expect(t.expiryTime).toBeGreaterThan(before + 800_000);
    expect(t.expiryTime).toBeLessThanOrEqual(Date.now() + 900_000);
  });

  it('the provider signs once, and again when the token is within a minute of its expiry', async () => {
    let clock = Date.now();
    const provider = oauthTokenProvider({ kind: 'aws-msk-iam', region: 'us-east-1' }, process.env, 5000, () => clock);
    const first = await withEnv(CREDS, () => provider());
    const exp = new Date(new URL(Buffer.from(first.value, 'base64url').toString()).searchParams.get('X-Amz-Date')!.replace(/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/, '$1-$2-$3T$4:$5:$6Z')).getTime() + 900_000;
    clock += 1000;
    expect((await provider()).value).toBe(first.value); // cached: signed once
    clock = exp - 30_000; // inside the renewal minute: signed again (a different X-Amz-Date)
    await new Promise((r) => setTimeout(r, 1100));
    const again = await withEnv(CREDS, () => provider());
    expect(again.value).not.toBe(first.value);
  });

  it('no credentials: one OAuthTokenError line', async () => {
    const env = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: 'kafka-cli-no-such-profile', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONTAINER_CREDENTIALS_FULL_URI: '', AWS_WEB_IDENTITY_TOKEN_FILE: '' };
    const err = await withEnv(env, () => mskIamToken('eu-west-1').then(() => undefined, (e: Error) => e));
    expect(err?.constructor.name).toBe('OAuthTokenError');
    expect(err!.message).toMatch(/^--sasl-mechanism aws-msk-iam: no AWS token for region eu-west-1: /);
    expect(err!.message).not.toContain('\n');
  }, 30_000);

  it('resolves the region from --aws-region, then AWS_REGION, then AWS_DEFAULT_REGION; none is a usage error', async () => {
    const ctx = (env: NodeJS.ProcessEnv) => ({ env: { KAFKA_CLI_CONFIG: '/nonexistent/kafka-cli.yaml', ...env }, cwd: '/' });
    const region = async (flags: object, env: NodeJS.ProcessEnv) => ((await resolveConnection({ saslMechanism: 'aws-msk-iam', brokers: 'b:9098', ...flags } as never, ctx(env) as never)).sasl as { token: { region: string } }).token.region;
    expect(await region({ awsRegion: 'ap-south-1' }, { AWS_REGION: 'x' })).toBe('ap-south-1');
    expect(await region({}, { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'y' })).toBe('us-west-2');
    expect(await region({}, { AWS_DEFAULT_REGION: 'eu-north-1' })).toBe('eu-north-1');
    await expect(region({}, {})).rejects.toThrow(/^--sasl-mechanism aws-msk-iam needs a region: --aws-region, AWS_REGION or AWS_DEFAULT_REGION$/);
  });
});
