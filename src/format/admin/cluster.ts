/** `kafka-cli cluster` views: pure, no Kafka. */
import type { ChalkInstance } from 'chalk';
import type { ClusterInfo, QuorumReplica } from '../../kafka/admin/cluster.js';
import { formatAge } from '../lag.js';
import { position, renderTable, type Cell } from '../output.js';

export function clusterHeadline(c: ClusterInfo): string {
  const n = c.brokers.length;
  const mode = c.quorum ? 'KRaft' : 'no KRaft quorum reported';
  const mv = c.metadataVersion ? `, metadata.version ${c.metadataVersion}` : '';
  return `Cluster ${c.clusterId}: ${n} broker${n === 1 ? '' : 's'}, active controller ${c.controller ?? '-'} (${mode}${mv})`;
}

export function toBrokerRows(c: ClusterInfo): Cell[][] {
  return c.brokers.map((b) => [b.isController ? `${b.id}*` : String(b.id), b.host, b.port, b.rack ?? '-', b.fenced ? 'fenced' : 'up']);
}

export function toControllerRows(c: ClusterInfo, now = Date.now()): Cell[][] {
  if (!c.quorum) return [];
  const q = c.quorum;
  const row = (r: QuorumReplica, role: string): Cell[] => [
    r.id === q.leaderId ? `${r.id}*` : String(r.id),
    role === 'voter' && r.id === q.leaderId ? 'leader' : role,
    r.host ?? '-',
    r.port ?? '-',
    r.logEndOffset,
    r.lag,
    r.lastCaughtUpTimestamp === null ? '-' : `${formatAge(Math.max(0, now - r.lastCaughtUpTimestamp))} ago`,
  ];
  return q.voters.map((r) => row(r, 'voter'));
}

export function toFeatureRows(c: ClusterInfo): Cell[][] {
  return c.features.map((f) => [f.name, f.name === 'metadata.version' && c.metadataVersion ? `${f.level} (${c.metadataVersion})` : f.level]);
}

export function renderClusterTable(c: ClusterInfo, color: ChalkInstance, now = Date.now()): string {
  let s = `${clusterHeadline(c)}\n\n` + renderTable(['BROKER', 'HOST', 'PORT', 'RACK', 'STATUS'], toBrokerRows(c), color);
  if (c.quorum) {
    const q = c.quorum;
    s += `\nKRaft controllers (leader epoch ${q.leaderEpoch}, high watermark ${q.highWatermark}; ${q.observers.length} observer${q.observers.length === 1 ? '' : 's'})\n`;
    s += renderTable(['CONTROLLER', 'ROLE', 'HOST', 'PORT', 'LOG-END', 'LAG', 'CAUGHT-UP'], toControllerRows(c, now), color);
  }
  if (c.features.length) s += '\n' + renderTable(['FEATURE', 'LEVEL'], toFeatureRows(c), color);
  return s;
}

const replicaJson = (r: QuorumReplica) => ({
  id: r.id,
  host: r.host,
  port: r.port,
  logEndOffset: position(r.logEndOffset),
  lag: r.lag,
  lastCaughtUpTimestamp: r.lastCaughtUpTimestamp === null ? null : new Date(r.lastCaughtUpTimestamp).toISOString(),
});

/** `cluster -o json`: int64 offsets as strings, lags as exact integers (the project's int64 convention). */
export function toClusterJson(c: ClusterInfo): unknown {
  return {
    clusterId: c.clusterId,
    controller: c.controller,
    metadataVersion: c.metadataVersion,
    brokers: c.brokers.map((b) => ({ id: b.id, host: b.host, port: b.port, rack: b.rack, fenced: b.fenced, isController: b.isController })),
    quorum: c.quorum && {
      leaderId: c.quorum.leaderId,
      leaderEpoch: c.quorum.leaderEpoch,
      highWatermark: position(c.quorum.highWatermark),
      voters: c.quorum.voters.map(replicaJson),
      observers: c.quorum.observers.map(replicaJson),
    },
    features: c.features.map((f) => ({ name: f.name, level: f.level, minLevel: f.minLevel })),
  };
}
