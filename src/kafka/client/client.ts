/**
 * The client factory: the one place that turns a ConnectionConfig into a kafkajs client,
 * with fail-fast retries, logging to stderr and errors mapped to one clear line.
 */
import kafkajs from 'kafkajs';
import type { Admin, Kafka, KafkaConfig, logCreator, SASLOptions } from 'kafkajs';
import { describeSource, OAuthTokenError, oauthTokenProvider } from './oauth.js';
import { KafkaError, UsageError } from '../../core/errors.js';
import type { ConnectionConfig } from '../../core/connection.js';
import { registerCodecs } from './codecs.js';
import { inKafkaCliWords, type ErrorFacts } from './error-words.js';

const { Kafka: KafkaClass, logLevel } = kafkajs;

/** Where kafkajs's log lines go under --verbose (stderr): any writer, so core needs nothing of the CLI's IO. */
export interface LogSink {
  write(chunk: string): unknown;
}

export interface KafkaClient {
  kafka: Kafka;
  config: ConnectionConfig;
  /** The command's abort signal (Ctrl-C): core's retry waits end when it fires. */
  signal?: AbortSignal;
  /** An admin client, connected and proven to answer (describeCluster), created once. */
  admin(): Promise<Admin>;
  /** Disconnects everything this client opened; safe to call twice. */
  close(): Promise<void>;
}

// kafkajs prints a warning through process.emitWarning for some timer values, and its reconnects while a broker
// stays down can pile 'connect' listeners on a socket (MaxListenersExceededWarning, seen once in a 45 s outage on a
// three-broker cluster); neither is the user's to act on, and kafka-cli keeps stderr to its own lines.
let warningsFiltered = false;
function filterNodeWarnings(): void {
  if (warningsFiltered) return;
  warningsFiltered = true;
  const original = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const name = typeof warning === 'string' ? (typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string })?.type) : warning.name;
    if (name === 'TimeoutNegativeWarning' || name === 'TimeoutOverflowWarning' || name === 'MaxListenersExceededWarning') return;
    return (original as (...a: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}

const LEVEL_NAMES: Record<number, string> = { 1: 'ERROR', 2: 'WARN', 4: 'INFO', 5: 'DEBUG' };

function makeLogCreator(stderr: LogSink, verbose: boolean): logCreator {
  return () => ({ namespace, level, log }) => {
    if (!verbose) return;
    const { message, ...extra } = log as { message: string; [k: string]: unknown };
    const label = LEVEL_NAMES[level] ?? String(level);
    // Decoded responses of the protocol room carry int64 as bigint: a debug line must never fail the request it logs.
    const rest = Object.keys(extra).length ? ' ' + JSON.stringify(extra, (k, v) => (k === 'password' ? '***' : typeof v === 'bigint' ? v.toString() : v)) : '';
    stderr.write(`[kafkajs ${label}] ${namespace}: ${message}${rest}\n`);
  };
}

function saslOptions(c: ConnectionConfig): SASLOptions | undefined {
  if (!c.sasl) return undefined;
  if (c.sasl.mechanism === 'oauthbearer') return { mechanism: 'oauthbearer', oauthBearerProvider: oauthTokenProvider(c.sasl.token, process.env, c.timeoutMs) };
  const { mechanism, username, password } = c.sasl;
  return { mechanism, username, password } as SASLOptions;
}

export function kafkaConfig(c: ConnectionConfig, stderr: LogSink): KafkaConfig {
  const t = c.timeoutMs;
  return {
    clientId: c.clientId,
    brokers: c.brokers,
    ssl: c.tls ? { ca: c.tls.ca, cert: c.tls.cert, key: c.tls.key, rejectUnauthorized: c.tls.rejectUnauthorized, servername: undefined } : undefined,
    sasl: saslOptions(c),
    connectionTimeout: Math.min(t, 3000),
    authenticationTimeout: Math.min(t, 5000),
    // --timeout bounds a request that gets no answer too: a request still in flight when the first request's
    // deadline (probe) fails would otherwise hold the disconnect (kafkajs waits for it) past --timeout.
    // Fetch and JoinGroup carry their own, longer timeouts (their wait on the broker) on top.
    requestTimeout: t,
    enforceRequestTimeout: true,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000, factor: 0.2, multiplier: 2 },
    logLevel: c.verbose ? logLevel.DEBUG : logLevel.NOTHING,
    logCreator: makeLogCreator(stderr, c.verbose),
  };
}

