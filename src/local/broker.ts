/**
 * A real single-node Apache Kafka (KRaft) broker from the Maven Central jars: no Docker needed.
 * Used by `kafka-cli local`, by the test suite's global setup and by bench/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, writeFileSync, closeSync, rmSync, statSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KafkaError } from '../core/errors.js';
import { sleep } from '../kafka/client/sleep.js';
import { checkVersion, DEFAULT_KAFKA_VERSION, ensureKafkaJars, isMajor4, javaBin } from './kafka-jars.js';

export { defaultCacheDir, DEFAULT_KAFKA_VERSION, ensureKafkaJars } from './kafka-jars.js';

export const DEFAULT_PORT = 9092;

export interface BrokerPorts {
  plaintext: number;
  controller: number;
  /** SASL_PLAINTEXT listener (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512). */
  sasl?: number;
  /** SSL listener; needs `tls`. */
  ssl?: number;
}

export interface SaslUser {
  username: string;
  password: string;
}

export interface BrokerTls {
  /** PKCS12 keystore holding the broker's key and certificate. */
  keystorePath: string;
  keystorePassword: string;
}

export interface StartOptions {
  /** Where the broker keeps its data, logs, pid and state. */
  dir: string;
  version?: string;
  ports: BrokerPorts;
  saslUsers?: SaslUser[];
  tls?: BrokerTls;
  /** group.initial.rebalance.delay.ms; the stock broker uses 3000. */
  initialRebalanceDelayMs?: number;
  /** Extra server.properties lines. */
  extraConfig?: Record<string, string>;
  heap?: string;
  /** How long to wait for readiness. */
  timeoutMs?: number;
  /** One node of a multi-node cluster (src/local/cluster.ts); default: a single combined broker+controller, node 1. */
  node?: ClusterNodeRole;
  /** Progress lines ("fetching Apache Kafka 4.4.0 jars ..."). */
  onProgress?: (line: string) => void;
  /** Ctrl-C: stop waiting for readiness (the broker keeps starting; `local stop` stops it). */
  signal?: AbortSignal;
}

export interface ClusterNodeRole {
  id: number;
  roles: 'broker' | 'controller';
  /** controller.quorum.voters, e.g. `0@127.0.0.1:9095`. */
  voters: string;
  /** Every node of a cluster must be formatted with the same cluster id. */
  clusterId: string;
}

export interface BrokerState {
  pid: number;
  version: string;
  ports: BrokerPorts;
  dir: string;
  startedAt: string;
  bootstrap: string;
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'kafka-cli', 'local');
}


export function serverProperties(o: StartOptions): string {
  const p = o.ports;
  const listeners = [`PLAINTEXT://127.0.0.1:${p.plaintext}`, `CONTROLLER://127.0.0.1:${p.controller}`];
  const advertised = [`PLAINTEXT://127.0.0.1:${p.plaintext}`];
  if (p.sasl) {
    listeners.push(`SASL_PLAINTEXT://127.0.0.1:${p.sasl}`);
    advertised.push(`SASL_PLAINTEXT://127.0.0.1:${p.sasl}`);
  }
  if (p.ssl) {
    listeners.push(`SSL://127.0.0.1:${p.ssl}`);
    advertised.push(`SSL://127.0.0.1:${p.ssl}`);
  }
  const node = o.node;
  const lines: Record<string, string> = {
    'process.roles': node?.roles ?? 'broker,controller',
    'node.id': String(node?.id ?? 1),
    'controller.quorum.voters': node?.voters ?? `1@127.0.0.1:${p.controller}`,
    listeners: (node?.roles === 'broker' ? listeners.slice(0, 1).concat(listeners.slice(2)) : node?.roles === 'controller' ? [listeners[1]] : listeners).join(','),
    'advertised.listeners': advertised.join(','),
    'inter.broker.listener.name': 'PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL',
    'log.dirs': join(o.dir, 'data'),
    'num.partitions': '1',
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '10',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'transaction.state.log.num.partitions': '4',
    'log.cleaner.dedupe.buffer.size': '16777216',
    'group.initial.rebalance.delay.ms': String(o.initialRebalanceDelayMs ?? 3000),
    'auto.create.topics.enable': 'true',
    'delete.topic.enable': 'true',
  };
  if (isMajor4(o.version ?? DEFAULT_KAFKA_VERSION)) {
    lines['share.coordinator.state.topic.replication.factor'] = '1';
    lines['share.coordinator.state.topic.min.isr'] = '1';
  }
  if (p.sasl) {
    const users = o.saslUsers ?? [];
    lines['sasl.enabled.mechanisms'] = 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER';
    const q = (s: string) => JSON.stringify(s);
    const admin = users[0] ?? { username: 'admin', password: 'admin-secret' };
    const plainUsers = users.map((u) => `user_${u.username}=${q(u.password)}`).join(' ');
    lines['listener.name.sasl_plaintext.plain.sasl.jaas.config'] =
      `org.apache.kafka.common.security.plain.PlainLoginModule required username=${q(admin.username)} password=${q(admin.password)} ${plainUsers};`;
    for (const mech of ['scram-sha-256', 'scram-sha-512']) {
      lines[`listener.name.sasl_plaintext.${mech}.sasl.jaas.config`] =
        `org.apache.kafka.common.security.scram.ScramLoginModule required username=${q(admin.username)} password=${q(admin.password)};`;
    }
    // OAUTHBEARER with Kafka's own unsecured-JWT validator (the default server callback): any well-formed
    // alg "none" token with sub, iat and exp is accepted, which is enough to develop and test against.
    lines['listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config'] =
      `org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub=${q(admin.username)};`;
  }
  if (p.ssl && o.tls) {
    lines['ssl.keystore.type'] = 'PKCS12';
    lines['ssl.keystore.location'] = o.tls.keystorePath;
    lines['ssl.keystore.password'] = o.tls.keystorePassword;
    lines['ssl.key.password'] = o.tls.keystorePassword;
    lines['ssl.client.auth'] = 'none';
  }
  // A controller-only node has no client listeners to advertise.
  if (node?.roles === 'controller') delete lines['advertised.listeners'];
  Object.assign(lines, o.extraConfig ?? {});
  return Object.entries(lines).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
}

