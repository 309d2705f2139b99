import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addProfile, getProfile, loadProfiles, removeProfile, useProfile } from '../../src/config/profiles.js';
import { profileFromFlags } from '../../src/config/profile-flags.js';
import { profileListJson, profileShowJson } from '../../src/format/profile.js';

const env = () => ({ XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'kafka-cli-profile-unit-')) });

describe('profiles', () => {
  it('builds a profile from flags: brokers normalised, paths absolute, SASL needs a mechanism and a user', () => {
    expect(profileFromFlags({ brokers: 'a:1, b:2', saslMechanism: 'plain', saslUsername: 'u', saslPassword: 'p' }, '/w')).toEqual({ brokers: 'a:1,b:2', sasl: { mechanism: 'plain', username: 'u', password: 'p' } });
    expect(() => profileFromFlags({ saslUsername: 'u' }, '/w')).toThrow(/^SASL settings need --sasl-mechanism/);
    expect(() => profileFromFlags({ saslMechanism: 'plain' }, '/w')).toThrow(/^--sasl-mechanism needs --sasl-username$/);
    expect(() => profileFromFlags({ tlsCa: 'nope.pem' }, '/w')).toThrow(/^--tls-ca 'nope.pem' does not exist$/);
    expect(() => profileFromFlags({}, '/w')).toThrow(/^nothing to save/);
  });

  it('adds (the first becomes current), refuses a taken name without force, uses and removes', () => {
    const e = env();
    expect(addProfile(e, 'dev', () => ({ brokers: 'a:1' }), {}).current).toBe(true);
    expect(addProfile(e, 'prod', () => ({ brokers: 'b:2' }), {}).current).toBe(false);
    expect(() => addProfile(e, 'dev', () => ({ brokers: 'c:3' }), {})).toThrow("profile 'dev' exists; use --force to replace it");
    expect(() => addProfile(e, 'bad name', () => ({}), {})).toThrow(/^invalid profile name 'bad name'/);
    useProfile(e, 'prod');
    expect(getProfile(e)).toEqual({ name: 'prod', profile: { brokers: 'b:2' }, current: true });
    removeProfile(e, 'prod');
    expect(loadProfiles(e)).toEqual({ profiles: { dev: { brokers: 'a:1' } } });
    expect(() => getProfile(e)).toThrow('no current profile; name one: kafka-cli profile show <name>');
    expect(() => useProfile(e, 'prod')).toThrow("unknown profile 'prod' (see: kafka-cli profile list)");
  });

  it('views (the tables have golden files): list JSON by name with the current one marked, show JSON masked', () => {
    const file = { current: 'b', profiles: { b: { brokers: 'b:2', tls: { enabled: true } }, a: { sasl: { mechanism: 'plain', username: 'u', password: 'secret' } } } };
    expect(profileListJson(file)).toEqual([{ name: 'a', current: false, brokers: null }, { name: 'b', current: true, brokers: 'b:2' }]);
    expect(profileShowJson('a', file)).toEqual({ name: 'a', current: false, sasl: { mechanism: 'plain', username: 'u', password: '********' } });
  });
});
