/** Resolves how to reach the cluster: flags > env > profile > defaults. No kafkajs here. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { oneOf, parseDuration, parseInteger } from '../core/parse.js';
import { chosenProfile, loadProfiles, type Profile } from './profiles.js';

export { SASL_MECHANISMS } from '../core/connection.js';
export type { ConnectionConfig, EnvOverride, LocalInstance, OAuthSasl, OAuthTokenSource, PasswordSasl, SaslConfig, SaslMechanism, TlsConfig } from '../core/connection.js';
import { SASL_MECHANISMS, type ConnectionConfig, type EnvOverride, type LocalInstance, type OAuthTokenSource, type PasswordSasl, type SaslConfig, type SaslMechanism, type TlsConfig } from '../core/connection.js';

export const DEFAULT_BROKERS = '127.0.0.1:9092';
export const DEFAULT_TIMEOUT_MS = 5000;

/** Global flags as commander hands them over (all optional strings/booleans). */
export interface GlobalFlags {
  brokers?: string;
  clientId?: string;
  timeout?: string;
  profile?: string;
  saslMechanism?: string;
  saslUsername?: string;
  saslPassword?: string;
  saslPasswordFile?: string;
  tls?: boolean;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsInsecure?: boolean;
  /** How many times -v was given: 1 = the connection line and stack traces, 2 = also kafkajs's debug log. */
  verbose?: number | boolean;
  saslOauthTokenFile?: string;
  saslOauthTokenCommand?: string;
  awsRegion?: string;
}

export interface ResolveContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Asks for a password on a TTY; undefined when there is no TTY. */
  promptPassword?: (question: string) => Promise<string>;
  /** Use a profile only when one is named (a second cluster given by --to-brokers must not inherit the current profile). */
  ignoreCurrentProfile?: boolean;
  /** The running `local start` instances, asked only when nothing names the brokers (the command line supplies it). */
  localInstances?: () => LocalInstance[];
}

export function parseBrokers(text: string): string[] {
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new UsageError('invalid --brokers: empty list');
  for (const b of list) {
    const m = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d+)$/.exec(b);
    if (!m) throw new UsageError(`invalid broker address '${b}': expected host:port`);
    parseInteger(m[2]!, 'broker address', { min: 1n, max: 65535n, noun: 'host:port with a port', typed: b });
  }
  return list;
}