const LOG4J_PROPERTIES = `log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.kafka.request.logger=WARN
`;

const LOG4J2_PROPERTIES = `status = error
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = STDOUT
logger.state.name = state.change.logger
logger.state.level = warn
`;

function paths(dir: string) {
  return {
    properties: join(dir, 'server.properties'),
    log: join(dir, 'broker.log'),
    state: join(dir, 'state.json'),
    data: join(dir, 'data'),
    log4j: join(dir, 'log4j.properties'),
  };
}

export function isAlive(pid: number): boolean {
  // kill(-1 or 0, 0) signals every process or the process group: never "alive" for a missing pid.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readState(dir: string): BrokerState | undefined {
  const f = paths(dir).state;
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(readFileSync(f, 'utf8')) as BrokerState;
  } catch {
    return undefined;
  }
}

/** The running broker in `dir`, or undefined (a stale state file from a crash counts as not running). */
export function runningBroker(dir: string): BrokerState | undefined {
  const s = readState(dir);
  return s && isAlive(s.pid) ? s : undefined;
}

export function portOpen(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ port, host });
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** A fresh KRaft cluster id (StorageTool random-uuid). */
export function newClusterId(java: string = javaBin(), lib: string = ensureKafkaJars()): string {
  const idRun = spawnSync(java, ['-cp', join(lib, '*'), 'kafka.tools.StorageTool', 'random-uuid'], { encoding: 'utf8' });
  const clusterId = idRun.stdout.trim().split('\n').pop() ?? '';
  if (idRun.status !== 0 || !clusterId) throw new KafkaError(`could not create a cluster id: ${idRun.stderr.trim().split('\n')[0] ?? ''}`);
  return clusterId;
}

