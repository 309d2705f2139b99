/**
 * A real Confluent-compatible Schema Registry without Docker: Apicurio Registry from Maven Central,
 * in memory, its Confluent API at /apis/ccompat/v7. Used by `kafka-cli local start --schema-registry`,
 * by the test suite's global setup and by bench/.
 * Apicurio 3.x needs Java 21+; on a machine with only Java 17 the 2.6 line runs instead.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaError } from '../core/errors.js';
import { defaultCacheDir, isAlive } from './broker.js';
import { sleep } from '../kafka/client/sleep.js';

export const REGISTRY_VERSION = '3.3.3';
/** The newest line that runs on Java 17. */
export const REGISTRY_FALLBACK_VERSION = '2.6.13.Final';
export const DEFAULT_REGISTRY_PORT = 8081;

export interface Java {
  path: string;
  major: number;
}

export interface RegistryState {
  pid: number;
  version: string;
  java: string;
  javaMajor: number;
  port: number;
  managementPort: number;
  /** The Confluent-compatible API: what --schema-registry takes. */
  url: string;
  startedAt: string;
}

export interface RegistryStartOptions {
  dir: string;
  port: number;
  /** Apicurio 3.x serves health on a separate management port (it defaults to 0.0.0.0:9000: always set). */
  managementPort: number;
  /** Pick this registry version instead of the newest the machine's Java can run. */
  version?: string;
  timeoutMs?: number;
  onProgress?: (line: string) => void;
  /** Ctrl-C: stop waiting for readiness (the registry keeps starting; `local stop` stops it). */
  signal?: AbortSignal;
}

function javaMajor(java: string): number | undefined {
  const r = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(r.stderr);
  if (!m) return undefined;
  const first = Number(m[1]);
  return first === 1 ? Number(m[2]) : first;
}

/** Every Java on the machine (PATH, JAVA_HOME, /usr/lib/jvm/*), newest first. */
export function findJavas(env: NodeJS.ProcessEnv = process.env): Java[] {
  const candidates = new Set<string>(['java']);
  if (env.JAVA_HOME) candidates.add(join(env.JAVA_HOME, 'bin', 'java'));
  const jvm = '/usr/lib/jvm';
  if (existsSync(jvm)) for (const d of readdirSync(jvm)) if (existsSync(join(jvm, d, 'bin', 'java'))) candidates.add(join(jvm, d, 'bin', 'java'));
  const found: Java[] = [];
  for (const path of candidates) {
    const major = javaMajor(path);
    if (major !== undefined) found.push({ path, major });
  }
  return found.sort((a, b) => b.major - a.major);
}

/** The registry version and Java to run it with: 3.x on Java 21+, else the 2.6 line on Java 17. */
export function chooseRegistry(version?: string, env: NodeJS.ProcessEnv = process.env): { version: string; java: Java } {
  const javas = findJavas(env);
  const newest = javas[0];
  if (!newest) throw new KafkaError('no Java found: the Schema Registry needs Java 17 or later (21+ for Apicurio 3)');
  const wanted = version ?? (newest.major >= 21 ? REGISTRY_VERSION : REGISTRY_FALLBACK_VERSION);
  const needs = isV2(wanted) ? 17 : 21;
  // The oldest Java that is new enough: the registry line was built and tested against it.
  const java = [...javas].reverse().find((j) => j.major >= needs);
  if (!java) throw new KafkaError(`Apicurio Registry ${wanted} needs Java ${needs}+; the newest Java here is ${newest.major}`);
  return { version: wanted, java };
}

function isV2(version: string): boolean {
  return version.startsWith('2.');
}

