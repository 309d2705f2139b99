/**
 * A local Kafka cluster of 1 to 5 brokers from the Maven Central jars, built on broker.ts (one process per node).
 * One node: the classic combined broker+controller in the data dir itself (as before). Several: a dedicated
 * controller (node 0) plus brokers 1..N, each in its own sub-folder, so stopping or killing brokers never loses
 * the controller quorum. `cluster.json` in the data dir records the plan, so one node can be restarted alone.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaError, UsageError } from '../core/errors.js';
import {
  DEFAULT_KAFKA_VERSION,
  ensureKafkaJars,
  isAlive,
  portOpen,
  killBroker,
  newClusterId,
  readState,
  startBroker,
  stopBroker,
  type BrokerPorts,
  type SaslUser,
  type StartOptions,
} from './broker.js';

export const MAX_NODES = 5;
/** Heap per node: three brokers and the controller stay under ~2 GB of heap, comfortable on an 8 GB laptop. */
export const BROKER_HEAP = '512m';
export const CONTROLLER_HEAP = '256m';
export const SINGLE_NODE_HEAP = '768m';

export type NodeRoles = 'broker' | 'controller' | 'broker,controller';

export interface NodePlan {
  id: number;
  roles: NodeRoles;
  /** Folder of this node, relative to the cluster's data dir ('.' for a single node). */
  subdir: string;
  ports: BrokerPorts;
  heap: string;
}

export interface ClusterPlan {
  version: string;
  clusterId?: string;
  createdAt: string;
  nodes: NodePlan[];
  /** server.properties lines every node gets (replication settings that fit the cluster's size, test tweaks). */
  config: Record<string, string>;
  initialRebalanceDelayMs: number;
  saslUsers?: SaslUser[];
}

export interface PlanOptions {
  nodes: number;
  version?: string;
  /** First broker's plaintext port; the others follow it. */
  port: number;
  /** Controller port; default the port after the last broker. */
  controllerPort?: number;
  /** Explicit per-broker ports (tests use free ports, not consecutive ones); overrides `port`. */
  brokerPorts?: Array<Omit<BrokerPorts, 'controller'>>;
  initialRebalanceDelayMs?: number;
  saslUsers?: SaslUser[];
  extraConfig?: Record<string, string>;
}

export interface NodeStatus {
  id: number;
  roles: NodeRoles;
  /** host:port clients (or, for the controller, brokers) connect to. */
  address: string;
  pid?: number;
  up: boolean;
  dir: string;
}

export interface ClusterStatus {
  dir: string;
  version: string;
  running: boolean;
  /** Comma-separated broker addresses. */
  bootstrap: string;
  startedAt?: string;
  nodes: NodeStatus[];
}

function isMajor4(version: string): boolean {
  return Number(version.split('.')[0]) >= 4;
}

/** Replication settings that fit N brokers: RF min(3, N), min.insync.replicas 2 from three brokers on. */
export function replicationConfig(brokers: number, version: string): Record<string, string> {
  const rf = String(Math.min(3, brokers));
  const minIsr = String(brokers >= 3 ? 2 : 1);
  const c: Record<string, string> = {
    'default.replication.factor': rf,
    'min.insync.replicas': minIsr,
    'offsets.topic.replication.factor': rf,
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': minIsr,
  };
  if (isMajor4(version)) {
    c['share.coordinator.state.topic.replication.factor'] = rf;
    c['share.coordinator.state.topic.min.isr'] = minIsr;
  }
  return c;
}

/** What to start: pure, so the port layout and settings are unit-tested. */
export function planCluster(o: PlanOptions): ClusterPlan {
  if (!Number.isInteger(o.nodes) || o.nodes < 1 || o.nodes > MAX_NODES) throw new UsageError(`--nodes must be 1 to ${MAX_NODES}, not ${o.nodes}`);
  const version = o.version ?? DEFAULT_KAFKA_VERSION;
  const brokerPorts = o.brokerPorts ?? Array.from({ length: o.nodes }, (_, i) => ({ plaintext: o.port + i }));
  const controller = o.controllerPort ?? (o.brokerPorts ? undefined : o.port + o.nodes);
  if (!controller) throw new UsageError('a controller port is needed');
  const last = brokerPorts[brokerPorts.length - 1]!.plaintext;
  if (!o.brokerPorts && last > 65535) throw new UsageError(`ports ${o.port} to ${controller} do not fit below 65536; choose a lower --port`);
  if (controller > 65535) throw new UsageError(`controller port ${controller} is above 65535; choose a lower --port`);
  const base = {
    version,
    createdAt: new Date().toISOString(),
    initialRebalanceDelayMs: o.initialRebalanceDelayMs ?? 3000,
    saslUsers: o.saslUsers,
  };
  if (o.nodes === 1) {
    return { ...base, config: { ...o.extraConfig }, nodes: [{ id: 1, roles: 'broker,controller', subdir: '.', ports: { ...brokerPorts[0]!, controller }, heap: SINGLE_NODE_HEAP }] };
  }
  const nodes: NodePlan[] = [{ id: 0, roles: 'controller', subdir: 'controller-0', ports: { ...brokerPorts[0]!, controller }, heap: CONTROLLER_HEAP }];
  brokerPorts.forEach((p, i) => nodes.push({ id: i + 1, roles: 'broker', subdir: `broker-${i + 1}`, ports: { ...p, controller }, heap: BROKER_HEAP }));
  return { ...base, config: { ...replicationConfig(o.nodes, version), ...o.extraConfig }, nodes };
}

