/**
 * `kafka-cli cluster`: brokers (with racks), the KRaft controllers as the quorum reports them, and the
 * cluster's finalized features. In KRaft the controller id of a Metadata response is an arbitrary live broker,
 * so the active controller and the voters come from DescribeQuorum (brokers forward it to the controller).
 */
import type { KafkaClient } from '../client/client.js';
import { kafkaFailure, probe } from '../client/client.js';
import { send, supports, type InternalBroker } from '../protocol/index.js';
import { createInternalCluster, READ_UNCOMMITTED } from '../protocol/kafkajs.js';

export interface BrokerInfo {
  id: number;
  host: string;
  port: number;
  rack: string | null;
  /** The broker is fenced (Kafka 3.x+ DescribeCluster v2): registered but not serving. */
  fenced: boolean;
  /** This node is also the active controller (combined broker and controller). */
  isController: boolean;
}

export interface QuorumReplica {
  id: number;
  /** The controller listener, when the quorum reports it (DescribeQuorum v2, Kafka 3.9+). */
  host: string | null;
  port: number | null;
  logEndOffset: bigint;
  /** How far its log is behind the leader's high watermark. */
  lag: bigint;
  /** ms since the epoch; null when unknown. */
  lastCaughtUpTimestamp: number | null;
}

export interface QuorumInfo {
  leaderId: number;
  leaderEpoch: number;
  highWatermark: bigint;
  voters: QuorumReplica[];
  /** Brokers (and controllers not voting) that replicate the metadata log. */
  observers: QuorumReplica[];
}

export interface FeatureInfo {
  name: string;
  level: number;
  minLevel: number;
}

export interface ClusterInfo {
  clusterId: string;
  /** The active controller: the KRaft quorum leader, or the Metadata response's controller when there is no quorum to ask. */
  controller: number | null;
  brokers: BrokerInfo[];
  /** null: the cluster has no KRaft quorum to describe (ZooKeeper-mode or a broker that does not answer). */
  quorum: QuorumInfo | null;
  /** Finalized features (metadata.version, kraft.version, group.version, ...). */
  features: FeatureInfo[];
  /** metadata.version as a release name, e.g. 4.4-IV2. */
  metadataVersion: string | null;
}

/** metadata.version feature levels and their names (org.apache.kafka.server.common.MetadataVersion). */
const METADATA_VERSIONS = [
  '3.0-IV1', '3.1-IV0', '3.2-IV0', '3.3-IV0', '3.3-IV1', '3.3-IV2', '3.3-IV3', '3.4-IV0', '3.5-IV0', '3.5-IV1', '3.5-IV2',
  '3.6-IV0', '3.6-IV1', '3.6-IV2', '3.7-IV0', '3.7-IV1', '3.7-IV2', '3.7-IV3', '3.7-IV4', '3.8-IV0', '3.9-IV0',
  '4.0-IV0', '4.0-IV1', '4.0-IV2', '4.0-IV3', '4.1-IV0', '4.1-IV1', '4.2-IV0', '4.2-IV1', '4.3-IV0', '4.4-IV0',
  '4.4-IV1', '4.4-IV2', '4.5-IV0',
];

export function metadataVersionName(level: number): string | null {
  return METADATA_VERSIONS[level - 1] ?? null;
}

interface DescribedCluster {
  clusterId: string;
  controllerId: number;
  brokers: Array<{ brokerId: number; host: string; port: number; rack: string | null; isFenced: boolean }>;
}