/** A project for Maven to run the unpack goal in (its target/ takes the plugin's markers). */
const UNPACK_POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>kafka-cli.local</groupId><artifactId>apicurio-unpack</artifactId><version>1</version><packaging>pom</packaging>
</project>
`;

/** Unpacks the registry from Maven Central into the cache once; returns its folder. */
export function ensureRegistry(version: string, onProgress?: (l: string) => void, cacheDir = defaultCacheDir()): string {
  const home = join(cacheDir, `apicurio-${version}`);
  if (existsSync(join(home, 'quarkus-run.jar')) || readdirSafe(home).some((f) => f.endsWith('-runner.jar'))) return home;
  onProgress?.(`downloading Apicurio Registry ${version} from Maven Central (once) ...`);
  const tmp = `${home}.${process.pid}.tmp`;
  // Maven runs in a folder of its own with a pom: without one, the dependency plugin writes its markers to a
  // literal `${project.basedir}/target/` in whatever folder the user ran kafka-cli from. The folder goes away
  // afterwards, so a stale marker can never make a later unpack skip its work.
  const work = `${home}.${process.pid}.maven`;
  rmSync(tmp, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'pom.xml'), UNPACK_POM);
  let r: SpawnSyncReturns<string>;
  try {
    r = spawnSync(
      'mvn',
      ['-B', '-q', 'org.apache.maven.plugins:maven-dependency-plugin:3.6.1:unpack', `-Dartifact=io.apicurio:apicurio-registry-app:${version}:tar.gz:all`, `-DoutputDirectory=${tmp}`],
      { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    const why = r.error ? r.error.message : (r.stdout + r.stderr).trim().split('\n').slice(-3).join(' ');
    throw new KafkaError(`could not fetch Apicurio Registry ${version} with Maven: ${why}`);
  }
  // The archive may hold the files at its root or in one folder (quarkus-app/).
  const inner = readdirSafe(tmp);
  const src = inner.length === 1 && !inner[0]!.endsWith('.jar') ? join(tmp, inner[0]!) : tmp;
  renameSync(src, home);
  rmSync(tmp, { recursive: true, force: true });
  return home;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function statePath(dir: string): string {
  return join(dir, 'registry.json');
}

export function registryLogPath(dir: string): string {
  return join(dir, 'registry.log');
}

export function runningRegistry(dir: string): RegistryState | undefined {
  try {
    const s = JSON.parse(readFileSync(statePath(dir), 'utf8')) as RegistryState;
    return isAlive(s.pid) ? s : undefined;
  } catch {
    return undefined;
  }
}

async function httpOk(url: string, init?: RequestInit): Promise<boolean> {
  try {
    const r = await fetch(url, { ...init, signal: AbortSignal.timeout(1000) });
    await r.arrayBuffer();
    return r.ok;
  } catch {
    return false;
  }
}

/** Starts the registry in the background and waits until it is ready (in memory: a restart forgets every schema). */
export async function startRegistry(o: RegistryStartOptions): Promise<RegistryState> {
  const { state, ready } = launchRegistry(o);
  await ready;
  return state;
}

/** Starts the registry process and returns at once; `ready` settles when it answers (or failed to start). */
export function launchRegistry(o: RegistryStartOptions): { state: RegistryState; ready: Promise<void> } {
  const { version, java } = chooseRegistry(o.version);
  const home = ensureRegistry(version, o.onProgress);
  mkdirSync(o.dir, { recursive: true });
  const v2 = isV2(version);
  const jar = v2 ? join(home, readdirSafe(home).find((f) => f.endsWith('-runner.jar')) ?? 'runner.jar') : join(home, 'quarkus-run.jar');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    QUARKUS_HTTP_HOST: '127.0.0.1',
    QUARKUS_HTTP_PORT: String(o.port),
    HTTP_PORT: String(o.port),
    QUARKUS_MANAGEMENT_HOST: '127.0.0.1',
    QUARKUS_MANAGEMENT_PORT: String(o.managementPort),
    APICURIO_RULES_GLOBAL_COMPATIBILITY: 'BACKWARD',
  };
  const log = openSync(registryLogPath(o.dir), 'w');
  const child = spawn(java.path, ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar', jar], { detached: true, stdio: ['ignore', log, log], env, cwd: o.dir });
  closeSync(log);
  child.unref();
  const pid = child.pid;
  if (!pid) throw new KafkaError('could not start java for the Schema Registry');
  const base = `http://127.0.0.1:${o.port}`;
  const state: RegistryState = { pid, version, java: java.path, javaMajor: java.major, port: o.port, managementPort: o.managementPort, url: `${base}/apis/ccompat/v7`, startedAt: new Date().toISOString() };
  writeFileSync(statePath(o.dir), JSON.stringify(state, null, 2) + '\n');
  return { state, ready: waitReady(o, state, v2) };
}

async function waitReady(o: RegistryStartOptions, state: RegistryState, v2: boolean): Promise<void> {
  const { pid } = state;
  const base = `http://127.0.0.1:${o.port}`;
  const ready = v2 ? `${base}/health/ready` : `http://127.0.0.1:${o.managementPort}/health/ready`;
  const deadline = Date.now() + (o.timeoutMs ?? 90_000);
  while (!(await httpOk(ready))) {
    if (!isAlive(pid)) throw new KafkaError(`the Schema Registry exited during start-up; see ${registryLogPath(o.dir)}`);
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      throw new KafkaError(`the Schema Registry did not become ready in time; see ${registryLogPath(o.dir)}`);
    }
    await sleep(200, o.signal);
    if (o.signal?.aborted) throw new KafkaError(`interrupted while the Schema Registry starts (it keeps starting; local stop stops it)`);
  }
  // Apicurio 2.x's Confluent /config ignores the env setting: set the global compatibility through the API.
  if (v2) {
    await httpOk(`${state.url}/config`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ compatibility: 'BACKWARD' }) });
  }
}

export async function stopRegistry(dir: string, timeoutMs = 20_000, signal?: AbortSignal): Promise<boolean> {
  const s = runningRegistry(dir);
  if (!s) return false;
  process.kill(s.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(s.pid) && Date.now() < deadline && !signal?.aborted) await sleep(100, signal);
  // Ctrl-C: stop waiting, without escalating; the state file stays while it shuts down.
  if (signal?.aborted) return true;
  if (isAlive(s.pid)) process.kill(s.pid, 'SIGKILL');
  rmSync(statePath(dir), { force: true });
  return true;
}
