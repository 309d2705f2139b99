import { mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OAuthTokenError, oauthTokenProvider, tokenExpiry } from '../../src/kafka/client/oauth.js';

const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (exp: number, sub = 'alice') => `${enc({ alg: 'none' })}.${enc({ sub, exp })}.`;
const T0 = 1_800_000_000_000;

describe('OAUTHBEARER token provider', () => {
  it('reads exp from a JWT; anything else has none', () => {
    expect(tokenExpiry(jwt(1_800_000_100))).toBe(1_800_000_100_000);
    expect(tokenExpiry('opaque-token')).toBeUndefined();
    expect(tokenExpiry('a.b.c')).toBeUndefined();
  });
  it('reads a file again when it changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcli-oauth-unit-'));
    const file = join(dir, 't');
    writeFileSync(file, jwt(T0 / 1000 + 3600, 'first') + '\n');
    utimesSync(file, 1000, 1000);
    const p = oauthTokenProvider({ kind: 'file', path: file }, {}, 1000, () => T0);
    expect((await p()).value).toBe(jwt(T0 / 1000 + 3600, 'first'));
    writeFileSync(file, jwt(T0 / 1000 + 3600, 'second'));
    utimesSync(file, 2000, 2000);
    expect((await p()).value).toBe(jwt(T0 / 1000 + 3600, 'second'));
  });
  it('runs the command again only shortly before the token expires', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcli-oauth-unit-'));
    const count = join(dir, 'runs');
    writeFileSync(count, '');
    let now = T0;
    const token = jwt(T0 / 1000 + 300);
    const p = oauthTokenProvider({ kind: 'command', command: `echo x >> '${count}'; echo '${token}'` }, process.env, 5000, () => now);
    await p();
    now += 200_000; // 100 s left: still good
    await p();
    expect(readFileSync(count, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
    now += 50_000; // 50 s left: within the renewal margin
    await expect(p()).resolves.toEqual({ value: token });
    expect(readFileSync(count, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  });
  it('refuses an expired or empty token with a line that does not contain it', async () => {
    const old = jwt(T0 / 1000 - 1);
    const p = oauthTokenProvider({ kind: 'env', name: 'KAFKA_SASL_OAUTH_TOKEN', value: old }, {}, 1000, () => T0);
    await expect(p()).rejects.toThrow(OAuthTokenError);
    await expect(p()).rejects.toThrow(`the OAUTHBEARER token from env KAFKA_SASL_OAUTH_TOKEN expired at ${new Date(T0 - 1000).toISOString()}`);
    await expect(p()).rejects.not.toThrow(old);
    await expect(oauthTokenProvider({ kind: 'env', name: 'X', value: ' ' }, {}, 1000)()).rejects.toThrow(/is empty/);
  });
});