export async function describeCluster(client: KafkaClient): Promise<ClusterInfo> {
  const cluster = createInternalCluster(client.kafka, { isolationLevel: READ_UNCOMMITTED });
  try {
    await probe(client.config, async () => {
      await cluster.connect();
      await cluster.refreshMetadata();
      // kafkajs takes a refused OAUTHBEARER token for success and ends with no brokers: fail as kafkajs's admin would.
      if (!cluster.brokerPool.metadata?.brokers?.length) throw Object.assign(new Error('No brokers in the broker pool'), { name: 'KafkaJSNonRetriableError' });
    });
    const nodes = cluster.brokerPool.metadata.brokers;
    const any = await cluster.findBroker({ nodeId: nodes[0]!.nodeId });
    const [described, quorum, features] = await Promise.all([describeBrokers(any), describeQuorum(any), finalizedFeatures(any)]);
    const controller = quorum?.leaderId ?? (described.controllerId >= 0 ? described.controllerId : null);
    const mv = features.find((f) => f.name === 'metadata.version');
    return {
      clusterId: described.clusterId,
      controller,
      brokers: described.brokers
        .map((b) => ({ id: b.brokerId, host: b.host, port: b.port, rack: b.rack ?? null, fenced: b.isFenced === true, isController: b.brokerId === controller }))
        .sort((a, b) => a.id - b.id),
      quorum,
      features,
      metadataVersion: mv ? metadataVersionName(mv.level) : null,
    };
  } catch (e) {
    throw kafkaFailure(e, client.config, 'describe cluster');
  } finally {
    await cluster.disconnect().catch(() => {});
  }
}

/** DescribeCluster (Kafka 2.8+): brokers with racks and fencing. */
async function describeBrokers(broker: InternalBroker): Promise<DescribedCluster> {
  const { response } = await send(broker, 'DescribeCluster', { includeClusterAuthorizedOperations: false, endpointType: 1, includeFencedBrokers: true });
  if (response.errorCode !== 0) throw new Error(response.errorMessage ?? `DescribeCluster error ${response.errorCode}`);
  return response;
}

/** DescribeQuorum of the metadata log; null when the broker cannot answer it (no KRaft). */
async function describeQuorum(broker: InternalBroker): Promise<QuorumInfo | null> {
  if (!supports(broker, 'DescribeQuorum')) return null;
  let response;
  try {
    ({ response } = await send(broker, 'DescribeQuorum', { topics: [{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] }] }));
  } catch {
    return null;
  }
  const p = response.topics[0]?.partitions[0];
  if (response.errorCode !== 0 || !p || p.errorCode !== 0) return null;
  const endpoints = new Map<number, { host: string; port: number }>();
  for (const n of response.nodes) {
    const l = n.listeners[0];
    if (l) endpoints.set(n.nodeId, { host: l.host, port: l.port });
  }
  const hw = p.highWatermark;
  const replica = (r: { replicaId: number; logEndOffset: bigint; lastCaughtUpTimestamp: bigint }): QuorumReplica => ({
    id: r.replicaId,
    host: endpoints.get(r.replicaId)?.host ?? null,
    port: endpoints.get(r.replicaId)?.port ?? null,
    logEndOffset: r.logEndOffset,
    lag: hw > r.logEndOffset ? hw - r.logEndOffset : 0n,
    lastCaughtUpTimestamp: r.lastCaughtUpTimestamp >= 0n ? Number(r.lastCaughtUpTimestamp) : null,
  });
  const byId = (a: QuorumReplica, b: QuorumReplica) => a.id - b.id;
  return {
    leaderId: p.leaderId,
    leaderEpoch: p.leaderEpoch,
    highWatermark: hw,
    voters: p.currentVoters.map(replica).sort(byId),
    observers: p.observers.map(replica).sort(byId),
  };
}

/**
 * Finalized features from ApiVersions v3+ (tagged fields); a feature the broker supports but nobody finalized
 * is at level 0 (as kafka-features describe prints it). Empty on older brokers.
 */
async function finalizedFeatures(broker: InternalBroker): Promise<FeatureInfo[]> {
  if (!supports(broker, 'ApiVersions', { minVersion: 3 })) return [];
  const { response } = await send(broker, 'ApiVersions', { clientSoftwareName: 'kafka-cli', clientSoftwareVersion: '1' }, { maxVersion: 3 });
  const out = new Map<string, FeatureInfo>();
  for (const f of response.supportedFeatures) out.set(f.name, { name: f.name, level: 0, minLevel: 0 });
  for (const f of response.finalizedFeatures) {
    out.set(f.name, { name: f.name, level: f.maxVersionLevel, minLevel: f.minVersionLevel });
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