/** Partition errors of a Metadata answer: the broker answered, some partition (of any topic) has no leader or replica. */
const PARTITION_METADATA_ERRORS = new Set(['LEADER_NOT_AVAILABLE', 'REPLICA_NOT_AVAILABLE']);

type Chain = Error & { originalError?: unknown; cause?: unknown; code?: string; broker?: unknown };

function causes(x: Chain): Chain[] {
  const out = [x];
  for (let cur = x; out.length < 6 && (cur.originalError || cur.cause); ) out.push((cur = (cur.originalError ?? cur.cause) as Chain));
  return out;
}

function rootCause(x: Chain): Chain {
  return causes(x).pop()!;
}

/** `host:port` of the broker a kafkajs error is about, when it says (connection errors do). */
export function failedBroker(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  for (const x of causes(err as Chain)) {
    if (typeof x.broker === 'string' && x.broker) return x.broker;
    const m = /(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH) (\S+:\d+)/.exec(x.message ?? '');
    if (m) return m[1];
  }
  return undefined;
}

/**
 * Anything kafkajs can throw, as one line a user can act on. `connecting`: the error comes from the first
 * request (probe), where a closed connection usually means the listener wants SASL or TLS; later (a broker
 * restarting mid-read) that hint would mislead.
 */
export function describeKafkaError(err: unknown, c: ConnectionConfig, connecting = false): string {
  const e = err as Error & { code?: string; type?: string; originalError?: Error; cause?: Error; retryCount?: number };
  const r = rootCause(e);
  // The broker that failed when kafkajs says which (on a cluster the others may be fine, even while connecting: the
  // first request can reach a live bootstrap broker and then fail on a dead leader); else every bootstrap address.
  const where = failedBroker(e) ?? c.brokers.join(',');
  const text = `${e.message ?? ''} ${r.message ?? ''}`;
  if (r instanceof OAuthTokenError) return r.message;
  // A refused token comes back as an RFC 7628 error challenge ({"status":"invalid_token"}) with error code 0:
  // kafkajs 2.2.4 takes that for success, the broker then closes the connection, and kafkajs ends with "No
  // brokers in the broker pool" or a closed connection. With OAUTHBEARER that is the token being refused.
  const oauthRefused = /SASL .*authentication failed|No brokers in the broker pool|Closed connection|ECONNRESET/i.test(text);
  if (c.sasl?.mechanism === 'oauthbearer' && (e.name === 'KafkaJSSASLAuthenticationError' || r.name === 'KafkaJSSASLAuthenticationError' || oauthRefused)) {
    return `authentication failed at ${where} (SASL OAUTHBEARER): the broker refused the token from ${describeSource(c.sasl.token)} (expired, or not valid for this cluster)`;
  }
  const worded = inKafkaCliWords(errorFacts(e), { where, sasl: c.sasl, tls: c.tls !== undefined });
  if (worded) return worded;
  if (e.name === 'KafkaJSSASLAuthenticationError' || r.name === 'KafkaJSSASLAuthenticationError' || /SASL .*authentication failed|Authentication failed/i.test(text)) {
    return `authentication failed at ${where} for user '${c.sasl && 'username' in c.sasl ? c.sasl.username : '?'}' (SASL ${c.sasl?.mechanism.toUpperCase() ?? ''}): check the user name and password`;
  }
  const tlsCodes = ['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO'];
  const code = r.code ?? e.code;
  if ((code && tlsCodes.includes(code)) || /certificate|SSL routines|wrong version number|TLS/i.test(text)) {
    return `TLS handshake with ${where} failed: ${(r.message || code || '').replace(/^Connection error: /, '')} (check --tls-ca, or whether the listener speaks TLS)`;
  }
  if (code === 'ECONNREFUSED' || /ECONNREFUSED|Connection refused/i.test(text)) return `cannot connect to ${where}: connection refused (${refusedHint(c, failedBroker(e))})`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /ENOTFOUND|getaddrinfo/.test(text)) return `cannot connect to ${where}: host not found`;
  if (/Connection timeout|ETIMEDOUT|Request.*timed out|timed out/i.test(text)) return `cannot connect to ${where}: no answer within ${c.timeoutMs} ms`;
  if (/Closed connection|ECONNRESET|socket hang up|Connection error/i.test(text)) {
    return `cannot connect to ${where}: the connection was closed (${r.message || e.message})${connecting ? closedHint(c) : ''}`;
  }
  // kafkajs's retry wrappers repeat their cause's message: name the cause only when it adds something.
  const cause = r !== e && r.message && !(e.message ?? '').includes(r.message) ? `: ${r.message}` : '';
  return `${e.message || String(err)}${cause}`;
}

