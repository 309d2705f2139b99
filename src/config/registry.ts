/**
 * Resolves how to reach the Schema Registry: flags (a typed --profile's settings count as flags, as for brokers) > env > profile. Secrets (password, token) come from env,
 * a file or a prompt, never from a flag value, and are never printed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { parseDuration } from '../core/parse.js';
import { DEFAULT_TIMEOUT_MS } from './connection.js';
import { chosenProfile, loadProfiles, type RegistryProfile } from './profiles.js';
import type { RegistryConfig } from '../schema/client.js';

export interface RegistryFlags {
  /** true: given without a URL (only `local start` takes it so). */
  schemaRegistry?: string | true;
  schemaRegistryUser?: string;
  schemaRegistryPasswordFile?: string;
  schemaRegistryTokenFile?: string;
  schemaRegistryCa?: string;
  schemaRegistryCert?: string;
  schemaRegistryKey?: string;
  schemaRegistryInsecure?: boolean;
  timeout?: string;
  profile?: string;
}

export const REGISTRY_ENV = {
  url: 'KAFKA_SCHEMA_REGISTRY_URL',
  user: 'KAFKA_SCHEMA_REGISTRY_USER',
  password: 'KAFKA_SCHEMA_REGISTRY_PASSWORD',
  token: 'KAFKA_SCHEMA_REGISTRY_TOKEN',
} as const;

function readFile(path: string, cwd: string, flag: string, trim: boolean): string {
  try {
    const text = readFileSync(resolve(cwd, path), 'utf8');
    return trim ? text.replace(/\r?\n$/, '') : text;
  } catch (e) {
    throw new UsageError(`cannot read ${flag} '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export interface RegistryResolveContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  promptPassword?: (question: string) => Promise<string>;
}

/** The registry to use, or undefined when none is configured anywhere. */
export async function resolveRegistry(flags: RegistryFlags, ctx: RegistryResolveContext): Promise<RegistryConfig | undefined> {
  const env = ctx.env;
  const file = loadProfiles(env);
  const profile: RegistryProfile | undefined = chosenProfile(env, file, flags.profile ?? (env.KAFKA_CLI_PROFILE || undefined))?.profile.schemaRegistry;
  if (flags.schemaRegistry === true) throw new UsageError('--schema-registry needs a URL, e.g. --schema-registry http://127.0.0.1:8081/apis/ccompat/v7');
  // A typed --profile beats the environment, as for the broker settings (config/connection.ts).
  const explicit = flags.profile !== undefined;
  const fromEnv = (name: string, fromProfile: string | undefined) => (explicit && fromProfile !== undefined ? fromProfile : (env[name] || undefined) ?? fromProfile);
  const url = typeof flags.schemaRegistry === 'string' ? flags.schemaRegistry : fromEnv(REGISTRY_ENV.url, profile?.url);
  if (!url) {
    const orphan = flags.schemaRegistryUser ?? flags.schemaRegistryPasswordFile ?? flags.schemaRegistryTokenFile ?? flags.schemaRegistryCa;
    if (orphan !== undefined) throw new UsageError(`schema registry options need --schema-registry <url> (or ${REGISTRY_ENV.url})`);
    return undefined;
  }
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw new UsageError(`invalid --schema-registry '${url}': expected http(s)://host:port[/path]`);
  const timeoutMs = flags.timeout !== undefined ? parseDuration(flags.timeout, '--timeout') : DEFAULT_TIMEOUT_MS;
  const username = flags.schemaRegistryUser ?? fromEnv(REGISTRY_ENV.user, profile?.username);
  const tokenFile = flags.schemaRegistryTokenFile ?? profile?.tokenFile;
  const token = tokenFile ? readFile(tokenFile, ctx.cwd, '--schema-registry-token-file', true) : env[REGISTRY_ENV.token] || undefined;
  if (token !== undefined && username !== undefined) throw new UsageError('use either a schema registry user (basic auth) or a token, not both');
  let password: string | undefined;
  if (username !== undefined) {
    const passwordFile = flags.schemaRegistryPasswordFile ?? profile?.passwordFile;
    password = passwordFile ? readFile(passwordFile, ctx.cwd, '--schema-registry-password-file', true) : env[REGISTRY_ENV.password];
    if (password === undefined) {
      if (!ctx.promptPassword) throw new UsageError(`no schema registry password: set ${REGISTRY_ENV.password}, use --schema-registry-password-file, or run on a terminal to be asked`);
      password = await ctx.promptPassword(`Schema registry password for ${username}: `);
    }
  }
  const ca = flags.schemaRegistryCa ?? profile?.ca;
  const cert = flags.schemaRegistryCert ?? profile?.cert;
  const key = flags.schemaRegistryKey ?? profile?.key;
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--schema-registry-cert and --schema-registry-key go together');
  return {
    url,
    username,
    password,
    token,
    ca: ca ? readFile(ca, ctx.cwd, '--schema-registry-ca', false) : undefined,
    cert: cert ? readFile(cert, ctx.cwd, '--schema-registry-cert', false) : undefined,
    key: key ? readFile(key, ctx.cwd, '--schema-registry-key', false) : undefined,
    insecure: flags.schemaRegistryInsecure ?? profile?.insecure ?? false,
    timeoutMs,
  };
}

/** The registry settings of `profile add`'s command line, as a profile stores them (absolute paths). */
export function registryProfileFrom(f: RegistryFlags, abs: (p?: string) => string | undefined): RegistryProfile | undefined {
  if (!f.schemaRegistry) return undefined;
  if (f.schemaRegistry === true) throw new UsageError('--schema-registry needs a URL');
  const p: RegistryProfile = { url: f.schemaRegistry };
  if (f.schemaRegistryUser) p.username = f.schemaRegistryUser;
  if (f.schemaRegistryPasswordFile) p.passwordFile = abs(f.schemaRegistryPasswordFile);
  if (f.schemaRegistryTokenFile) p.tokenFile = abs(f.schemaRegistryTokenFile);
  if (f.schemaRegistryCa) p.ca = abs(f.schemaRegistryCa);
  if (f.schemaRegistryCert) p.cert = abs(f.schemaRegistryCert);
  if (f.schemaRegistryKey) p.key = abs(f.schemaRegistryKey);
  if (f.schemaRegistryInsecure) p.insecure = true;
  return p;
}
