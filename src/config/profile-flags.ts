/** `profile add`: the profile that the connection flags of a command line describe. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { parseBrokers, type GlobalFlags } from './connection.js';
import type { Profile } from './profiles.js';
import { registryProfileFrom, type RegistryFlags } from './registry.js';

/** The profile the connection flags of this command line describe; paths made absolute against `cwd`, files checked. */
export function profileFromFlags(f: GlobalFlags & RegistryFlags, cwd: string): Profile {
  const abs = (p?: string) => (p ? resolve(cwd, p) : undefined);
  const p: Profile = {};
  if (f.brokers) p.brokers = parseBrokers(f.brokers).join(',');
  if (f.clientId) p.clientId = f.clientId;
  if (f.timeout) p.timeout = f.timeout;
  if (!f.saslMechanism && (f.saslUsername !== undefined || f.saslPassword !== undefined || f.saslPasswordFile !== undefined)) {
    throw new UsageError('SASL settings need --sasl-mechanism (plain, scram-sha-256 or scram-sha-512)');
  }
  if (f.saslPasswordFile !== undefined && !existsSync(resolve(cwd, f.saslPasswordFile))) {
    throw new UsageError(`--sasl-password-file '${f.saslPasswordFile}' does not exist`);
  }
  for (const [flag, path] of [['--tls-ca', f.tlsCa], ['--tls-cert', f.tlsCert], ['--tls-key', f.tlsKey]] as const) {
    if (path !== undefined && !existsSync(resolve(cwd, path))) throw new UsageError(`${flag} '${path}' does not exist`);
  }
  if (f.saslMechanism) {
    if (!f.saslUsername) throw new UsageError('--sasl-mechanism needs --sasl-username');
    p.sasl = { mechanism: f.saslMechanism, username: f.saslUsername };
    if (f.saslPasswordFile) p.sasl.passwordFile = abs(f.saslPasswordFile);
    else if (f.saslPassword !== undefined) p.sasl.password = f.saslPassword;
  }
  if (f.tls || f.tlsCa || f.tlsCert || f.tlsKey || f.tlsInsecure) {
    p.tls = { enabled: true, ca: abs(f.tlsCa), cert: abs(f.tlsCert), key: abs(f.tlsKey), insecure: f.tlsInsecure ? true : undefined };
  }
  const registry = registryProfileFrom(f, abs);
  if (registry) p.schemaRegistry = registry;
  if (Object.keys(p).length === 0) throw new UsageError('nothing to save: give the connection flags to store, e.g. kafka-cli profile add dev -b 127.0.0.1:9092');
  return p;
}
