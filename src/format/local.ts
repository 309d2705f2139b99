/** `local status`: every local instance and its nodes, as text or JSON. */
import type { ChalkInstance } from 'chalk';
import type { ClusterStatus, NodeStatus } from '../local/cluster.js';
import { renderJson, renderTable } from './output.js';

export interface LocalInstanceView extends ClusterStatus {
  dataBytes: number;
  /** The Schema Registry started beside it (`local start --schema-registry`), when it runs. */
  schemaRegistry?: { url: string; version: string; pid: number };
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

function roleName(roles: string): string {
  return roles === 'broker,controller' ? 'broker+controller' : roles;
}

/** One header line per instance, then a row per node (id, role, address, pid, up/down). */
export function renderLocalStatus(instances: LocalInstanceView[], c: ChalkInstance): string {
  if (instances.length === 0) return 'not running\n';
  return instances
    .map((s) => {
      const up = s.nodes.filter((n) => n.up).length;
      const state = !s.running ? 'not running' : up === s.nodes.length ? 'running' : `degraded (${up} of ${s.nodes.length} nodes up)`;
      const head = `${s.dir}: ${state}, Kafka ${s.version}, bootstrap ${s.bootstrap}${s.startedAt && s.running ? `, since ${s.startedAt}` : ''}, data ${mib(s.dataBytes)}\n`;
      const rows = s.nodes.map((n) => [n.id, roleName(n.roles), n.address, n.pid, n.up ? c.green('up') : c.red('down')]);
      const reg = s.schemaRegistry ? `schema registry: ${s.schemaRegistry.url} (Apicurio ${s.schemaRegistry.version}, pid ${s.schemaRegistry.pid})\n` : '';
      return head + renderTable(['NODE', 'ROLE', 'ADDRESS', 'PID', 'STATUS'], rows, c) + reg;
    })
    .join('\n');
}

/** Stable JSON: `{ running, instances: [{ dir, running, version, bootstrap, startedAt, dataBytes, nodes: [...], schemaRegistry? }] }`. */
export function renderLocalStatusJson(instances: LocalInstanceView[]): string {
  return renderJson({
    running: instances.some((s) => s.running),
    instances: instances.map((s) => ({
      dir: s.dir,
      running: s.running,
      version: s.version,
      bootstrap: s.bootstrap,
      startedAt: s.running ? (s.startedAt ?? null) : null,
      dataBytes: s.dataBytes,
      nodes: s.nodes.map((n) => ({ id: n.id, roles: n.roles.split(','), address: n.address, pid: n.pid ?? null, up: n.up })),
      ...(s.schemaRegistry ? { schemaRegistry: s.schemaRegistry } : {}),
    })),
  });
}

/** `local start --node <id> -o json`: the node as started (`pid` left out when it is not up). */
export function localNodeJson(n: NodeStatus): unknown {
  return { id: n.id, roles: n.roles, address: n.address, ...(n.pid !== undefined ? { pid: n.pid } : {}), up: n.up, dir: n.dir };
}

/** `local start -o json`: `{ running, alreadyRunning, pid, version, dir, startedAt, bootstrap, nodes, schemaRegistry? }`. */
export function localStartJson(s: ClusterStatus, dir: string, alreadyRunning: boolean, registry?: { url: string; version: string; pid: number; alreadyRunning: boolean }): unknown {
  const first = s.nodes.find((n) => n.roles !== 'controller')!;
  return { running: true, alreadyRunning, pid: first.pid, version: s.version, dir, startedAt: s.startedAt, bootstrap: s.bootstrap, nodes: s.nodes.map(localNodeJson), ...(registry ? { schemaRegistry: registry } : {}) };
}
