/**
 * The second cluster of `copy` and `topic diff`: --to-profile and/or --to-brokers, with its own SASL and TLS
 * flags. None of the source's settings leak into it: not its flags, not KAFKA_* variables, not the current
 * profile. Its password comes from --to-sasl-password-file, env KAFKA_TO_SASL_PASSWORD, its profile, or a prompt.
 */
import { UsageError } from '../core/errors.js';
import { resolveConnection, type ConnectionConfig, type GlobalFlags, type ResolveContext } from './connection.js';

export interface TargetFlags {
  toProfile?: string;
  toBrokers?: string;
  toSaslMechanism?: string;
  toSaslUsername?: string;
  toSaslPasswordFile?: string;
  toTls?: boolean;
  toTlsCa?: string;
  toTlsCert?: string;
  toTlsKey?: string;
  toTlsInsecure?: boolean;
}

/** True when any destination-cluster flag was given. */
export function hasTarget(f: TargetFlags): boolean {
  return f.toProfile !== undefined || f.toBrokers !== undefined;
}

export async function resolveTarget(f: TargetFlags, source: GlobalFlags, ctx: ResolveContext): Promise<ConnectionConfig> {
  if (!hasTarget(f)) throw new UsageError('the other cluster needs --to-profile <name> or --to-brokers <host:port,...>');
  const flags: GlobalFlags = {
    profile: f.toProfile,
    brokers: f.toBrokers,
    timeout: source.timeout,
    clientId: source.clientId,
    saslMechanism: f.toSaslMechanism,
    saslUsername: f.toSaslUsername,
    saslPasswordFile: f.toSaslPasswordFile,
    tls: f.toTls,
    tlsCa: f.toTlsCa,
    tlsCert: f.toTlsCert,
    tlsKey: f.toTlsKey,
    tlsInsecure: f.toTlsInsecure,
    verbose: source.verbose,
  };
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(ctx.env)) if (!k.startsWith('KAFKA_')) env[k] = v;
  if (ctx.env.KAFKA_TO_SASL_PASSWORD) env.KAFKA_SASL_PASSWORD = ctx.env.KAFKA_TO_SASL_PASSWORD;
  try {
    return await resolveConnection(flags, {
      ...ctx,
      env,
      ignoreCurrentProfile: true,
      promptPassword: ctx.promptPassword ? (q) => ctx.promptPassword!(`(destination) ${q}`) : undefined,
    });
  } catch (e) {
    // Name the destination's flags in its errors.
    if (e instanceof UsageError) throw new UsageError(e.message.replace(/--(sasl|tls|brokers|profile)/g, '--to-$1').replace(/KAFKA_SASL_PASSWORD/g, 'KAFKA_TO_SASL_PASSWORD'));
    throw e;
  }
}