function readPem(path: string, cwd: string, flag: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${flag} file '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function readPasswordFile(path: string, cwd: string): string {
  try {
    return readFileSync(resolve(cwd, path), 'utf8').replace(/\r?\n$/, '');
  } catch (e) {
    throw new UsageError(`cannot read --sasl-password-file '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Non-empty environment value, or undefined. */
function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v === '' ? undefined : v;
}

/**
 * One setting's value by precedence. A typed `--profile` is a flag, so its settings beat the environment;
 * an implicitly chosen profile (current, KAFKA_CLI_PROFILE) loses to the environment, and the override is recorded.
 */
function pick<T>(flag: T | undefined, envName: string, envVal: T | undefined, profileVal: T | undefined, setting: string, explicitProfile: boolean, overrides: EnvOverride[]): T | undefined {
  if (flag !== undefined) return flag;
  if (explicitProfile) return profileVal ?? envVal;
  if (envVal !== undefined && profileVal !== undefined) overrides.push({ variable: envName, setting });
  return envVal ?? profileVal;
}

/** --sasl-oauth-token-command, --sasl-oauth-token-file, or env KAFKA_SASL_OAUTH_TOKEN: exactly one. */
function oauthTokenSource(flags: GlobalFlags, env: NodeJS.ProcessEnv, cwd: string): OAuthTokenSource {
  if (flags.saslOauthTokenFile !== undefined && flags.saslOauthTokenCommand !== undefined) throw new UsageError('use either --sasl-oauth-token-file or --sasl-oauth-token-command, not both');
  if (flags.saslUsername !== undefined || flags.saslPassword !== undefined || flags.saslPasswordFile !== undefined) throw new UsageError('--sasl-mechanism oauthbearer takes a token, not a user name or password');
  if (flags.saslOauthTokenCommand !== undefined) {
    if (flags.saslOauthTokenCommand.trim() === '') throw new UsageError('invalid --sasl-oauth-token-command: it is empty');
    return { kind: 'command', command: flags.saslOauthTokenCommand };
  }
  if (flags.saslOauthTokenFile !== undefined) return { kind: 'file', path: resolve(cwd, flags.saslOauthTokenFile) };
  if (env.KAFKA_SASL_OAUTH_TOKEN) return { kind: 'env', name: 'KAFKA_SASL_OAUTH_TOKEN', value: env.KAFKA_SASL_OAUTH_TOKEN };
  throw new UsageError('--sasl-mechanism oauthbearer needs a token: --sasl-oauth-token-file, --sasl-oauth-token-command or env KAFKA_SASL_OAUTH_TOKEN');
}

export async function resolveConnection(flags: GlobalFlags, ctx: ResolveContext): Promise<ConnectionConfig> {
  const env = ctx.env;
  const overrides: EnvOverride[] = [];
  const explicit = flags.profile !== undefined;
  const profileName = flags.profile ?? (env.KAFKA_CLI_PROFILE || undefined);
  let profile: Profile | undefined;
  const file = loadProfiles(env);
  const picked = chosenProfile(env, ctx.ignoreCurrentProfile ? { profiles: file.profiles } : file, profileName);
  const chosen = picked?.name;
  profile = picked?.profile;

  const named = pick(flags.brokers, 'KAFKA_BROKERS', envValue(env, 'KAFKA_BROKERS'), profile?.brokers, 'brokers', explicit, overrides);
  // Nothing names a cluster: the one broker `local start` runs is the target, whatever port it was given.
  const localInstances = named === undefined && ctx.localInstances ? ctx.localInstances() : undefined;
  const brokers = parseBrokers(named ?? (localInstances?.length === 1 ? localInstances[0]!.bootstrap : DEFAULT_BROKERS));
  const timeoutMs = flags.timeout !== undefined ? parseDuration(flags.timeout, '--timeout') : profile?.timeout ? parseDuration(profile.timeout, 'profile timeout') : DEFAULT_TIMEOUT_MS;
  if (timeoutMs < 100) throw new UsageError('invalid --timeout: must be at least 100ms');
  const clientId = flags.clientId ?? profile?.clientId ?? 'kafka-cli';

  const mechText = pick(flags.saslMechanism, 'KAFKA_SASL_MECHANISM', envValue(env, 'KAFKA_SASL_MECHANISM'), profile?.sasl?.mechanism, 'sasl.mechanism', explicit, overrides);
  let sasl: SaslConfig | undefined;
  const oauthFlag = flags.saslOauthTokenFile !== undefined ? '--sasl-oauth-token-file' : flags.saslOauthTokenCommand !== undefined ? '--sasl-oauth-token-command' : undefined;
  if (mechText?.toLowerCase() === 'aws-msk-iam') {
    // AWS MSK IAM: an OAUTHBEARER token signed with the default AWS credential chain (src/kafka/client/oauth.ts).
    if (oauthFlag || flags.saslUsername !== undefined || flags.saslPassword !== undefined || flags.saslPasswordFile !== undefined) throw new UsageError('--sasl-mechanism aws-msk-iam takes AWS credentials (the default AWS chain), not a token, user name or password');
    const region = flags.awsRegion ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined);
    if (!region) throw new UsageError('--sasl-mechanism aws-msk-iam needs a region: --aws-region, AWS_REGION or AWS_DEFAULT_REGION');
    sasl = { mechanism: 'oauthbearer', token: { kind: 'aws-msk-iam', region } };
  } else if (mechText?.toLowerCase() === 'oauthbearer') {
    sasl = { mechanism: 'oauthbearer', token: oauthTokenSource(flags, env, ctx.cwd) };
  } else if (oauthFlag) {
    throw new UsageError(`${oauthFlag} needs --sasl-mechanism oauthbearer`);
  } else if (mechText) {
    const mechanism = oneOf(mechText, SASL_MECHANISMS, '--sasl-mechanism') as PasswordSasl['mechanism'];
    const username = pick(flags.saslUsername, 'KAFKA_SASL_USERNAME', envValue(env, 'KAFKA_SASL_USERNAME'), profile?.sasl?.username, 'sasl.username', explicit, overrides);
    if (!username) throw new UsageError('--sasl-mechanism needs a user name: --sasl-username or KAFKA_SASL_USERNAME');
    // Files are read only when chosen, so an unused profile password file cannot fail the run.
    const flagPassword = flags.saslPassword ?? (flags.saslPasswordFile ? readPasswordFile(flags.saslPasswordFile, ctx.cwd) : undefined);
    const profileHasPassword = profile?.sasl?.passwordFile !== undefined || profile?.sasl?.password !== undefined;
    const source = pick(flagPassword === undefined ? undefined : 'flag', 'KAFKA_SASL_PASSWORD', envValue(env, 'KAFKA_SASL_PASSWORD') === undefined ? undefined : 'env', profileHasPassword ? 'profile' : undefined, 'sasl.password', explicit, overrides);
    let password: string | undefined =
      source === 'flag' ? flagPassword
      : source === 'env' ? envValue(env, 'KAFKA_SASL_PASSWORD')
      : source === 'profile' ? (profile?.sasl?.passwordFile ? readPasswordFile(profile.sasl.passwordFile, ctx.cwd) : profile?.sasl?.password)
      : undefined;
    if (password === undefined) {
      if (!ctx.promptPassword) {
        throw new UsageError('no SASL password: set KAFKA_SASL_PASSWORD, use --sasl-password-file, or run on a terminal to be asked');
      }
      password = await ctx.promptPassword(`Password for ${username}: `);
    }
    sasl = { mechanism, username, password };
  } else {
    const orphan = flags.saslUsername !== undefined ? '--sasl-username' : flags.saslPassword !== undefined ? '--sasl-password' : flags.saslPasswordFile !== undefined ? '--sasl-password-file' : undefined;
    if (orphan) throw new UsageError(`${orphan} needs --sasl-mechanism (plain, scram-sha-256, scram-sha-512, oauthbearer or aws-msk-iam)`);
  }

  const tlsCa = flags.tlsCa ?? profile?.tls?.ca;
  const tlsCert = flags.tlsCert ?? profile?.tls?.cert;
  const tlsKey = flags.tlsKey ?? profile?.tls?.key;
  const tlsInsecure = flags.tlsInsecure ?? profile?.tls?.insecure ?? false;
  const tlsOn = flags.tls || tlsCa !== undefined || tlsCert !== undefined || tlsKey !== undefined || flags.tlsInsecure || profile?.tls?.enabled;
  let tls: TlsConfig | undefined;
  if (tlsOn) {
    if ((tlsCert === undefined) !== (tlsKey === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
    tls = {
      ca: tlsCa ? readPem(tlsCa, ctx.cwd, '--tls-ca') : undefined,
      cert: tlsCert ? readPem(tlsCert, ctx.cwd, '--tls-cert') : undefined,
      key: tlsKey ? readPem(tlsKey, ctx.cwd, '--tls-key') : undefined,
      rejectUnauthorized: !tlsInsecure,
    };
  }
  const profileSource = !profile ? undefined : explicit ? 'flag' : profileName ? 'env' : 'current';
  const verbosity = typeof flags.verbose === 'number' ? flags.verbose : flags.verbose ? 1 : 0;
  return { brokers, clientId, timeoutMs, sasl, tls, verbose: verbosity >= 2, verbosity, profileName: profile ? chosen : undefined, profileSource, envOverrides: overrides, ...(localInstances?.length ? { localInstances } : {}) };
}

/** The one warning line for env variables that overrode an implicitly chosen profile, or undefined. */
export function envOverrideWarning(conf: Pick<ConnectionConfig, 'envOverrides' | 'profileName' | 'profileSource'>): string | undefined {
  if (!conf.envOverrides?.length || !conf.profileName) return undefined;
  const how = conf.profileSource === 'env' ? 'chosen by KAFKA_CLI_PROFILE' : 'the current profile';
  const pairs = conf.envOverrides.map((o) => `${o.variable} overrides ${o.setting}`).join(', ');
  return `kafka-cli: warning: ${pairs} of profile '${conf.profileName}' (${how}; --profile ${conf.profileName} would use the profile's settings)`;
}
