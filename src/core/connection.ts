/**
 * How to reach a cluster, as resolved from flags, environment and profiles (src/config resolves it; src/kafka
 * connects with it). Types only, plus the SASL mechanism names: the bottom floor imports nothing of the project.
 */
export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512', 'oauthbearer', 'aws-msk-iam'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export interface PasswordSasl {
  mechanism: Exclude<SaslMechanism, 'oauthbearer' | 'aws-msk-iam'>;
  username: string;
  password: string;
}

/** Where an OAUTHBEARER token comes from (the token itself is read when a connection authenticates). */
export type OAuthTokenSource = { kind: 'file'; path: string } | { kind: 'env'; name: string; value: string } | { kind: 'command'; command: string } | { kind: 'aws-msk-iam'; region: string };

export interface OAuthSasl {
  mechanism: 'oauthbearer';
  token: OAuthTokenSource;
}

export type SaslConfig = PasswordSasl | OAuthSasl;

export interface TlsConfig {
  /** PEM contents, not paths. */
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
}

export interface ConnectionConfig {
  brokers: string[];
  clientId: string;
  timeoutMs: number;
  sasl?: SaslConfig;
  tls?: TlsConfig;
  /** kafkajs's own debug log on stderr (-vv). */
  verbose: boolean;
  /** How many times -v was given. */
  verbosity?: number;
  /** Where each setting came from, for error messages and `profile show`. */
  profileName?: string;
  /** How the profile was chosen: typed `--profile` (beats env) or implicitly (current profile / KAFKA_CLI_PROFILE). */
  profileSource?: 'flag' | 'env' | 'current';
  /** Environment variables that overrode a setting of an implicitly chosen profile (the caller warns once). */
  envOverrides?: EnvOverride[];
  /**
   * Set when no -b, KAFKA_BROKERS or profile named the brokers: the running `local start` instances found then.
   * One: it is the target (`brokers` is its bootstrap). Several: the default stays, and a refused connection names them.
   */
  localInstances?: LocalInstance[];
}

/** A running broker started by `kafka-cli local start`. */
export interface LocalInstance {
  dir: string;
  bootstrap: string;
}

export interface EnvOverride {
  variable: string;
  setting: string;
}