/** What to try after a refused connection: start a local broker, or choose one of the several that run. */
function refusedHint(c: ConnectionConfig, failed?: string): string {
  // One broker of several (the bootstrap lists more, or the metadata named it): the cluster lives on, leaders move.
  if (failed && (c.brokers.length > 1 || !c.brokers.includes(failed))) return `broker ${failed} of the cluster is down or restarting; the leadership of its partitions moves to the other brokers`;
  const local = c.localInstances ?? [];
  if (local.length > 1) return `${local.length} local instances run: ${local.map((l) => `${l.bootstrap} (${l.dir})`).join(', ')}; choose one with -b`;
  if (local.length === 1) return `the local broker in ${local[0]!.dir} does not answer; see: kafka-cli local status`;
  return 'is the broker running? try: kafka-cli local start';
}

/** Why a listener may close a fresh connection: it wants a security protocol the client does not speak. */
function closedHint(c: ConnectionConfig): string {
  if (!c.sasl && !c.tls) return '; does the listener need SASL or TLS?';
  if (c.sasl && !c.tls) return '; the listener may want TLS (SSL or SASL_SSL): add --tls';
  return '';
}

/** The facts of a kafkajs error along its cause chain, for the error-words table. */
function errorFacts(e: unknown): ErrorFacts {
  const f: ErrorFacts = { names: [], types: [], codes: [], text: '' };
  const texts: string[] = [];
  let cur = e as (Error & { type?: string; code?: string; originalError?: unknown; cause?: unknown }) | undefined;
  for (let i = 0; i < 6 && cur; i++) {
    if (cur.name) f.names.push(cur.name);
    if (typeof cur.type === 'string') f.types.push(cur.type);
    if (typeof cur.code === 'string') f.codes.push(cur.code);
    if (cur.message) texts.push(cur.message);
    cur = (cur.originalError ?? cur.cause) as typeof cur;
  }
  f.text = texts.join(' | ');
  return f;
}

/** Rejects with a KafkaError after `ms`, naming what timed out. */
export function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KafkaError(what)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function createClient(config: ConnectionConfig, stderr: LogSink, signal?: AbortSignal): KafkaClient {
  filterNodeWarnings();
  registerCodecs();
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  const kafka = new KafkaClass(kafkaConfig(config, stderr));
  let admin: Promise<Admin> | undefined;
  const closers: Array<() => Promise<void>> = [];
  return {
    kafka,
    config,
    signal,
    admin() {
      admin ??= (async () => {
        const a = kafka.admin({ retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 } });
        closers.push(() => a.disconnect());
        await probe(config, async () => {
          await a.connect();
          try {
            await a.describeCluster();
          } catch (e) {
            // kafkajs's describeCluster reads every topic's metadata and fails when any partition anywhere has no
            // leader (a broker of the cluster is down): the broker did answer, and this command's topic may be fine.
            if (!errorFacts(e).types.some((t) => PARTITION_METADATA_ERRORS.has(t))) throw e;
          }
        });
        return a;
      })();
      return admin;
    },
    async close() {
      const all = closers.splice(0);
      await Promise.allSettled(all.map((c) => withDeadline(c(), 3000, 'disconnect timed out')));
    },
  };
}

/** Runs a first request under the connection deadline and maps failures to one line (exit 1). */
export async function probe(config: ConnectionConfig, fn: () => Promise<void>): Promise<void> {
  const budget = Math.max(config.timeoutMs, 1000);
  try {
    await withDeadline(fn(), budget, `cannot connect to ${config.brokers.join(',')}: no answer within ${budget} ms`);
  } catch (e) {
    if (e instanceof KafkaError || e instanceof UsageError) throw e;
    throw new KafkaError(describeKafkaError(e, config, true));
  }
}

/** Maps any error from a kafkajs call to our typed errors, keeping ours as they are. */
export function kafkaFailure(e: unknown, config: ConnectionConfig, doing?: string): Error {
  if (e instanceof KafkaError || e instanceof UsageError) return e;
  const msg = describeKafkaError(e, config);
  return new KafkaError(doing ? `${doing}: ${msg}` : msg);
}