const PLAN_FILE = 'cluster.json';

/** The plan of the cluster in `dir`; a data dir from before `--nodes` (no cluster.json) is a single node. */
export function readPlan(dir: string): ClusterPlan | undefined {
  const f = join(dir, PLAN_FILE);
  if (existsSync(f)) {
    try {
      return JSON.parse(readFileSync(f, 'utf8')) as ClusterPlan;
    } catch {
      throw new KafkaError(`${f} is not valid JSON; remove it or choose another --data-dir`);
    }
  }
  const s = readState(dir);
  if (!s) return undefined;
  return {
    version: s.version,
    createdAt: s.startedAt,
    config: {},
    initialRebalanceDelayMs: 3000,
    nodes: [{ id: 1, roles: 'broker,controller', subdir: '.', ports: s.ports, heap: SINGLE_NODE_HEAP }],
  };
}

function nodeDir(dir: string, n: NodePlan): string {
  return n.subdir === '.' ? dir : join(dir, n.subdir);
}

function voters(plan: ClusterPlan): string {
  return plan.nodes.filter((n) => n.roles !== 'broker').map((n) => `${n.id}@127.0.0.1:${n.ports.controller}`).join(',');
}

function nodeOptions(dir: string, plan: ClusterPlan, n: NodePlan, onProgress?: (l: string) => void, signal?: AbortSignal): StartOptions {
  const o: StartOptions = {
    dir: nodeDir(dir, n),
    version: plan.version,
    ports: n.ports,
    heap: n.heap,
    saslUsers: plan.saslUsers,
    initialRebalanceDelayMs: plan.initialRebalanceDelayMs,
    extraConfig: plan.config,
    timeoutMs: 120_000,
    onProgress,
    signal,
  };
  if (n.roles !== 'broker,controller') o.node = { id: n.id, roles: n.roles, voters: voters(plan), clusterId: plan.clusterId! };
  return o;
}

function findNode(plan: ClusterPlan, id: number, dir: string): NodePlan {
  const n = plan.nodes.find((x) => x.id === id);
  if (!n) throw new UsageError(`no node ${id} in the local cluster in ${dir} (nodes: ${plan.nodes.map((x) => x.id).join(', ')})`);
  return n;
}

/** The plan in `dir` if it holds several nodes (its nodes and ports win: a restart keeps the cluster as it was), else `wanted`, saved. */
function settlePlan(dir: string, wanted: ClusterPlan): ClusterPlan {
  const existing = readPlan(dir);
  // A stopped single node takes today's flags (port, version) at every start, as before cluster.json existed.
  if (existing && (wanted.nodes.length > 1 || existing.nodes.some((n) => isAlive(readState(nodeDir(dir, n))?.pid ?? -1)))) return existing;
  const plan = { ...wanted };
  if (plan.nodes.length > 1) plan.clusterId = newClusterId(undefined, ensureKafkaJars(plan.version));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, PLAN_FILE), JSON.stringify(plan, null, 2) + '\n');
  return plan;
}

/**
 * Starts every node that is not running (controller first, then the brokers side by side) and returns the status.
 * A data dir that already holds a cluster is restarted as it was planned; asking for another size is a usage error.
 */
export async function startCluster(dir: string, wanted: ClusterPlan, onProgress?: (l: string) => void, signal?: AbortSignal): Promise<ClusterStatus> {
  const before = readPlan(dir);
  if (before && before.nodes.filter((n) => n.roles !== 'controller').length !== wanted.nodes.filter((n) => n.roles !== 'controller').length) {
    const had = before.nodes.filter((n) => n.roles !== 'controller').length;
    throw new UsageError(`${dir} holds a ${had}-node cluster; start it with --nodes ${had}, or choose another --data-dir`);
  }
  ensureKafkaJars(wanted.version, onProgress);
  const dirExisted = existsSync(dir);
  if (!before) await checkPortsFree(wanted);
  const plan = settlePlan(dir, wanted);
  try {
    const controllers = plan.nodes.filter((n) => n.roles === 'controller');
    for (const n of controllers) await startBroker(nodeOptions(dir, plan, n, onProgress, signal));
    await Promise.all(plan.nodes.filter((n) => n.roles !== 'controller').map((n) => startBroker(nodeOptions(dir, plan, n, onProgress, signal))));
  } catch (e) {
    if (!before) await forgetFailedStart(dir, plan, dirExisted);
    throw e;
  }
  return clusterStatus(dir)!;
}