function formatStorage(java: string, lib: string, o: StartOptions): void {
  const p = paths(o.dir);
  if (existsSync(join(p.data, 'meta.properties'))) return;
  const cp = join(lib, '*');
  const clusterId = o.node?.clusterId ?? newClusterId(java, lib);
  const args = ['-cp', cp, `-Dlog4j.configuration=file:${p.log4j}`, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', p.properties];
  for (const u of o.ports.sasl ? (o.saslUsers ?? []) : []) {
    for (const mech of ['SCRAM-SHA-256', 'SCRAM-SHA-512']) args.push('--add-scram', `${mech}=[name=${u.username},password=${u.password}]`);
  }
  const fmt = spawnSync(java, args, { encoding: 'utf8' });
  if (fmt.status !== 0) throw new KafkaError(`could not format the broker's storage: ${(fmt.stderr || fmt.stdout).trim().split('\n')[0]}`);
}

/** The ports this node listens on (a cluster's brokers share the controller's port, they do not open it). */
function ownPorts(o: StartOptions): Partial<BrokerPorts> {
  if (o.node?.roles === 'controller') return { controller: o.ports.controller };
  if (o.node?.roles === 'broker') return { ...o.ports, controller: undefined };
  return o.ports;
}

function readinessPort(o: StartOptions): number {
  return o.node?.roles === 'controller' ? o.ports.controller : o.ports.plaintext;
}

/** Starts the broker in the background and resolves once it accepts connections on its plaintext port. */
export async function startBroker(o: StartOptions): Promise<BrokerState> {
  const version = o.version ?? DEFAULT_KAFKA_VERSION;
  checkVersion(version);
  const running = runningBroker(o.dir);
  if (running) return running;
  for (const [name, port] of Object.entries(ownPorts(o))) {
    if (port && (await portOpen(port))) throw new KafkaError(`port ${port} (${name}) on 127.0.0.1 is already in use; choose another with --port`);
  }
  const java = javaBin();
  const lib = ensureKafkaJars(version, o.onProgress);
  mkdirSync(o.dir, { recursive: true });
  const p = paths(o.dir);
  writeFileSync(p.properties, serverProperties({ ...o, version }));
  writeFileSync(p.log4j, isMajor4(version) ? LOG4J2_PROPERTIES : LOG4J_PROPERTIES);
  formatStorage(java, lib, o);

  // A restart appends to the log: only a "started" line written after this point counts.
  const logStart = existsSync(p.log) ? statSync(p.log).size : 0;
  const logFd = openSync(p.log, 'a');
  const logProp = isMajor4(version) ? `-Dlog4j2.configurationFile=${p.log4j}` : `-Dlog4j.configuration=file:${p.log4j}`;
  const heap = o.heap ?? '768m';
  const child = spawn(
    java,
    [`-Xms${o.node ? '128m' : '256m'}`, `-Xmx${heap}`, '-XX:+UseG1GC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true', logProp, '-cp', join(lib, '*'), 'kafka.Kafka', p.properties],
    { detached: true, stdio: ['ignore', logFd, logFd] },
  );
  closeSync(logFd);
  child.unref();
  const pid = child.pid;
  if (!pid) throw new KafkaError('could not start java');
  const state: BrokerState = {
    pid,
    version,
    ports: o.ports,
    dir: o.dir,
    startedAt: new Date().toISOString(),
    bootstrap: `127.0.0.1:${o.ports.plaintext}`,
  };
  writeFileSync(p.state, JSON.stringify(state, null, 2) + '\n');

  const deadline = Date.now() + (o.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (!isAlive(pid)) throw new KafkaError(`the broker exited during start-up; last lines of ${p.log}:\n${tail(p.log)}`);
    if ((await portOpen(readinessPort(o))) && readFileSync(p.log).subarray(logStart).toString('utf8').includes('Kafka Server started')) return state;
    await sleep(100, o.signal);
    if (o.signal?.aborted) throw new KafkaError(`interrupted while the broker in ${o.dir} starts (it keeps starting; local stop stops it)`);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  throw new KafkaError(`the broker did not become ready within ${Math.round((o.timeoutMs ?? 90_000) / 1000)} s; see ${p.log}`);
}

/** Stops the broker in `dir` cleanly (SIGTERM), escalating to SIGKILL after `timeoutMs`. Returns false if none was running. */
export async function stopBroker(dir: string, timeoutMs = 30_000, signal?: AbortSignal): Promise<boolean> {
  const s = readState(dir);
  if (!s) return false;
  const stateFile = paths(dir).state;
  if (!isAlive(s.pid)) {
    rmSync(stateFile, { force: true });
    return false;
  }
  process.kill(s.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(s.pid) && Date.now() < deadline && !signal?.aborted) await sleep(100, signal);
  // Ctrl-C: stop waiting, without escalating; the broker still shuts down and its state file stays until it has.
  if (signal?.aborted) return true;
  if (isAlive(s.pid)) process.kill(s.pid, 'SIGKILL');
  while (isAlive(s.pid) && !signal?.aborted) await sleep(50, signal);
  rmSync(stateFile, { force: true });
  return true;
}

/** Kills the broker at once (SIGKILL), as a crash would. For fault tests. */
export async function killBroker(dir: string, signal?: AbortSignal): Promise<void> {
  const s = readState(dir);
  if (!s || !isAlive(s.pid)) return;
  process.kill(s.pid, 'SIGKILL');
  while (isAlive(s.pid) && !signal?.aborted) await sleep(50, signal);
}

export function brokerLogPath(dir: string): string {
  return paths(dir).log;
}

/** Size of the broker's data folder in bytes (for `local status`). */
export function dataSize(dir: string): number {
  const walk = (d: string): number => {
    if (!existsSync(d)) return 0;
    let n = 0;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const f = join(d, e.name);
      n += e.isDirectory() ? walk(f) : statSync(f).size;
    }
    return n;
  };
  return walk(paths(dir).data);
}