/** Before anything is written for a new cluster: every port it would open must be free. */
async function checkPortsFree(plan: ClusterPlan): Promise<void> {
  const seen = new Set<number>();
  for (const n of plan.nodes) {
    const own = n.roles === 'controller' ? { controller: n.ports.controller } : n.roles === 'broker' ? { ...n.ports, controller: undefined } : n.ports;
    for (const [name, port] of Object.entries(own)) {
      if (!port || seen.has(port)) continue;
      seen.add(port);
      if (await portOpen(port)) throw new KafkaError(`port ${port} (${name}) on 127.0.0.1 is already in use; choose another with --port`);
    }
  }
}

/** A first start that failed leaves nothing behind: its nodes stopped, its plan and (a dir it made) removed, so the next flags win. */
async function forgetFailedStart(dir: string, plan: ClusterPlan, dirExisted: boolean): Promise<void> {
  for (const n of plan.nodes) await stopBroker(nodeDir(dir, n), 5000).catch(() => false);
  if (!dirExisted) {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  rmSync(join(dir, PLAN_FILE), { force: true });
  for (const n of plan.nodes) if (n.subdir !== '.') rmSync(join(dir, n.subdir), { recursive: true, force: true });
}

/** Starts one node of the cluster in `dir` (after `stopNode`/`killNode`). */
export async function startNode(dir: string, id: number, signal?: AbortSignal): Promise<NodeStatus> {
  const plan = mustPlan(dir);
  const n = findNode(plan, id, dir);
  await startBroker(nodeOptions(dir, plan, n, undefined, signal));
  return nodeStatus(dir, n);
}

/** Stops one node cleanly (SIGTERM); false if it was not running. */
export async function stopNode(dir: string, id: number, signal?: AbortSignal): Promise<boolean> {
  const plan = mustPlan(dir);
  return stopBroker(nodeDir(dir, findNode(plan, id, dir)), undefined, signal);
}

/** Kills one node at once (SIGKILL), as a crash would; false if it was not running. */
export async function killNode(dir: string, id: number, signal?: AbortSignal): Promise<boolean> {
  const plan = mustPlan(dir);
  const d = nodeDir(dir, findNode(plan, id, dir));
  const s = readState(d);
  if (!s || !isAlive(s.pid)) return false;
  await killBroker(d, signal);
  await stopBroker(d, 1000, signal); // clears the state file
  return true;
}

/** Stops every node: brokers first (side by side), the controller last so the brokers can shut down cleanly. */
export async function stopCluster(dir: string, signal?: AbortSignal): Promise<boolean> {
  const plan = readPlan(dir);
  if (!plan) return false;
  const brokers = await Promise.all(plan.nodes.filter((n) => n.roles !== 'controller').map((n) => stopBroker(nodeDir(dir, n), undefined, signal)));
  const controllers = await Promise.all(plan.nodes.filter((n) => n.roles === 'controller').map((n) => stopBroker(nodeDir(dir, n), undefined, signal)));
  return [...brokers, ...controllers].some(Boolean);
}

function mustPlan(dir: string): ClusterPlan {
  const plan = readPlan(dir);
  if (!plan) throw new KafkaError(`no local cluster in ${dir} (start one with: kafka-cli local start --nodes 3)`);
  return plan;
}

function nodeStatus(dir: string, n: NodePlan): NodeStatus {
  const d = nodeDir(dir, n);
  const s = readState(d);
  const up = !!s && isAlive(s.pid);
  const port = n.roles === 'controller' ? n.ports.controller : n.ports.plaintext;
  return { id: n.id, roles: n.roles, address: `127.0.0.1:${port}`, pid: up ? s!.pid : undefined, up, dir: d };
}

/** Every node of the cluster in `dir`, up or down; undefined when `dir` holds no cluster. */
export function clusterStatus(dir: string): ClusterStatus | undefined {
  const plan = readPlan(dir);
  if (!plan) return undefined;
  const nodes = plan.nodes.map((n) => nodeStatus(dir, n));
  const brokers = nodes.filter((n) => n.roles !== 'controller');
  const started = plan.nodes.map((n) => readState(nodeDir(dir, n))?.startedAt).filter((x): x is string => !!x).sort()[0];
  return {
    dir,
    version: plan.version,
    running: nodes.some((n) => n.up),
    bootstrap: brokers.map((n) => n.address).join(','),
    startedAt: started,
    nodes,
  };
}

/** Where each node writes its log. */
export function nodeLogPath(dir: string, id?: number): string {
  const plan = mustPlan(dir);
  const n = id === undefined ? plan.nodes.find((x) => x.roles !== 'controller')! : findNode(plan, id, dir);
  return join(nodeDir(dir, n), 'broker.log');
}
